"""The one way views reach follow-up objects. Recommendations and sent bulletins are public;
drafts of bulletins only for those who edit them."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions, queries
from .models import Addressee, Bulletin, BulletinStatus, ProgressUpdate, Recommendation


def access_recommendation(
    user: Any, recommendation_id: Any, *, for_write: bool = False
) -> Recommendation:
    recommendation = queries.recommendation_detail(id_or_404(recommendation_id))
    if recommendation is None:
        raise Http404
    return recommendation


def access_addressee(user: Any, addressee_id: Any, *, for_write: bool = False) -> Addressee:
    addressee = (
        Addressee.objects.select_related("recommendation__review", "country", "institution")
        .filter(pk=id_or_404(addressee_id))
        .first()
    )
    if addressee is None:
        raise Http404
    if for_write and not permissions.can_speak_for(user, addressee):
        raise PermissionDenied
    return addressee


def access_update(user: Any, update_id: Any) -> ProgressUpdate:
    update = (
        ProgressUpdate.objects.select_related("addressee__recommendation__review")
        .filter(pk=id_or_404(update_id))
        .first()
    )
    if update is None:
        raise Http404
    return update


def access_bulletin(user: Any, bulletin_id: Any, *, for_write: bool = False) -> Bulletin:
    bulletin = Bulletin.objects.select_related("review").filter(pk=id_or_404(bulletin_id)).first()
    if bulletin is None:
        raise Http404
    editor = permissions.can_edit_bulletin(user, bulletin.review)
    if bulletin.status != BulletinStatus.SENT and not editor:
        raise Http404
    if for_write and not editor:
        raise PermissionDenied
    return bulletin

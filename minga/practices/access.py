"""The one way views reach practices, their clarifications and adoptions.

Published practices are public. Any other status (submitted, in review, clarification
requested, not retained, draft) is visible only to the submitter, the assigned reviewers and
UN delegates / committee members; everybody else gets a 404 (its existence does not leak).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import Adoption, Clarification, Practice


def access_practice(user: Any, practice_id: Any, *, for_write: bool = False) -> Practice:
    """``for_write``: the person must be able to see it unpublished (submitter, reviewer,
    assigner); the actions check the precise permission."""
    practice = (
        Practice.objects.select_related("submitted_by", "contact_organization__headquarters")
        .filter(pk=id_or_404(practice_id))
        .first()
    )
    if practice is None:
        raise Http404
    if not practice.is_published and not permissions.can_see_unpublished(user, practice):
        raise Http404
    if for_write and not permissions.can_see_unpublished(user, practice):
        raise PermissionDenied
    return practice


def access_clarification(user: Any, practice: Practice, clarification_id: Any) -> Clarification:
    clarification = Clarification.objects.filter(
        pk=id_or_404(clarification_id), practice=practice
    ).first()
    if clarification is None:
        raise Http404
    clarification.practice = practice
    return clarification


def access_adoption(user: Any, practice: Practice, adoption_id: Any) -> Adoption:
    adoption = Adoption.objects.filter(pk=id_or_404(adoption_id), practice=practice).first()
    if adoption is None:
        raise Http404
    adoption.practice = practice
    return adoption

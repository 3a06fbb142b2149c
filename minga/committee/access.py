"""The one way views reach calls and nominations.

Calls of published reviews are public; their nominations and votes are for the review's
committee members and UN delegates (``for_write``). Malformed or unknown ids are a 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import Call, CommitteeMember, Nomination


def access_call(user: Any, call_id: Any, *, for_write: bool = False) -> Call:
    call = (
        Call.objects.public()
        .select_related("session__review", "opened_by", "decided_by", "confirmed_by")
        .filter(pk=id_or_404(call_id))
        .first()
    )
    if call is None:
        raise Http404
    if for_write and not permissions.can_see_nominations(user, call.session.review):
        raise PermissionDenied
    return call


def access_nomination(user: Any, nomination_id: Any, *, for_write: bool = False) -> Nomination:
    """Nominations are seen by the committee and UN delegates of the review only."""
    nomination = (
        Nomination.objects.select_related("call__session__review", "organization", "nominee")
        .filter(pk=id_or_404(nomination_id), call__session__review__is_published=True)
        .first()
    )
    if nomination is None:
        raise Http404
    if not permissions.can_see_nominations(user, nomination.call.session.review):
        raise PermissionDenied
    return nomination


def access_seat(user: Any, seat_id: Any, review: Any) -> CommitteeMember:
    """A seat of the current review's committee, for those who manage seats (404 otherwise
    unknown, 403 when not allowed); the action checks what exactly they may change."""
    seat = (
        CommitteeMember.objects.select_related("review", "person", "role_assignment")
        .filter(pk=id_or_404(seat_id), review=review)
        .first()
    )
    if seat is None:
        raise Http404
    if not permissions.can_manage_seats(user, review):
        raise PermissionDenied
    return seat

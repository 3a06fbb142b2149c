"""The one way views reach organizations, memberships and accreditations.

Each helper raises Http404 when the object does not exist (or the id is malformed) and
PermissionDenied when the user may not act on it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.accounts import permissions
from minga.core.ids import id_or_404

from .models import Accreditation, Membership, Organization


def access_organization(user: Any, slug: str, *, for_write: bool = False) -> Organization:
    """Any organization is public; writing needs an approved representative or a platform
    admin."""
    organization = Organization.objects.select_related("headquarters").filter(slug=slug).first()
    if organization is None:
        raise Http404
    if for_write and not permissions.can_edit_organization(user, organization):
        raise PermissionDenied
    return organization


def access_membership(user: Any, membership_id: Any, *, for_write: bool = False) -> Membership:
    """A membership is seen by its person and the organization's managers; decided only by
    the managers."""
    membership = (
        Membership.objects.select_related("organization", "person")
        .filter(pk=id_or_404(membership_id))
        .first()
    )
    if membership is None:
        raise Http404
    may_manage = permissions.can_manage_members(user, membership.organization)
    if for_write and not may_manage:
        raise PermissionDenied
    if not may_manage and membership.person_id != getattr(user, "pk", None):
        raise PermissionDenied
    return membership


def access_accreditation(
    user: Any, accreditation_id: Any, *, for_write: bool = False
) -> Accreditation:
    """An application is seen by the organization's representatives and by those who decide
    for the review; decided only by the latter."""
    accreditation = (
        Accreditation.objects.select_related("organization", "review")
        .filter(pk=id_or_404(accreditation_id))
        .first()
    )
    if accreditation is None:
        raise Http404
    may_decide = permissions.can_decide_accreditation(user, accreditation.review)
    if for_write and not may_decide:
        raise PermissionDenied
    if not may_decide and not permissions.can_apply_accreditation(user, accreditation.organization):
        raise PermissionDenied
    return accreditation

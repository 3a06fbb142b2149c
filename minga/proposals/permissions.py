"""Who may do what with proposals, built on minga.accounts.permissions (the only role checks)."""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role


def can_answer_proposal(user: Any) -> bool:
    """UN delegates and Civil Society Committee members, with MFA (has_role checks it)."""
    return permissions.has_role(user, Role.UN_DELEGATE) or permissions.has_role(
        user, Role.COMMITTEE_MEMBER
    )


def can_moderate_proposals(user: Any) -> bool:
    from minga.moderation.permissions import can_moderate

    return bool(can_moderate(user))


def can_endorse_for(user: Any, organization: Any) -> bool:
    """Only an approved representative endorses in an organization's name."""
    return permissions.is_organization_representative(user, organization)


def can_present_as(user: Any, organization: Any) -> bool:
    """A proposal may be shown under an organization's name by its approved members."""
    return permissions.is_organization_member(user, organization)


def can_edit_proposal(user: Any, proposal: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return proposal.author_id == user.pk or can_moderate_proposals(user)


def can_see_hidden_proposal(user: Any, proposal: Any) -> bool:
    return can_edit_proposal(user, proposal)

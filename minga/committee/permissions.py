"""Who may do what in the committee, built on minga.accounts.permissions (the only role checks).

Committee members hold ``Role.COMMITTEE_MEMBER`` for the review (privileged: counts only with
MFA); the chair is a member whose committee seat is marked chair.
"""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role
from minga.stakeholders.models import MembershipStatus


def is_member(user: Any, review: Any) -> bool:
    return permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)


def is_un_delegate(user: Any, review: Any) -> bool:
    return permissions.has_role(user, Role.UN_DELEGATE, review=review)


def is_chair(user: Any, review: Any) -> bool:
    if not is_member(user, review):
        return False
    from .models import CommitteeMember

    return CommitteeMember.objects.filter(review=review, person=user, is_chair=True).exists()


def can_manage_committee(user: Any) -> bool:
    """Composition follows the role it grants: platform administrators (with MFA)."""
    return permissions.can_manage_roles(user)


def can_manage_seats(user: Any, review: Any) -> bool:
    """Who may open the seats page: platform administrators, and the review's chair (who may
    only add and remove ordinary members and set focal regions)."""
    return can_manage_committee(user) or is_chair(user, review)


def can_use_workspace(user: Any, review: Any) -> bool:
    """The private workspace: committee members, and the UN delegates who confirm slates."""
    return is_member(user, review) or is_un_delegate(user, review)


def sits_anywhere(user: Any) -> bool:
    """Whether to show the workspace link: a committee member or UN delegate of any review."""
    if not permissions.is_privileged(user):
        return False
    return permissions.has_role(user, Role.COMMITTEE_MEMBER) or permissions.has_role(
        user, Role.UN_DELEGATE
    )


def can_open_call(user: Any, review: Any) -> bool:
    return is_member(user, review)


def can_see_nominations(user: Any, review: Any) -> bool:
    return is_member(user, review) or is_un_delegate(user, review)


def can_compose_slate(user: Any, review: Any) -> bool:
    return is_chair(user, review)


def can_confirm_selection(user: Any, review: Any) -> bool:
    return is_un_delegate(user, review)


def can_nominate_for(user: Any, organization: Any, *, accredited: bool) -> bool:
    """An approved representative of an organization accredited to the call's review."""
    return accredited and permissions.is_organization_representative(user, organization)


def shares_organization(user: Any, organization: Any, seat_organization_id: int | None) -> bool:
    """The voter belongs to the nominating organization (approved membership, or their
    committee seat is for it): they may not score its nominations."""
    if seat_organization_id is not None and seat_organization_id == organization.pk:
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.memberships.filter(
            organization=organization, status=MembershipStatus.APPROVED
        ).exists()
    )

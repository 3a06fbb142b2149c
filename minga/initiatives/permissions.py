"""Who may do what with initiatives, built on minga.accounts.permissions (the only role checks).

Privileged roles (UN delegate, State focal point) count only with MFA: ``has_role`` checks it.
"""

from collections.abc import Iterable
from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role


def is_un_delegate(user: Any) -> bool:
    return permissions.has_role(user, Role.UN_DELEGATE)


def is_focal_point_of(user: Any, country: Any) -> bool:
    """A State focal point (with MFA) of this country."""
    return permissions.has_role(user, Role.STATE_FOCAL_POINT, country=country)


def can_import_initiatives(user: Any) -> bool:
    """The CSV bulk import: platform admins and UN delegates (both with MFA)."""
    return permissions.is_platform_admin(user) or is_un_delegate(user)


def can_create_initiatives(user: Any) -> bool:
    """Whether to offer the "new initiative" form: UN delegates and State focal points (and
    platform admins, who bulk-load initiatives by CSV)."""
    return (
        is_un_delegate(user)
        or permissions.has_role(user, Role.STATE_FOCAL_POINT)
        or permissions.is_platform_admin(user)
    )


def can_create_initiative_for(user: Any, states: Iterable[Any]) -> bool:
    """UN delegates and platform admins for any States; a focal point when one of the States
    is theirs."""
    if is_un_delegate(user) or permissions.is_platform_admin(user):
        return True
    return any(is_focal_point_of(user, state) for state in states)


def can_edit_initiative(user: Any, initiative: Any) -> bool:
    """Focal points of any of its States (joint initiatives: every partner's) and UN delegates."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_un_delegate(user):
        return True
    return any(is_focal_point_of(user, state) for state in initiative.states.all())


def replying_states(user: Any, initiative: Any) -> list[Any]:
    """The initiative's States this person may reply for (their focal points)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [state for state in initiative.states.all() if is_focal_point_of(user, state)]


def can_reply(user: Any, initiative: Any) -> bool:
    """The right of reply belongs to the State: a focal point of one of its States."""
    return bool(replying_states(user, initiative))


def can_assess_for(user: Any, organization: Any, *, accredited: bool) -> bool:
    """An approved representative of an organization accredited to the current review
    (``accredited`` comes from the query that knows the review)."""
    return accredited and permissions.is_organization_representative(user, organization)

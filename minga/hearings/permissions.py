"""Who may organize sessions, built on minga.accounts.permissions (the only role checks)."""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role


def can_organize_sessions(user: Any, review: Any) -> bool:
    """Platform admins, UN delegates and committee members of the review (all with MFA)."""
    return (
        permissions.is_platform_admin(user)
        or permissions.has_role(user, Role.UN_DELEGATE, review=review)
        or permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)
    )

"""Who moderates content. Built only on the role predicates of minga.accounts.permissions."""

from typing import Any

from minga.accounts.models import Role
from minga.accounts.permissions import has_role, is_platform_admin


def can_moderate(user: Any) -> bool:
    """Moderators, committee members and UN delegates (the last two with MFA), platform admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        has_role(user, Role.MODERATOR)
        or has_role(user, Role.COMMITTEE_MEMBER)
        or has_role(user, Role.UN_DELEGATE)
        or is_platform_admin(user)
    )

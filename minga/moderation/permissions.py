"""Who moderates content. Built only on the role predicates of minga.accounts.permissions."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from minga.accounts.models import Role
from minga.accounts.permissions import has_role, is_platform_admin

from . import queries


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


def require_writer(actor: Any) -> None:
    """Every domain action that writes starts here: signed in, and not blocked by moderation."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if queries.is_blocked(actor):
        raise ValidationError(
            _("Your account is blocked from writing by the moderators. You can still read."),
            code="blocked",
        )

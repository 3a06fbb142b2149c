"""Who may do what with sessions, built on minga.accounts.permissions (the only role checks).

Privileged roles (UN delegate, committee member, admin) count only with MFA: ``has_role``
checks it. Moderating a session's live room belongs to the organizers of its review and to the
people in the session's chair or moderator roles — and to nobody for other sessions.
"""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role

from .models import RegistrationStatus, SessionRoleKind, SessionStatus

MODERATING_ROLES = (SessionRoleKind.CHAIR, SessionRoleKind.MODERATOR)


def can_organize_sessions(user: Any, review: Any) -> bool:
    """Platform admins, UN delegates and committee members of the review (all with MFA)."""
    return (
        permissions.is_platform_admin(user)
        or permissions.has_role(user, Role.UN_DELEGATE, review=review)
        or permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)
    )


def is_committee_of(user: Any, review: Any) -> bool:
    return permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)


def session_roles_of(user: Any, session: Any) -> set[str]:
    """The roles this person holds at this session (cached on the session object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[str]] = session.__dict__.setdefault("_roles_of", {})
    if user.pk not in cache:
        cache[user.pk] = set(
            session.roles.filter(person=user).values_list("role", flat=True)
            if "roles" not in getattr(session, "_prefetched_objects_cache", {})
            else [r.role for r in session.roles.all() if r.person_id == user.pk]
        )
    return cache[user.pk]


def can_view_session(user: Any, session: Any) -> bool:
    return session.status != SessionStatus.DRAFT or can_organize_sessions(user, session.review)


def can_moderate_session(user: Any, session: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_organize_sessions(user, session.review):
        return True
    return bool(session_roles_of(user, session) & set(MODERATING_ROLES))


def can_take_notes(user: Any, session: Any) -> bool:
    """Rapporteurs of the session write notes (organizers may too)."""
    return SessionRoleKind.RAPPORTEUR in session_roles_of(user, session) or (
        can_organize_sessions(user, session.review)
    )


def can_read_notes(user: Any, session: Any) -> bool:
    """During the session: the committee, the organizers, its moderators and rapporteurs."""
    return (
        can_take_notes(user, session)
        or can_moderate_session(user, session)
        or is_committee_of(user, session.review)
    )


def can_register(user: Any, session: Any) -> bool:
    return getattr(user, "is_authenticated", False) and session.status == SessionStatus.PUBLISHED


def can_participate(user: Any, session: Any, registration: Any) -> bool:
    """Ask and vote: confirmed registrants (checked in, when the session requires it), people
    in a role at the session and its moderators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if session.status != SessionStatus.PUBLISHED:
        return False
    if can_moderate_session(user, session) or session_roles_of(user, session):
        return True
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return False
    return not session.requires_check_in or registration.checked_in_at is not None

"""State changes on sessions. Each action owns its transaction, checks permission, writes the
audit log and publishes its events (on commit)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minga.core import audit, events
from minga.stakeholders.models import Organization

from . import permissions
from .models import RoleSource, Session, SessionRole, SessionRoleKind


def do_assign_session_role(
    actor: Any,
    session: Session,
    person: Any,
    role: str,
    *,
    organization: Organization | None = None,
    source: str = RoleSource.ORGANIZERS,
    check_permission: bool = True,
) -> SessionRole:
    """Put a person in a role at a session (idempotent for the same person and role).

    ``check_permission=False`` is for callers that already checked a stronger rule (the
    committee's confirmed selection); the audit entry still names the actor.
    """
    if check_permission and not permissions.can_organize_sessions(actor, session.review):
        raise PermissionDenied(_("Only the organizers of this review can assign session roles."))
    if role not in SessionRoleKind.values:
        raise ValidationError(_("Choose a valid role."))
    if source not in RoleSource.values:
        raise ValidationError(_("Choose a valid source."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                assignment = SessionRole.objects.create(
                    session=session,
                    person=person,
                    role=role,
                    organization=organization,
                    source=source,
                    assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            return SessionRole.objects.get(session=session, person=person, role=role)
        audit.record(
            actor, "hearings.assign_role", assignment, session=session.pk, role=role, source=source
        )
        events.publish("hearings.role_assigned", actor=actor, target=assignment)
    return assignment


def do_remove_session_role(actor: Any, assignment: SessionRole) -> None:
    if not permissions.can_organize_sessions(actor, assignment.session.review):
        raise PermissionDenied(_("Only the organizers of this review can assign session roles."))
    with transaction.atomic():
        audit.record(
            actor,
            "hearings.remove_role",
            assignment,
            session=assignment.session_id,
            role=assignment.role,
        )
        assignment.delete()

"""State changes on people and their roles. Views, admin and commands call these."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minga.core import audit
from minga.core.models import AuditEntry
from minga.gcm.models import Country
from minga.reviews.models import Review

from . import permissions, queries
from .models import Role, RoleAssignment, User

# Profile fields a person edits themselves. Private ones are never written to the audit log.
PROFILE_FIELDS = (
    "display_name",
    "preferred_language",
    "countries",
    "self_identification",
    "gender",
    "is_public",
)


class HandoverRequired(ValidationError):
    """The person is the last approved representative of some organizations."""

    def __init__(self, organizations: list[Any]) -> None:
        self.organizations = organizations
        super().__init__(
            _(
                "You are the only representative of %(names)s. Make another member "
                "representative before you delete your account."
            ),
            code="handover_required",
            params={"names": ", ".join(o.name for o in organizations)},
        )


@transaction.atomic
def do_update_profile(actor: Any, user: User, **changes: Any) -> list[str]:
    """Change the person's own profile. Returns the names of the fields that changed.

    The audit entry lists which fields changed, never their values (some are private).
    """
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    changed: list[str] = []
    for name, value in changes.items():
        if name == "countries":
            new = {c.pk for c in value}
            if new != set(user.countries.values_list("pk", flat=True)):
                user.countries.set(list(value))
                changed.append(name)
            continue
        if name == "self_identification":
            value = sorted(set(value or []))
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    scalar = [n for n in changed if n != "countries"]
    if scalar:
        user.save(update_fields=scalar)
    if changed:
        audit.record(actor, "accounts.update_profile", user, fields=sorted(changed))
    return changed


def check_role_grant(
    user: User | None, role: str, *, review: Review | None, country: Country | None
) -> None:
    """Raise ValidationError (keyed by field where it can) if the grant is not valid: the role
    lacks the scope it needs, or the person already holds it."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.STATE_FOCAL_POINT and country is None:
        raise ValidationError(
            {"country": _("A State focal point speaks for a country: choose it.")}
        )
    if role == Role.COMMITTEE_MEMBER and review is None:
        raise ValidationError(
            {"review": _("Committee members sit on the committee of one review: choose it.")}
        )
    if (
        user is not None
        and RoleAssignment.objects.filter(
            user=user, role=role, review=review, country=country
        ).exists()
    ):
        raise ValidationError(_("This person already holds this role with this scope."))


@transaction.atomic
def do_grant_role(
    actor: Any,
    user: User,
    role: str,
    *,
    review: Review | None = None,
    country: Country | None = None,
) -> RoleAssignment:
    """Give a person a role. Only platform administrators (with MFA) may do it.

    Granting the platform administrator role also gives access to the Django admin (staff and
    superuser flags), so those flags follow the role and are audited with it.
    """
    if not permissions.can_manage_roles(actor):
        raise PermissionDenied
    check_role_grant(user, role, review=review, country=country)
    assignment = RoleAssignment.objects.create(
        user=user, role=role, review=review, country=country, granted_by=actor
    )
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    audit.record(
        actor,
        "accounts.grant_role",
        assignment,
        user_id=user.pk,
        role=role,
        review=review.slug if review else None,
        country=country.iso2 if country else None,
    )
    permissions.clear_cache(user)
    return assignment


@transaction.atomic
def do_revoke_role(actor: Any, assignment: RoleAssignment) -> None:
    """Take a role away. Only platform administrators (with MFA) may do it."""
    if not permissions.can_manage_roles(actor):
        raise PermissionDenied
    user = assignment.user
    details = {
        "user_id": user.pk,
        "role": assignment.role,
        "review": assignment.review.slug if assignment.review else None,
        "country": assignment.country.iso2 if assignment.country else None,
    }
    audit.record(actor, "accounts.revoke_role", assignment, **details)
    assignment.delete()
    if (
        details["role"] == Role.ADMIN
        and user.is_superuser
        and not RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()
    ):
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    permissions.clear_cache(user)


@transaction.atomic
def do_delete_account(actor: Any, user: User) -> None:
    """Delete the person and everything that is theirs (memberships, roles, e-mail addresses,
    second factors cascade). The caller logs them out.

    Refused while they are the last approved representative of an organization. The audit
    entry keeps no personal data, and earlier audit entries about this person lose their name.
    """
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied
    organizations = queries.organizations_needing_handover(user)
    if organizations:
        raise HandoverRequired(organizations)
    user_ct = ContentType.objects.get_for_model(User)
    role_ct = ContentType.objects.get_for_model(RoleAssignment)
    role_ids = [
        str(pk) for pk in RoleAssignment.objects.filter(user=user).values_list("pk", flat=True)
    ]
    AuditEntry.objects.filter(target_type=user_ct, target_id=str(user.pk)).update(target_repr="")
    if role_ids:
        AuditEntry.objects.filter(target_type=role_ct, target_id__in=role_ids).update(
            target_repr=""
        )
    user.delete()
    audit.record(None, "accounts.delete_account")

"""Reads about people: their profile page, their data export, the checks before deletion."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from minga.core.models import AuditEntry
from minga.stakeholders.models import Membership, MembershipRole, MembershipStatus, Organization

from .models import PRIVILEGED_ROLES, RoleAssignment, User


def memberships_of(user: User) -> list[Membership]:
    """The person's memberships (any status) with their organization; one query."""
    return list(
        Membership.objects.filter(person=user)
        .select_related("organization", "organization__headquarters")
        .order_by("organization__name")
    )


def roles_of(user: User) -> list[RoleAssignment]:
    """The person's role assignments with their scope; one query."""
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("review", "country")
        .order_by("role", "granted_at")
    )


def organizations_needing_handover(user: User) -> list[Organization]:
    """Organizations where the person is the only approved representative (one query).

    Such a person must hand over to someone else before deleting their account, or the
    organization would be left without anyone able to approve members.
    """
    other_representatives = Membership.objects.filter(
        organization=OuterRef("pk"),
        role=MembershipRole.REPRESENTATIVE,
        status=MembershipStatus.APPROVED,
    ).exclude(person=user)
    return list(
        Organization.objects.filter(
            memberships__person=user,
            memberships__role=MembershipRole.REPRESENTATIVE,
            memberships__status=MembershipStatus.APPROVED,
        )
        .exclude(Exists(other_representatives))
        .order_by("name")
    )


def mfa_status(user: User) -> dict[str, Any]:
    """Which second factors the person has (never their secrets); one query."""
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp": Authenticator.Type.TOTP in types,
        "recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
    }


def audit_entries_by(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(actor=user).order_by("created_at", "id")


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_data(user: User) -> dict[str, Any]:
    """Everything Minga holds about the person, as JSON-ready data.

    Leaves out secrets (password hash, authenticator secrets, recovery codes, session keys)
    and anything about other people beyond what the person's own records name.
    """
    user = User.objects.prefetch_related("countries").get(pk=user.pk)
    emails = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "format": "minga-personal-data/1",
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "countries": sorted(c.iso2 for c in user.countries.all()),
            "is_public": user.is_public,
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
        },
        "private": {
            "self_identification": list(user.self_identification or []),
            "gender": user.gender,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary} for e in emails
        ],
        "two_factor_authentication": mfa_status(user),
        "memberships": [
            {
                "organization": m.organization.name,
                "organization_slug": m.organization.slug,
                "role": m.role,
                "status": m.status,
                "message_to_representatives": m.message,
                "since": _date(m.created_at),
            }
            for m in memberships_of(user)
        ],
        "roles": [
            {
                "role": r.role,
                "privileged": r.role in PRIVILEGED_ROLES,
                "review": r.review.slug if r.review else None,
                "country": r.country.iso2 if r.country else None,
                "granted_at": _date(r.granted_at),
            }
            for r in roles_of(user)
        ],
        "actions_you_took": [
            {
                "when": _date(a.created_at),
                "action": a.action,
                "target": a.target_repr,
                "details": a.data,
            }
            for a in audit_entries_by(user)
        ],
    }

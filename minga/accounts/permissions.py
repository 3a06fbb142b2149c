"""Every role-based permission of Minga, as a predicate. Nothing else checks roles.

Predicates take the acting user first and return a bool. Privileged predicates are false
until the person has set up MFA (ARCHITECTURE.md §5).
"""

from typing import Any

from allauth.mfa.models import Authenticator

from .models import PRIVILEGED_ROLES, Role, RoleAssignment


def _roles(user: Any) -> list[RoleAssignment]:
    """The user's role assignments, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_minga_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("review", "country"))
        user._minga_roles = cached
    return cached


def clear_cache(user: Any) -> None:
    for attr in ("_minga_roles", "_minga_has_mfa"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_mfa(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_minga_has_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._minga_has_mfa = cached
    return cached


def is_privileged(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(r.role in PRIVILEGED_ROLES for r in _roles(user))


def needs_mfa_setup(user: Any) -> bool:
    return is_privileged(user) and not has_mfa(user)


def has_role(user: Any, role: str, *, review: Any = None, country: Any = None) -> bool:
    """True if the user holds the role (globally, or for this review / country) and has MFA
    when the role is privileged."""
    for assignment in _roles(user):
        if assignment.role != role:
            continue
        if review is not None and assignment.review_id not in (None, review.pk):
            continue
        # A State focal point speaks only for their own State.
        if (
            country is not None
            and assignment.country_id != country.pk
            and (role == Role.STATE_FOCAL_POINT or assignment.country_id is not None)
        ):
            continue
        return role not in PRIVILEGED_ROLES or has_mfa(user)
    return False


def is_platform_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (user.is_superuser or has_role(user, Role.ADMIN)) and has_mfa(user)


def can_manage_roles(user: Any) -> bool:
    return is_platform_admin(user)


def can_decide_accreditation(user: Any, review: Any) -> bool:
    """Committee members of the review and UN delegates approve or decline accreditations."""
    return has_role(user, Role.COMMITTEE_MEMBER, review=review) or has_role(
        user, Role.UN_DELEGATE, review=review
    )


def can_configure_reviews(user: Any) -> bool:
    return is_platform_admin(user) or has_role(user, Role.UN_DELEGATE)


def can_set_champion_status(user: Any) -> bool:
    return is_platform_admin(user)


# --- Organizations (stakeholders) ---------------------------------------------------------


def _membership(user: Any, organization: Any) -> Any:
    """The user's membership of the organization, whatever its status, or None (one query)."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return None
    from minga.stakeholders.models import Membership

    return Membership.objects.filter(person=user, organization=organization).first()


def is_organization_representative(user: Any, organization: Any) -> bool:
    """An approved representative of the organization."""
    from minga.stakeholders.models import MembershipRole, MembershipStatus

    membership = _membership(user, organization)
    return (
        membership is not None
        and membership.status == MembershipStatus.APPROVED
        and membership.role == MembershipRole.REPRESENTATIVE
    )


def is_organization_member(user: Any, organization: Any) -> bool:
    """An approved member or representative of the organization."""
    from minga.stakeholders.models import MembershipStatus

    membership = _membership(user, organization)
    return membership is not None and membership.status == MembershipStatus.APPROVED


def can_edit_organization(user: Any, organization: Any) -> bool:
    return is_platform_admin(user) or is_organization_representative(user, organization)


def can_manage_members(user: Any, organization: Any) -> bool:
    """Approve or decline requests to join the organization."""
    return is_platform_admin(user) or is_organization_representative(user, organization)


def can_apply_accreditation(user: Any, organization: Any) -> bool:
    return is_platform_admin(user) or is_organization_representative(user, organization)

"""Who may do what in the follow-up, built on minga.accounts.permissions."""

from typing import Any

from minga.accounts.models import Role
from minga.accounts.permissions import has_role
from minga.dialogue.permissions import can_answer_for
from minga.stakeholders.models import Organization
from minga.stakeholders.queries import represented_accredited_organizations

from .models import Addressee


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_create_recommendation(user: Any, review: Any) -> bool:
    """Committee members of the review and UN delegates (with MFA)."""
    return has_role(user, Role.COMMITTEE_MEMBER, review=review) or has_role(
        user, Role.UN_DELEGATE, review=review
    )


def can_speak_for(user: Any, addressee: Addressee) -> bool:
    """Respond and post progress: a State focal point for their own State; a UN delegate
    who belongs to the addressed institution (or a State institution's focal point)."""
    if not _signed_in(user):
        return False
    if addressee.country_id is not None:
        return has_role(user, Role.STATE_FOCAL_POINT, country=addressee.country)
    return can_answer_for(user, addressee.institution)


def verifying_organizations(user: Any, review: Any) -> list[Organization]:
    """Accredited organizations of the review the user represents."""
    if not _signed_in(user):
        return []
    return represented_accredited_organizations(user, review)


def can_edit_bulletin(user: Any, review: Any) -> bool:
    return has_role(user, Role.UN_DELEGATE, review=review) or has_role(
        user, Role.COMMITTEE_MEMBER, review=review
    )

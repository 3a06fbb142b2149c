"""Who may do what in the dialogue, built on the role predicates of minga.accounts.permissions.

- Opening and steering consultations: UN delegates or Civil Society Committee members (both
  with MFA; ``has_role`` is false without it).
- Answering officially for an institution (an Organization of type UN, IGO or State): a UN
  delegate (with MFA) who is an approved member or representative of that organization, or a
  State focal point (with MFA) whose role country is the State organization's headquarters.
- Contributing, replying and reacting: anyone signed in, while the consultation is not closed
  (blocked people are refused by the actions).
"""

from typing import Any

from minga.accounts.models import Role
from minga.accounts.permissions import has_role, is_organization_member
from minga.gcm.models import StakeholderType

from .models import INSTITUTION_TYPES, Consultation, Contribution


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_open_consultation(user: Any, review: Any = None) -> bool:
    return has_role(user, Role.UN_DELEGATE, review=review) or has_role(
        user, Role.COMMITTEE_MEMBER, review=review
    )


def can_manage_consultation(user: Any, consultation: Consultation) -> bool:
    """Edit, move through phases and close (with a conclusion)."""
    return can_open_consultation(user, consultation.review)


def is_institution(organization: Any) -> bool:
    return organization is not None and organization.stakeholder_type in INSTITUTION_TYPES


def can_answer_for(user: Any, institution: Any) -> bool:
    """May sign an official response on behalf of this institution."""
    if not _signed_in(user) or not is_institution(institution):
        return False
    if has_role(user, Role.UN_DELEGATE) and is_organization_member(user, institution):
        return True
    return institution.stakeholder_type == StakeholderType.STATE and has_role(
        user, Role.STATE_FOCAL_POINT, country=institution.headquarters
    )


def answerable_institutions(user: Any, consultation: Consultation) -> list[Any]:
    """The consultation's addressed institutions this user may answer for (empty if none or
    if the consultation is closed)."""
    if not _signed_in(user) or consultation.is_closed:
        return []
    return [i for i in consultation.institutions.all() if can_answer_for(user, i)]


def can_respond(user: Any, consultation: Consultation) -> bool:
    return bool(answerable_institutions(user, consultation))


def can_contribute(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and not consultation.is_closed


def can_react(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and not consultation.is_closed


def can_edit_contribution(user: Any, contribution: Contribution) -> bool:
    """The author edits their own contribution while the consultation is not closed."""
    return (
        _signed_in(user)
        and contribution.author_id == user.pk
        and not contribution.consultation.is_closed
    )

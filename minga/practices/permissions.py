"""Who may do what with practices, built on minga.accounts.permissions (the only role checks).

Privileged roles (UN delegate, committee member, State focal point) count only with MFA:
``has_role`` checks it.
"""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role
from minga.stakeholders import queries as stakeholder_queries
from minga.stakeholders.models import Organization


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def represented_accredited_organizations(user: Any) -> list[Organization]:
    """Organizations accredited to the current review that the user represents (approved)."""
    if not _signed_in(user):
        return []
    from minga.reviews.queries import current_review

    review = current_review()
    if review is None:
        return []
    return stakeholder_queries.represented_accredited_organizations(user, review)


def is_un_delegate(user: Any) -> bool:
    return permissions.has_role(user, Role.UN_DELEGATE)


def is_state_focal_point(user: Any, country: Any = None) -> bool:
    return permissions.has_role(user, Role.STATE_FOCAL_POINT, country=country)


def can_submit_practice(user: Any) -> bool:
    """A representative of an organization accredited to the current review, a UN delegate or
    a State focal point (the last two with MFA)."""
    if not _signed_in(user):
        return False
    return (
        is_un_delegate(user)
        or is_state_focal_point(user)
        or bool(represented_accredited_organizations(user))
    )


def can_assign_reviewers(user: Any) -> bool:
    """UN delegates and Civil Society Committee members, with MFA."""
    return is_un_delegate(user) or permissions.has_role(user, Role.COMMITTEE_MEMBER)


def can_be_un_reviewer(user: Any) -> bool:
    return is_un_delegate(user)


def is_assigned_reviewer(user: Any, practice: Any, assignments: Any = None) -> bool:
    if not _signed_in(user):
        return False
    if assignments is not None:
        return any(a.reviewer_id == user.pk for a in assignments)
    return practice.assignments.filter(reviewer=user).exists()


def is_submitter(user: Any, practice: Any) -> bool:
    return _signed_in(user) and practice.submitted_by_id == user.pk


def can_see_unpublished(user: Any, practice: Any, assignments: Any = None) -> bool:
    """Unpublished practices: their submitter, their reviewers, UN delegates and committee."""
    return (
        is_submitter(user, practice)
        or can_assign_reviewers(user)
        or is_assigned_reviewer(user, practice, assignments)
    )


def can_see_review_details(user: Any, practice: Any, assignments: Any = None) -> bool:
    """Individual verdicts and comments: the reviewers and the people who assign them."""
    return can_assign_reviewers(user) or is_assigned_reviewer(user, practice, assignments)


def can_answer_clarification(user: Any, practice: Any) -> bool:
    return is_submitter(user, practice)


def can_adopt_for(user: Any, *, submitter_id: int | None, countries: Any) -> bool:
    """Record that an initiative or proposal draws on a practice: its own submitter, a UN
    delegate, or a State focal point of one of its countries."""
    if not _signed_in(user):
        return False
    if is_un_delegate(user):
        return True
    if submitter_id is not None and submitter_id == user.pk:
        return True
    return any(is_state_focal_point(user, country) for country in countries)

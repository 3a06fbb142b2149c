"""Reads of the committee: bounded numbers of SQL queries whatever the data size."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from minga.gcm.models import GCMLink
from minga.hearings.models import SessionRole
from minga.reviews.models import Review
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipStatus,
    Organization,
)
from minga.stakeholders.queries import represented_accredited_organizations

from . import balance
from .models import (
    Call,
    CallStatus,
    CommitteeMember,
    ConsentStatus,
    Nomination,
    Vote,
    VoteChoice,
)


def is_accredited(organization: Organization, review: Review) -> bool:
    return Accreditation.objects.filter(
        organization=organization, review=review, status=AccreditationStatus.APPROVED
    ).exists()


def nominating_organizations(user: Any, review: Review) -> list[Organization]:
    """Organizations accredited to the review that this person represents (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []

    return represented_accredited_organizations(user, review)


def committee_of(review: Review) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(review=review)
        .select_related("person", "organization__headquarters")
        .order_by("-is_chair", "focal_region", "person__display_name")
    )


def seat_of(user: Any, review: Review) -> CommitteeMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CommitteeMember.objects.filter(review=review, person=user).first()


# --- Calls ------------------------------------------------------------------------------------


def _calls(review: Review) -> QuerySet[Call]:
    return (
        Call.objects.filter(session__review=review)
        .select_related("session")
        .annotate(nomination_count=Count("nominations", distinct=True))
        .order_by("deadline", "pk")
    )


def public_calls(review: Review | None) -> list[Call]:
    if review is None:
        return []
    return list(_calls(review).filter(session__status="published"))


def selected_people(call: Call) -> list[Nomination]:
    """The people a confirmed selection put in the session (their public constituency)."""
    if call.status != CallStatus.CONFIRMED:
        return []
    return list(
        Nomination.objects.filter(call=call, selected=True)
        .select_related("nominee", "organization__headquarters")
        .order_by("nominee_name")
    )


def nominations_by(user: Any, call: Call) -> list[Nomination]:
    """The nominations this person made in the call (to follow the nominees' consent)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Nomination.objects.filter(call=call, nominated_by=user)
        .select_related("organization")
        .order_by("pk")
    )


def call_page(call_id: int) -> Call | None:
    return (
        Call.objects.public()
        .select_related("session__review", "opened_by")
        .annotate(nomination_count=Count("nominations", distinct=True))
        .filter(pk=call_id)
        .first()
    )


# --- Nominations and votes --------------------------------------------------------------------


def nominations_for_balance(call: Call) -> QuerySet[Nomination]:
    return Nomination.objects.filter(call=call).select_related(
        "nominee", "organization__headquarters"
    )


def experienced_nominees(call: Call) -> set[int]:
    """Nominees of this call who already held a role at another session (not first-time)."""
    return set(
        SessionRole.objects.filter(person__nominations__call=call)
        .exclude(session_id=call.session_id)
        .values_list("person_id", flat=True)
    )


@dataclass
class NominationRow:
    nomination: Nomination
    support: int = 0
    oppose: int = 0
    abstain: int = 0
    conflicts: int = 0
    my_vote: Vote | None = None
    may_vote: bool = False
    objectives: list[Any] = field(default_factory=list)

    @property
    def language_names(self) -> list[str]:
        return [str(balance.LANGUAGE_NAMES.get(c, c)) for c in self.nomination.languages]


def _own_organization_ids(user: Any, review: Review) -> set[int]:
    ids = set(
        Membership.objects.filter(person=user, status=MembershipStatus.APPROVED).values_list(
            "organization_id", flat=True
        )
    )
    ids.update(
        CommitteeMember.objects.filter(review=review, person=user).values_list(
            "organization_id", flat=True
        )
    )
    return ids


def nomination_rows(call: Call, user: Any) -> list[NominationRow]:
    """Every nomination of the call with its counted votes (conflicts excluded), the viewer's
    own vote and whether they may vote. Five queries."""
    review = call.session.review
    counted = Q(votes__conflict_of_interest=False)
    nominations = (
        Nomination.objects.filter(call=call)
        .select_related("nominee", "organization__headquarters", "nominated_by")
        .prefetch_related(
            Prefetch(
                "gcm_links",
                queryset=GCMLink.objects.filter(objective__isnull=False).select_related(
                    "objective"
                ),
            )
        )
        .annotate(
            n_support=Count("votes", filter=counted & Q(votes__choice=VoteChoice.SUPPORT)),
            n_oppose=Count("votes", filter=counted & Q(votes__choice=VoteChoice.OPPOSE)),
            n_abstain=Count("votes", filter=counted & Q(votes__choice=VoteChoice.ABSTAIN)),
            n_conflicts=Count("votes", filter=Q(votes__conflict_of_interest=True)),
        )
        .order_by("pk")
    )
    mine = {v.nomination_id: v for v in Vote.objects.filter(nomination__call=call, member=user)}
    own = _own_organization_ids(user, review)
    open_for_votes = call.status in (CallStatus.OPEN, CallStatus.CLOSED)
    rows = []
    for n in nominations:
        rows.append(
            NominationRow(
                nomination=n,
                support=n.n_support,
                oppose=n.n_oppose,
                abstain=n.n_abstain,
                conflicts=n.n_conflicts,
                my_vote=mine.get(n.pk),
                may_vote=open_for_votes
                and n.pk not in mine
                and n.organization_id not in own
                and n.consent != ConsentStatus.DECLINED,
                objectives=[link.objective for link in n.gcm_links.all()],
            )
        )
    return rows


def slate_balance(call: Call, nomination_ids: set[int] | None = None) -> balance.Balance:
    """The balance of the given nominations of the call (default: the recorded slate)."""
    qs = nominations_for_balance(call)
    qs = qs.filter(in_slate=True) if nomination_ids is None else qs.filter(pk__in=nomination_ids)
    return balance.compute(qs, call.rules, experienced=experienced_nominees(call))


# --- Workspace --------------------------------------------------------------------------------


def nominations_to_score(user: Any, review: Review, limit: int = 50) -> list[Nomination]:
    own = _own_organization_ids(user, review)
    return list(
        Nomination.objects.filter(
            call__session__review=review,
            call__status__in=[CallStatus.OPEN, CallStatus.CLOSED],
        )
        .exclude(consent=ConsentStatus.DECLINED)
        .exclude(organization_id__in=own)
        .exclude(Exists(Vote.objects.filter(nomination=OuterRef("pk"), member=user)))
        .select_related("call__session", "organization")
        .order_by("call__deadline", "pk")[:limit]
    )


def calls_with_status(review: Review, *statuses: str) -> list[Call]:
    return list(_calls(review).filter(status__in=statuses))


def pending_accreditations(review: Review, limit: int = 50) -> list[Accreditation]:
    return list(
        Accreditation.objects.filter(review=review, status=AccreditationStatus.APPLIED)
        .select_related("organization")
        .order_by("created_at", "pk")[:limit]
    )


# --- Links on other apps' pages (see minga.core.links) -----------------------------------------


def open_calls(*, session_ids: Any = None, review: Review | None = None) -> list[Call]:
    """Calls still taking nominations, for published sessions of published reviews (one query)."""
    from django.utils import timezone

    qs = (
        Call.objects.public()
        .filter(status=CallStatus.OPEN, deadline__gt=timezone.now(), session__status="published")
        .select_related("session__review")
        .order_by("deadline", "pk")
    )
    if session_ids is not None:
        qs = qs.filter(session_id__in=list(session_ids))
    if review is not None:
        qs = qs.filter(session__review=review)
    return list(qs)

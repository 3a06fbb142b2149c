"""Reads of sessions and live rooms. Every function costs a bounded number of SQL queries at
any data size (the question list is capped at ``QUESTION_LIMIT``)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django_countries import countries as django_countries

from minga.gcm.models import GCMLink, StakeholderType, Subregion
from minga.reviews.queries import current_review

from .constituency import BalanceGroup
from .models import (
    FloorRequest,
    FloorStatus,
    Presence,
    Question,
    QuestionStatus,
    QuestionVote,
    RapporteurNote,
    Registration,
    RegistrationStatus,
    Session,
    SessionRole,
    SessionStatus,
)

QUESTION_LIMIT = 200
VISIBLE_NAMES_LIMIT = 100
SORTS = ("votes", "recent", "constituency")


def review_zone(review: Any) -> ZoneInfo:
    try:
        return ZoneInfo(review.time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _roles_prefetch() -> Prefetch:
    return Prefetch(
        "roles",
        queryset=SessionRole.objects.select_related(
            "person", "organization__headquarters"
        ).order_by("role", "id"),
    )


def _objectives_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.filter(objective__isnull=False)
        .select_related("objective")
        .order_by("objective__number"),
        to_attr="objective_links",
    )


def sessions_of_review(review: Any, *, include_drafts: bool = False) -> QuerySet[Session]:
    """The sessions of a review in programme order (for other apps: the committee picks the
    session of a call from here). One query when evaluated."""
    qs = Session.objects.filter(review=review).select_related("review", "roundtable")
    if not include_drafts:
        qs = qs.filter(status=SessionStatus.PUBLISHED)
    return qs.order_by("starts_at", "id")


@dataclass
class ProgrammeDay:
    date: datetime.date
    sessions: list[Any] = field(default_factory=list)


@dataclass
class Programme:
    review: Any
    days: list[ProgrammeDay]
    drafts: list[Any]


def programme(review: Any, *, with_drafts: bool = False) -> Programme:
    """The published sessions of a review grouped by day in the review's time zone, with
    agenda, roles and objectives (five queries whatever the number of sessions)."""
    statuses = [SessionStatus.PUBLISHED, SessionStatus.CANCELLED]
    if with_drafts:
        statuses.append(SessionStatus.DRAFT)
    sessions = list(
        Session.objects.filter(review=review, status__in=statuses)
        .select_related("review", "roundtable")
        .prefetch_related("agenda", _roles_prefetch(), _objectives_prefetch())
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .order_by("starts_at", "id")
    )
    zone = review_zone(review)
    days: dict[datetime.date, ProgrammeDay] = {}
    drafts = []
    for session in sessions:
        if session.status == SessionStatus.DRAFT:
            drafts.append(session)
            continue
        day = timezone.localtime(session.starts_at, zone).date()
        days.setdefault(day, ProgrammeDay(day)).sessions.append(session)
    return Programme(review=review, days=list(days.values()), drafts=drafts)


def current_programme_review() -> Any:
    return current_review()


@dataclass
class SessionPage:
    session: Session
    agenda: list[Any]
    roles: list[SessionRole]
    objectives: list[Any]
    confirmed: int
    waitlisted: int
    registration: Registration | None
    waitlist_position: int | None
    role_counts: dict[str, int]


def session_page(session: Session, user: Any) -> SessionPage:
    """Everything the session page shows (six queries)."""
    agenda = list(session.agenda.all())
    roles = list(
        SessionRole.objects.filter(session=session)
        .select_related("person", "organization__headquarters")
        .order_by("role", "id")
    )
    objectives = [
        link.objective
        for link in GCMLink.objects.filter(
            content_type__app_label="hearings",
            content_type__model="session",
            object_id=session.pk,
            objective__isnull=False,
        )
        .select_related("objective")
        .order_by("objective__number")
    ]
    counts = dict(
        Registration.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    registration = None
    position = None
    if getattr(user, "is_authenticated", False):
        registration = Registration.objects.filter(session=session, person=user).first()
        if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
            position = Registration.objects.filter(
                session=session,
                status=RegistrationStatus.WAITLISTED,
                waitlisted_at__lte=registration.waitlisted_at,
            ).count()
    return SessionPage(
        session=session,
        agenda=agenda,
        roles=roles,
        objectives=objectives,
        confirmed=counts.get(RegistrationStatus.CONFIRMED, 0),
        waitlisted=counts.get(RegistrationStatus.WAITLISTED, 0),
        registration=registration,
        waitlist_position=position,
        role_counts=dict(Counter(r.role for r in roles)),
    )


def person_by_email(email: str) -> Any:
    """An active account by e-mail (case-insensitive), for organizers assigning roles."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


def registration_of(user: Any, session: Session) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(session=session, person=user).first()


def check_in_list(session: Session) -> list[Registration]:
    """Registrations to check in, each with ``answer_pairs`` (question, answer). One query."""
    rows = list(
        Registration.objects.filter(session=session)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("person", "checked_in_by")
        .order_by("status", "person__display_name", "id")
    )
    questions = list(session.questionnaire or [])
    for row in rows:
        answers = list(row.answers or [])
        row.answer_pairs = [(q, a) for q, a in zip(questions, answers, strict=False) if a]  # type: ignore[attr-defined]
    return rows


# Live room --------------------------------------------------------------------------------


def questions(
    session: Session, user: Any, *, moderator: bool, sort: str = "votes"
) -> list[Question]:
    """The room's questions for this viewer: approved and answered ones for everyone, plus the
    viewer's own (any status), plus pending and hidden ones for moderators. One query."""
    visible = Q(status__in=[QuestionStatus.APPROVED, QuestionStatus.ANSWERED])
    if moderator:
        visible |= Q(status__in=[QuestionStatus.PENDING, QuestionStatus.HIDDEN])
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
        voted = Exists(QuestionVote.objects.filter(question=OuterRef("pk"), voter=user))
    else:
        voted = Exists(QuestionVote.objects.none())
    order = {
        "votes": ["-highlighted", "-vote_count", "created_at", "id"],
        "recent": ["-highlighted", "-created_at", "-id"],
        "constituency": ["-highlighted", "constituency", "-vote_count", "id"],
    }.get(sort, ["-highlighted", "-vote_count", "created_at", "id"])
    return list(
        Question.objects.filter(visible, session=session)
        .select_related("author", "organization__headquarters", "merged_into")
        .annotate(voted=voted)
        .order_by(*order)[:QUESTION_LIMIT]
    )


@dataclass
class Speakers:
    current: FloorRequest | None
    queue: list[FloorRequest]
    balance: list[tuple[str, str, int]]  # (group, label, number who spoke or wait)
    mine: FloorRequest | None


def speakers(session: Session, user: Any) -> Speakers:
    """The speakers list: the one speaking, the queue, and the balance across constituencies
    of everyone who spoke or waits (two queries)."""
    rows = list(
        FloorRequest.objects.filter(
            session=session,
            status__in=[FloorStatus.QUEUED, FloorStatus.SPEAKING, FloorStatus.DONE],
        )
        .select_related("person", "organization__headquarters")
        .order_by("position", "id")
    )
    current = next((r for r in rows if r.status == FloorStatus.SPEAKING), None)
    queue = [r for r in rows if r.status == FloorStatus.QUEUED]
    counts = Counter(r.constituency or BalanceGroup.OTHER for r in rows)
    balance = [(g.value, str(g.label), counts.get(g.value, 0)) for g in BalanceGroup]
    mine = None
    if getattr(user, "is_authenticated", False):
        mine = next(
            (r for r in rows if r.person_id == user.pk and r.status != FloorStatus.DONE), None
        )
    return Speakers(current=current, queue=queue, balance=balance, mine=mine)


@dataclass
class PresenceSummary:
    total: int
    by_group: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_subregion: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    visible_names: list[str]


def presence(session: Session) -> PresenceSummary:
    """Who is in the room, by constituency: counts of distinct people (a person with two tabs
    counts once) and the names of those who chose to be visible (two queries)."""
    rows = list(
        Presence.objects.filter(session=session)
        .values_list("person_id", "constituency", "stakeholder_type", "subregion", "country")
        .distinct()
    )
    people: dict[int, tuple[str, str, str, str]] = {}
    for person_id, group, stype, subregion, country in rows:
        people.setdefault(person_id, (group, stype, subregion, country))
    groups = dict(BalanceGroup.choices)
    types = dict(StakeholderType.choices)
    subregions = dict(Subregion.choices)
    countries = {p[3]: str(django_countries.name(p[3])) for p in people.values() if p[3]}

    def tally(index: int, labels: dict[str, Any]) -> list[tuple[str, int]]:
        counter = Counter(p[index] for p in people.values() if p[index])
        return [(str(labels.get(k, k)), n) for k, n in counter.most_common()]

    names = list(
        Presence.objects.filter(session=session, visible=True)
        .select_related("person")
        .order_by("person__display_name")
        .values_list("person__display_name", flat=True)
        .distinct()[:VISIBLE_NAMES_LIMIT]
    )
    return PresenceSummary(
        total=len(people),
        by_group=tally(0, groups),
        by_type=tally(1, types),
        by_subregion=tally(2, subregions),
        by_country=tally(3, countries),
        visible_names=names,
    )


def notes(session: Session) -> list[RapporteurNote]:
    return list(
        RapporteurNote.objects.filter(session=session)
        .select_related("agenda_item", "author")
        .order_by("agenda_item__position", "created_at", "id")
    )

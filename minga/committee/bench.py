"""Bench pages and data for the committee's calls for nominations.

Per unit of scale: 20 sessions with a call for each role (60 calls), 3,000 nominations
(skewed: the first call gets the most) and the votes of 15 committee members on the busiest
calls. The public call pages are measured over HTTP; the members-only workspace and
nominations pages are measured in ``tests/test_queries.py`` (bounded query counts).
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

SESSIONS_PER_SCALE = 20
NOMINATIONS_PER_SCALE = 3_000
MEMBERS = 15
TITLE_PREFIX = "[bench committee] "


def busiest_call() -> str:
    from django.db.models import Count

    from .models import Call

    call = (
        Call.objects.filter(session__title__startswith=TITLE_PREFIX)
        .annotate(n=Count("nominations"))
        .order_by("-n", "pk")
        .only("pk")
        .first()
    )
    if call is None:
        raise LookupError("no bench call")
    return f"/es/committee/calls/{call.pk}/"


PAGES = [
    Page("committee calls", "/es/committee/calls/"),
    Page("call for nominations, busiest", busiest_call),
]


def generate(ctx: "Context") -> None:
    from django.utils import timezone

    from bench.generate import bulk
    from minga.accounts.models import Role, RoleAssignment
    from minga.hearings.models import Session, SessionStatus

    from .models import Call, CallStatus, CommitteeMember, ConsentStatus, Nomination, Vote

    rng = ctx.rng
    people, orgs = ctx.person_ids, ctx.organization_ids
    if len(people) < MEMBERS + 2 or not orgs:
        return
    now = timezone.now()
    n_sessions = ctx.count(SESSIONS_PER_SCALE)
    sessions = [
        Session(
            review=ctx.review,
            title=f"{TITLE_PREFIX}Mesa redonda {i + 1}",
            starts_at=now + datetime.timedelta(days=30 + i),
            ends_at=now + datetime.timedelta(days=30 + i, hours=2),
            status=SessionStatus.PUBLISHED,
        )
        for i in range(n_sessions)
    ]
    bulk(Session, sessions, ctx, "committee sessions")
    session_ids = list(
        Session.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[-n_sessions:]
    calls = [
        Call(
            session_id=sid,
            role=role,
            seats=3,
            deadline=now + datetime.timedelta(days=10),
            eligibility="Personas con experiencia en procesos regionales.",
            rules={"min_women_percent": 40, "all_subregions": True, "min_migrant_led": 1},
            status=CallStatus.OPEN,
        )
        for sid in session_ids
        for role in ("panelist", "rapporteur", "moderator")
    ]
    bulk(Call, calls, ctx, "committee calls")
    call_ids = list(
        Call.objects.filter(session_id__in=session_ids).order_by("pk").values_list("pk", flat=True)
    )

    members = people[:MEMBERS]
    member_orgs = [rng.choice(orgs) for _ in members]
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user_id=p, role=Role.COMMITTEE_MEMBER, review=ctx.review) for p in members]
    )
    if not CommitteeMember.objects.filter(review=ctx.review).exists():
        bulk(
            CommitteeMember,
            (
                CommitteeMember(
                    review=ctx.review, person_id=p, organization_id=o, is_chair=(i == 0)
                )
                for i, (p, o) in enumerate(zip(members, member_orgs, strict=True))
            ),
            ctx,
            "committee members",
        )

    n_nominations = ctx.count(NOMINATIONS_PER_SCALE)
    weights = [1.0 / (1 + i) for i in range(len(call_ids))]
    total = sum(weights)
    nominees = people[MEMBERS:]

    def nomination_rows() -> Iterable[Nomination]:
        for call_id, weight in zip(call_ids, weights, strict=True):
            count = max(1, round(n_nominations * weight / total))
            for person in rng.sample(nominees, k=min(count, len(nominees))):
                yield Nomination(
                    call_id=call_id,
                    organization_id=rng.choice(orgs),
                    nominee_id=person,
                    nominee_email=f"nominee-{person}@bench.minga.test",
                    nominee_name=f"Persona {person}",
                    languages=rng.sample(["es", "en", "pt", "fr", "ht"], k=2),
                    justification="Experiencia en incidencia regional y relatoría de consultas.",
                    consent=ConsentStatus.CONFIRMED,
                )

    bulk(Nomination, nomination_rows(), ctx, "committee nominations")
    busiest = list(
        Nomination.objects.filter(call_id__in=call_ids[:3]).values_list("pk", "organization_id")
    )

    def vote_rows() -> Iterable[Vote]:
        for pk, org in busiest:
            for member, member_org in zip(members, member_orgs, strict=True):
                if member_org != org:
                    yield Vote(
                        nomination_id=pk,
                        member_id=member,
                        choice=rng.choice(["support", "support", "oppose", "abstain"]),
                        conflict_of_interest=rng.random() < 0.05,
                    )

    bulk(Vote, vote_rows(), ctx, "committee votes")

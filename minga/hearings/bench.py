"""Bench pages, data and live-room figures for sessions.

Per unit of scale: 20 sessions (scale 10 gives the issue's 200), each with five agenda items,
six people in roles and 50 registrations; the first session is the busiest live room with
500 questions and 5,000 votes per unit of scale. ``report()`` measures the live room's
fan-out: the time for N connected clients to receive one pushed update through the channel
layer (in memory; and Redis when REDIS_URL is set), reported by ``make bench``, never
asserted in tests.
"""

import asyncio
import datetime
import os
import statistics
import time
from typing import TYPE_CHECKING, Any

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

SESSIONS_PER_SCALE = 20
QUESTIONS_PER_SCALE = 500
VOTES_PER_SCALE = 5_000
TITLE_PREFIX = "[bench] "
FANOUT_CLIENTS = (100, 1_000, 2_000)


def busiest_session() -> int:
    from .models import Session

    session = (
        Session.objects.filter(title__startswith=TITLE_PREFIX).order_by("pk").only("pk").first()
    )
    if session is None:
        raise LookupError("no bench session")
    return session.pk


PAGES = [
    Page("programme", lambda: f"/es/sessions/?review={_review_slug()}"),
    Page("session, busiest", lambda: f"/es/sessions/{busiest_session()}/"),
    Page("live room, busiest", lambda: f"/es/sessions/{busiest_session()}/live/"),
    Page("live questions part", lambda: f"/es/sessions/{busiest_session()}/live/part/questions/"),
    Page("session calendar", lambda: f"/es/sessions/{busiest_session()}.ics"),
]


def _review_slug() -> str:
    from .models import Session

    session = (
        Session.objects.filter(title__startswith=TITLE_PREFIX).select_related("review").first()
    )
    if session is None:
        raise LookupError("no bench session")
    return session.review.slug


def generate(ctx: "Context") -> None:
    from django.utils import timezone

    from bench.generate import bulk

    from .models import AgendaItem, Question, QuestionVote, Registration, Session, SessionRole

    rng = ctx.rng
    people = ctx.person_ids
    if not people:
        return
    n_sessions = ctx.count(SESSIONS_PER_SCALE)
    start = timezone.now() + datetime.timedelta(days=30)
    sessions = [
        Session(
            review=ctx.review,
            title=f"{TITLE_PREFIX}Sesión {i + 1}",
            status="published",
            kind=rng.choice(["hearing", "roundtable", "consultation"]),
            starts_at=start + datetime.timedelta(hours=3 * i),
            ends_at=start + datetime.timedelta(hours=3 * i + 2),
            languages=["es", "en"],
            interpretation=["pt", "fr"],
            capacity=200,
        )
        for i in range(n_sessions)
    ]
    Session.objects.bulk_create(sessions)
    ctx.counts["sessions"] = n_sessions
    bulk(
        AgendaItem,
        (AgendaItem(session=s, position=p, title=f"Punto {p + 1}", duration_minutes=20)
         for s in sessions for p in range(5)),
        ctx, "agenda items",
    )  # fmt: skip
    roles = ["chair", "panelist", "panelist", "panelist", "moderator", "rapporteur"]
    bulk(
        SessionRole,
        (SessionRole(session=s, person_id=pid, role=role)
         for s in sessions
         for pid, role in zip(rng.sample(people, len(roles)), roles, strict=True)),
        ctx, "session roles",
    )  # fmt: skip
    bulk(
        Registration,
        (Registration(session=s, person_id=pid, status="confirmed")
         for s in sessions for pid in rng.sample(people, min(50, len(people)))),
        ctx, "registrations",
    )  # fmt: skip
    busiest = sessions[0]
    n_questions = ctx.count(QUESTIONS_PER_SCALE)
    questions = [
        Question(
            session=busiest,
            author_id=rng.choice(people),
            text=f"Pregunta de prueba número {i}",
            status=rng.choice(["approved", "approved", "pending", "answered"]),
        )
        for i in range(n_questions)
    ]
    Question.objects.bulk_create(questions)
    ctx.counts["session questions"] = n_questions
    n_votes = ctx.count(VOTES_PER_SCALE)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(n_votes, len(questions) * len(people)):
        pairs.add((rng.randrange(len(questions)), rng.choice(people)))
    bulk(
        QuestionVote,
        (QuestionVote(question=questions[q], voter_id=pid) for q, pid in pairs),
        ctx, "question votes",
    )  # fmt: skip
    counts: dict[int, int] = {}
    for q, _pid in pairs:
        counts[q] = counts.get(q, 0) + 1
    for index, question in enumerate(questions):
        question.vote_count = counts.get(index, 0)
    Question.objects.bulk_update(questions, ["vote_count"], batch_size=1000)


# Live-room fan-out -----------------------------------------------------------------------------


async def _fanout(layer: Any, clients: int, rounds: int = 5) -> dict[str, float]:
    """N channels in one group; each round one group_send; latency from send to each receive."""
    group = f"bench.fanout.{clients}"
    channels = [await layer.new_channel() for _ in range(clients)]
    for name in channels:
        await layer.group_add(group, name)
    per_client: list[float] = []
    to_last: list[float] = []
    sent = {"at": 0.0}

    async def receive(name: str) -> float:
        await layer.receive(name)
        return time.perf_counter() - sent["at"]

    for _ in range(rounds):
        waiting = [asyncio.ensure_future(receive(name)) for name in channels]
        await asyncio.sleep(0)
        sent["at"] = time.perf_counter()
        await layer.group_send(group, {"type": "room.changed", "topics": ["questions"]})
        latencies = await asyncio.gather(*waiting)
        per_client.extend(latencies)
        to_last.append(max(latencies))
    for name in channels:
        await layer.group_discard(group, name)
    per_client.sort()
    return {
        "p50_ms": 1000 * statistics.median(per_client),
        "p99_ms": 1000 * per_client[int(0.99 * (len(per_client) - 1))],
        "last_ms": 1000 * statistics.median(to_last),
    }


def run_in_own_loop(coroutine: Any) -> Any:
    """asyncio.run in a thread of its own: works even when the caller's thread already runs
    an event loop (e.g. Playwright's sync API in the same test process)."""
    import threading

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="own-event-loop")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def fanout_figures(
    backend: dict[str, Any], sizes: tuple[int, ...] = FANOUT_CLIENTS
) -> list[tuple[int, dict[str, float]]]:
    from django.utils.module_loading import import_string

    out = []
    for clients in sizes:
        layer = import_string(backend["BACKEND"])(**backend.get("CONFIG", {}))  # fresh per size
        out.append((clients, run_in_own_loop(_fanout(layer, clients))))
    return out


def report(say: Any = print, sizes: tuple[int, ...] = FANOUT_CLIENTS) -> str:
    """Live-room fan-out through the channel layer (no HTTP, no browser): one pushed update to
    N subscribed connections."""
    lines = ["Live room fan-out (one update to N connections through the channel layer):", ""]
    lines.append("| layer | clients | p50 ms | p99 ms | to last client ms |")
    lines.append("|---|---:|---:|---:|---:|")
    layers: list[tuple[str, dict[str, Any]]] = [
        (
            "in-memory",
            {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 100}},
        )
    ]
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        layers.append(
            (
                "redis",
                {
                    "BACKEND": "channels_redis.core.RedisChannelLayer",
                    "CONFIG": {"hosts": [redis_url], "prefix": "minga-bench"},
                },
            )
        )
    for name, backend in layers:
        for clients, figures in fanout_figures(backend, sizes):
            lines.append(
                f"| {name} | {clients:,} | {figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['last_ms']:.1f} |"
            )
    text = "\n".join(lines)
    say(text)
    return text

"""Bench pages, data and live-room figures for sessions.

Per unit of scale: 20 sessions (scale 10 gives the issue's 200), each with five agenda items,
six people in roles and 50 registrations; the first session is the busiest live room with
500 questions and 5,000 votes per unit of scale. ``report()`` measures the live room's
fan-out: the time for N connected clients to receive one pushed update through the channel
layer (in memory; and Redis when REDIS_URL is set), reported by ``make bench``, never
asserted in tests.
"""

import asyncio
import contextlib
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


def report(
    say: Any = print, sizes: tuple[int, ...] = FANOUT_CLIENTS, *, with_servers: bool = True
) -> str:
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
    redis_for_servers = os.environ.get("BENCH_LIVE_REDIS_URL", redis_url)
    if with_servers and redis_for_servers:
        try:
            lines += websocket_report(redis_for_servers)
        except (LookupError, RuntimeError, OSError) as exc:
            lines += ["", f"Live room through uvicorn: not measured ({exc})."]
    elif with_servers:
        lines += [
            "",
            "Live room through uvicorn: not measured (set REDIS_URL or BENCH_LIVE_REDIS_URL).",
        ]
    text = "\n".join(lines)
    say(text)
    return text


# Live room through real servers: WebSocket clients, one or two uvicorn processes, Redis -------

WS_CLIENTS = int(os.environ.get("BENCH_LIVE_CLIENTS", "2000"))
WS_EVENTS = int(os.environ.get("BENCH_LIVE_EVENTS", "100"))
WS_RATE = float(os.environ.get("BENCH_LIVE_RATE", "50"))


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))] if ordered else 0.0


async def _websocket_run(
    session_id: int, ports: list[int], redis_url: str, clients: int, events: int, rate: float,
    pids: list[int],
) -> dict[str, float]:  # fmt: skip
    import websockets
    from channels_redis.core import RedisChannelLayer
    from websockets.typing import Origin

    from .live import RoomCoalescer, group_name

    path = f"/ws/sessions/{session_id}/live/"
    connections: list[Any] = []

    async def connect(index: int) -> Any:
        port = ports[index % len(ports)]
        ws = await websockets.connect(
            f"ws://127.0.0.1:{port}{path}", origin=Origin(f"http://127.0.0.1:{port}"),
            open_timeout=60, max_queue=None, ping_interval=None,
        )  # fmt: skip
        await ws.recv()  # hello
        return ws

    # Warm every server up (imports, database connection) before the memory baseline.
    warm = await asyncio.gather(*(connect(i) for i in range(len(ports))))
    for ws in warm:
        await ws.close()
    await asyncio.sleep(0.5)
    rss_before = sum(_rss_kib(pid) for pid in pids)
    for start in range(0, clients, 100):
        batch = range(start, min(start + 100, clients))
        connections += await asyncio.gather(*(connect(i) for i in batch))
    await asyncio.sleep(1)
    rss_after = sum(_rss_kib(pid) for pid in pids)
    arrivals: list[dict[int, float]] = [{} for _ in range(events)]
    sent: list[float] = [0.0] * events

    lost = [0]

    async def listen(ws: Any, who: int) -> None:
        got = 0
        while got < events:
            try:
                message = await ws.recv()
            except websockets.ConnectionClosed:
                lost[0] += 1
                return
            now = time.perf_counter()
            data = __import__("json").loads(message)
            for topic in data.get("topics", []):
                if topic.startswith("bench-"):
                    arrivals[int(topic[6:])][who] = now
                    got += 1

    listeners = [asyncio.ensure_future(listen(ws, i)) for i, ws in enumerate(connections)]
    layer = RedisChannelLayer(hosts=[redis_url])  # the servers' prefix ("asgi")
    # Events go through the room's coalescer, as in production: a message carries every
    # event held since the previous one.
    coalescer = RoomCoalescer()
    group = group_name(session_id)

    async def push(topics: set[str]) -> None:
        await layer.group_send(group, {"type": "room.changed", "topics": sorted(topics)})

    for index in range(events):
        sent[index] = time.perf_counter()
        ready = coalescer.offer(session_id, [f"bench-{index}"])
        if ready is not None:
            await push(ready)
        for topics in coalescer.due().values():
            await push(topics)
        await asyncio.sleep(1 / rate)
    while (deadline := coalescer.next_deadline()) is not None:
        await asyncio.sleep(max(0.0, deadline - coalescer.clock()))
        for topics in coalescer.due().values():
            await push(topics)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*listeners), timeout=120)
    for ws in connections:
        with contextlib.suppress(Exception):
            await ws.close()
    alive = clients - lost[0]  # an update "reaches all" when every still-open client has it
    to_last = [max(a.values()) - sent[i] for i, a in enumerate(arrivals) if a and len(a) >= alive]
    each = [t - sent[i] for i, a in enumerate(arrivals) for t in a.values()]
    return {
        "complete_events": len(to_last),
        "p50_ms": 1000 * _percentile(to_last, 0.5),
        "p99_ms": 1000 * _percentile(to_last, 0.99),
        "delivery_p50_ms": 1000 * _percentile(each, 0.5),
        "kib_per_connection": (rss_after - rss_before) / clients if clients else 0.0,
        "lost_connections": lost[0],
    }


def websocket_figures(session_id: int, processes: int, redis_url: str, clients: int = WS_CLIENTS,
                      events: int = WS_EVENTS, rate: float = WS_RATE) -> dict[str, float]:  # fmt: skip
    """Start ``processes`` uvicorn servers sharing Redis, connect ``clients`` WebSocket
    clients spread over them, push ``events`` updates at ``rate`` per second into the room's
    group and time each one until the last client has it."""
    import subprocess
    import sys

    from django.conf import settings

    env = dict(os.environ, REDIS_URL=redis_url)
    ports = [_free_port() for _ in range(processes)]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own command line
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        import socket

        deadline = time.monotonic() + 90
        for port in ports:
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the live-room bench server did not start") from None
                    time.sleep(0.3)
        pids = [server.pid for server in servers]
        coroutine = _websocket_run(session_id, ports, redis_url, clients, events, rate, pids)
        return run_in_own_loop(coroutine)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def websocket_report(redis_url: str) -> list[str]:
    lines = [
        "",
        f"Live room through uvicorn (WebSocket clients on this machine; {WS_EVENTS} question/vote "
        f"events at {WS_RATE:g}/s through the room's coalescer; Redis channel layer):",
        "",
        "| server processes | clients | updates reaching all | p50 to last client ms | p99 to last client ms | p50 per delivery ms | KiB per connection | connections lost |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    session_id = busiest_session()
    for processes in (1, 2):
        f = websocket_figures(session_id, processes, redis_url)
        lines.append(
            f"| {processes} | {WS_CLIENTS:,} | {int(f['complete_events'])}/{WS_EVENTS} | "
            f"{f['p50_ms']:.0f} | {f['p99_ms']:.0f} | {f['delivery_p50_ms']:.0f} | "
            f"{f['kib_per_connection']:.0f} | {int(f['lost_connections'])} |"
        )
    return lines

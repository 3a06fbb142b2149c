"""The live room's WebSocket with Channels' in-memory layer and with the Redis layer, and two
server processes sharing Redis (cross-process delivery)."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from minga.hearings import actions, live
from minga.hearings.bench import run_in_own_loop
from minga.hearings.live import RoomCoalescer
from minga.hearings.models import Presence, QuestionStatus, Registration, SessionRole
from minga.hearings.routing import websocket_urlpatterns
from minga.testing import factories as f

from .conftest import make_session, register

REDIS_URL = "redis://127.0.0.1:6379/6"
IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def redis_layers() -> dict:
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"minga-test-{uuid.uuid4().hex[:8]}"},
        }
    }


def require_redis() -> None:
    """Redis is a service the suite needs: with MINGA_REQUIRE_SERVICES=1 its absence fails."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return
    except OSError:
        if os.environ.get("MINGA_REQUIRE_SERVICES") == "1":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379", pytrace=False)
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    if request.param == "redis":
        require_redis()
        settings.CHANNEL_LAYERS = redis_layers()
    else:
        settings.CHANNEL_LAYERS = IN_MEMORY
    return request.param


@pytest.fixture
def immediate(monkeypatch):
    """No coalescing delay: every change goes straight out (the coalescer is tested apart)."""
    flusher = live._flusher
    monkeypatch.setattr(flusher, "coalescer", RoomCoalescer(interval=0))


def communicator(session_id: int, user) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/sessions/{session_id}/live/"
    )
    comm.scope["user"] = user
    return comm


@pytest.fixture
def room(transactional_db, review, organization):
    session = make_session(review, format="virtual")
    author = f.make_user(display_name="Pat Participant")
    f.add_member(author, organization)
    register(author, session)
    moderator = f.make_user(display_name="Mona Moderator")
    SessionRole.objects.create(session=session, person=moderator, role="moderator")
    return session, author, moderator


def test_changes_reach_every_connected_client(layer, immediate, room):
    session, author, moderator = room

    async def scenario():
        watcher = communicator(session.pk, AnonymousUser())
        participant = communicator(session.pk, author)
        assert (await watcher.connect())[0]
        assert (await participant.connect())[0]
        assert (await watcher.receive_json_from(timeout=10))["type"] == "hello"
        assert (await participant.receive_json_from(timeout=10))["type"] == "hello"
        # The participant's arrival is presence news for the room (and checks them in).
        assert await watcher.receive_json_from(timeout=10) == {
            "type": "changed",
            "topics": ["presence"],
        }
        assert await participant.receive_json_from(timeout=10) == {
            "type": "changed",
            "topics": ["presence"],
        }
        assert await database_sync_to_async(Presence.objects.filter(session=session).count)() == 1
        checked = await database_sync_to_async(
            lambda: Registration.objects.get(person=author).checked_in_at
        )()
        assert checked is not None

        question = await database_sync_to_async(actions.do_ask_question)(
            author, session, "Does this reach everyone?"
        )
        for comm in (watcher, participant):
            assert await comm.receive_json_from(timeout=10) == {
                "type": "changed",
                "topics": ["questions"],
            }
        await database_sync_to_async(actions.do_moderate_question)(moderator, question, "approve")
        assert (await watcher.receive_json_from(timeout=10))["topics"] == ["questions"]
        await participant.disconnect()
        assert (await watcher.receive_json_from(timeout=10))["topics"] == ["presence"]
        assert await database_sync_to_async(Presence.objects.count)() == 0
        await watcher.send_json_to({"type": "ping"})
        assert await watcher.receive_json_from(timeout=10) == {"type": "pong"}
        assert await watcher.receive_nothing(timeout=0.1)
        await watcher.disconnect()

    run_in_own_loop(scenario())


def test_other_rooms_hear_nothing(layer, immediate, room, review):
    session, author, _moderator = room
    other = make_session(review, title="The other room")

    async def scenario():
        elsewhere = communicator(other.pk, AnonymousUser())
        assert (await elsewhere.connect())[0]
        await elsewhere.receive_json_from(timeout=10)  # hello
        await database_sync_to_async(actions.do_ask_question)(
            author, session, "Not for the other room"
        )
        assert await elsewhere.receive_nothing(timeout=0.3)
        await elsewhere.disconnect()

    run_in_own_loop(scenario())


def test_draft_or_unknown_sessions_refuse_the_socket(transactional_db, review, settings):
    settings.CHANNEL_LAYERS = IN_MEMORY
    draft = make_session(review, status="draft")

    async def scenario():
        for session_id in (draft.pk, 999999):
            comm = communicator(session_id, AnonymousUser())
            connected, _code = await comm.connect()
            assert not connected

    run_in_own_loop(scenario())


def test_a_burst_of_votes_is_coalesced_into_few_messages(layer, monkeypatch, room, review):
    """Thirty votes in one coalescing interval: one message at once, one when the interval
    ends (the clock is driven by hand)."""
    session, author, moderator = room
    clock = [1000.0]
    monkeypatch.setattr(live._flusher, "ensure_running", lambda: None)
    monkeypatch.setattr(live._flusher, "coalescer", RoomCoalescer(interval=0))
    question = actions.do_ask_question(author, session, "Vote for this question")
    actions.do_moderate_question(moderator, question, "approve")
    voters = [f.make_user() for _ in range(30)]
    for voter in voters:
        register(voter, session)
    coalescer = RoomCoalescer(interval=0.3, clock=lambda: clock[0])
    monkeypatch.setattr(live._flusher, "coalescer", coalescer)

    async def scenario():
        watcher = communicator(session.pk, AnonymousUser())
        assert (await watcher.connect())[0]
        await watcher.receive_json_from(timeout=10)  # hello
        for voter in voters:
            await database_sync_to_async(actions.do_vote_question)(voter, question)
        assert (await watcher.receive_json_from(timeout=10))["topics"] == ["questions"]
        assert await watcher.receive_nothing(timeout=0.3)  # the other 29 are held
        clock[0] += 0.3
        sent = await database_sync_to_async(live.flush_due)(coalescer, live.send_now)
        assert sent == 1
        assert (await watcher.receive_json_from(timeout=10))["topics"] == ["questions"]
        assert await watcher.receive_nothing(timeout=0.3)
        await watcher.disconnect()

    run_in_own_loop(scenario())
    question.refresh_from_db()
    assert question.vote_count == 30
    assert question.status == QuestionStatus.APPROVED


# Two server processes sharing Redis ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"server on port {port} did not start")


SETUP = """
import datetime
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from minga.hearings.models import Registration, Session
from minga.testing import factories as f
review = f.make_review("two-processes")
start = timezone.now() + datetime.timedelta(days=1)
session = Session.objects.create(review=review, title="Cross-process room", starts_at=start,
    ends_at=start + datetime.timedelta(hours=1), status="published", format="virtual")
user = f.make_user("cross@example.org", display_name="Cross Process")
Registration.objects.create(session=session, person=user, status="confirmed")
store = SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
print(session.pk, store.session_key)
"""


def test_two_server_processes_deliver_to_each_others_clients(tmp_path: Path):
    """A client on server A hears what happens on server B (Redis channel layer)."""
    require_redis()
    import websockets
    from websockets.typing import Origin

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINGA_", "TASKS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MINGA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'two.sqlite3'}",
            "REDIS_URL": REDIS_URL,
            "PYTHONUNBUFFERED": "1",
        }
    )
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    subprocess.run(
        [sys.executable, manage, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=600
    )
    out = subprocess.run(
        [sys.executable, manage, "shell", "-c", SETUP], env=env, check=True, timeout=120,
        capture_output=True, text=True,
    )  # fmt: skip
    session_id, session_key = out.stdout.split()[-2:]
    ports = [free_port(), free_port()]
    logs = [(tmp_path / f"server{i}.log").open("w+") for i in range(2)]
    servers = [
        subprocess.Popen(
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
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        deadline = time.monotonic() + 120
        for port, proc in zip(ports, servers, strict=True):
            wait_for_port(port, proc, deadline)

        async def scenario() -> dict:
            path = f"/ws/sessions/{session_id}/live/"
            origin_a = Origin(f"http://127.0.0.1:{ports[0]}")
            origin_b = Origin(f"http://127.0.0.1:{ports[1]}")
            async with websockets.connect(f"ws://127.0.0.1:{ports[0]}{path}", origin=origin_a) as a:
                assert json.loads(await asyncio.wait_for(a.recv(), 10))["type"] == "hello"
                # A signed-in participant enters through server B: presence changes.
                headers = {"Cookie": f"sessionid={session_key}"}
                async with websockets.connect(
                    f"ws://127.0.0.1:{ports[1]}{path}?visible=1", origin=origin_b,
                    additional_headers=headers,
                ) as b:  # fmt: skip
                    assert json.loads(await asyncio.wait_for(b.recv(), 10))["type"] == "hello"
                    return json.loads(await asyncio.wait_for(a.recv(), 10))

        message = run_in_own_loop(scenario())
        assert message == {"type": "changed", "topics": ["presence"]}
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.seek(0)
            sys.stdout.write(log.read())
            log.close()

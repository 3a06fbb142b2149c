"""The live room in a real browser with three people (two participants and a moderator), each
in their own browser context, against a real ASGI server (uvicorn, WebSockets) in a child
process with its own SQLite file: a question travels from one participant to the moderator,
is approved, reaches the other participant without reload, gets a vote, is highlighted and
answered; a request for the floor is queued, given and timed."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from .conftest import axe_violations

pytestmark = [pytest.mark.browser]

QUESTION = "How will States protect migrant workers' wages?"

SETUP = """
import datetime, json
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from minga.hearings.models import Registration, Session, SessionRole
from minga.testing import factories as f
review = f.make_review("browser-live")
start = timezone.now() + datetime.timedelta(hours=1)
session = Session.objects.create(review=review, title="Live hearing on labour migration",
    starts_at=start, ends_at=start + datetime.timedelta(hours=2), status="published",
    format="virtual", speaking_time_seconds=120)
migrants = f.make_organization("Red Migrante Andina", iso2="EC", stakeholder_type="migrant_led")
ministry = f.make_organization("Ministerio del Trabajo", iso2="MX", stakeholder_type="state")
keys = {}
for name, email, org in (("Ana Participant", "ana@example.org", migrants),
                         ("Bruno Participant", "bruno@example.org", ministry),
                         ("Mona Moderator", "mona@example.org", None)):
    user = f.make_user(email, display_name=name)
    if org:
        f.add_member(user, org)
        Registration.objects.create(session=session, person=user, status="confirmed")
    else:
        SessionRole.objects.create(session=session, person=user, role="moderator")
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    keys[email] = store.session_key
print(json.dumps({"session": session.pk, "keys": keys}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def asgi_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINGA_", "TASKS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MINGA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("REDIS_URL", None)  # one process, in-memory channel layer
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    subprocess.run(
        [sys.executable, manage, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=600
    )
    out = subprocess.run(
        [sys.executable, manage, "shell", "-c", SETUP],
        env=env, check=True, timeout=120, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, "the ASGI server exited"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the ASGI server did not start"
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", data
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.seek(0)
        sys.stdout.write(log.read())
        log.close()


def person(browser: Any, base_url: str, session_key: str, url: str) -> Any:
    context = browser.new_context(base_url=base_url, locale="en-US", timezone_id="Europe/Madrid")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "sessionid", "value": session_key, "url": base_url}])
    page = context.new_page()
    page.goto(url)
    page.locator("#live-room[data-live='1']").wait_for()  # the WebSocket is open
    return page


def test_three_people_in_the_live_room(
    browser: Any, asgi_server: tuple[str, dict[str, Any]]
) -> None:
    base_url, data = asgi_server
    url = f"/en/sessions/{data['session']}/live/"
    keys = data["keys"]
    ana = person(browser, base_url, keys["ana@example.org"], url)
    bruno = person(browser, base_url, keys["bruno@example.org"], url)
    mona = person(browser, base_url, keys["mona@example.org"], url)
    assert axe_violations(ana) == []
    # Presence by constituency reached the moderator without reload.
    presence = mona.locator("[data-part=presence]")
    presence.get_by_text("3 people in the room").wait_for()
    assert "States: 1" in presence.inner_text()

    # Ana asks; the moderator sees it pending; Bruno does not yet.
    ana.get_by_label("Your question").fill(QUESTION)
    ana.get_by_role("button", name="Send the question").click()
    mine = ana.locator("li.question", has_text=QUESTION)
    mine.get_by_text("Waiting for the moderators").wait_for()
    pending = mona.locator("li.question", has_text=QUESTION)
    pending.wait_for()
    assert "Ana Participant" in pending.inner_text()
    assert bruno.locator("li.question", has_text=QUESTION).count() == 0

    # Approved: it reaches Bruno within two seconds, without reload.
    pending.get_by_role("button", name="Approve").click()
    started = time.monotonic()
    seen = bruno.locator("li.question", has_text=QUESTION)
    seen.wait_for(timeout=2_000)
    assert time.monotonic() - started < 2.0
    assert "Red Migrante Andina" in seen.inner_text()  # the constituency badge

    # Bruno votes; everyone sees the count.
    seen.get_by_role("button", name=re.compile("^Vote")).click()
    seen.get_by_text("You voted").wait_for()
    mona.locator("li.question", has_text=QUESTION).locator("[data-votes]", has_text="1").wait_for()
    ana.locator("li.question", has_text=QUESTION).locator("[data-votes]", has_text="1").wait_for()

    # Highlighted, then answered.
    mona.locator("li.question", has_text=QUESTION).get_by_role("button", name="Highlight").click()
    bruno.locator("li.question--highlighted", has_text=QUESTION).get_by_text(
        "Being answered now"
    ).wait_for()
    mona.locator("li.question", has_text=QUESTION).get_by_role(
        "button", name="Mark answered"
    ).click()
    bruno.locator("li.question--answered", has_text=QUESTION).get_by_text("Answered").wait_for()
    assert bruno.locator("li.question--highlighted").count() == 0

    # Speakers list: Ana requests the floor, the moderator gives it, the timer runs for all.
    ana.get_by_label("I want to make a").select_option("statement")
    ana.get_by_role("button", name="Request the floor").click()
    queued = mona.locator(".queue li", has_text="Ana Participant")
    queued.wait_for()
    balance = mona.locator(".balance--migrants").inner_text()
    assert balance.endswith("1")
    queued.get_by_role("button", name="Give the floor").click()
    timer = bruno.locator("[data-timer]")
    timer.wait_for()
    bruno.wait_for_function(
        "() => /^[0-9]:[0-5][0-9]$/.test(document.querySelector('[data-timer]').textContent.trim())"
    )
    first = timer.inner_text()
    bruno.wait_for_function(
        f"() => document.querySelector('[data-timer]').textContent.trim() !== '{first}'"
    )
    minutes, seconds = (int(x) for x in timer.inner_text().split(":"))
    assert 0 < minutes * 60 + seconds <= 120
    assert axe_violations(mona) == []
    for page in (ana, bruno, mona):
        page.context.close()

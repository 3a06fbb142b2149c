"""`manage.py serve`: web server and task worker started, watched and stopped together."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from django.conf import settings

from minga.core.management.commands.serve import Supervisor, demo_accounts, format_accounts

PY = sys.executable


def sleeper(seconds: float = 60) -> list[str]:
    return [PY, "-c", f"import time; time.sleep({seconds})"]


def test_when_one_child_exits_the_others_are_stopped() -> None:
    supervisor = Supervisor(
        {"web server": sleeper(), "task worker": [PY, "-c", "import sys; sys.exit(3)"]}, poll=0.05
    )
    supervisor.start()
    name, code = supervisor.run()
    assert (name, code) == ("task worker", 3)
    web = supervisor.procs["web server"]
    assert web.returncode is not None  # stopped, not left behind
    assert web.returncode == -signal.SIGTERM


def test_a_stop_request_stops_every_child() -> None:
    supervisor = Supervisor({"a": sleeper(), "b": sleeper()}, poll=0.05)
    supervisor.start()
    supervisor.request_stop(signal.SIGINT)
    assert supervisor.run() == (None, 0)
    assert all(proc.returncode == -signal.SIGTERM for proc in supervisor.procs.values())


def test_a_second_stop_request_kills() -> None:
    stubborn = [
        PY,
        "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)",
    ]
    supervisor = Supervisor({"stubborn": stubborn}, poll=0.05)
    supervisor.procs["stubborn"] = subprocess.Popen(stubborn, stdout=subprocess.PIPE)
    assert supervisor.procs["stubborn"].stdout is not None
    supervisor.procs["stubborn"].stdout.readline()  # the SIGTERM handler is installed
    supervisor.request_stop(signal.SIGINT)
    supervisor.request_stop(signal.SIGINT)
    supervisor.procs["stubborn"].wait(timeout=30)
    assert supervisor.procs["stubborn"].returncode == -signal.SIGKILL


def test_demo_accounts_are_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "minga.demo", None)  # as if the module did not exist
    assert demo_accounts() == []
    assert format_accounts([]) == ""


def test_demo_accounts_from_the_demo_module(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("minga.demo")
    module.DEMO_ACCOUNTS = [  # type: ignore[attr-defined]
        ("Migrant", "migrant@demo.minga", "pw-one"),
        {"persona": "UN delegate", "email": "delegate@demo.minga", "password": "pw-two"},
    ]
    monkeypatch.setitem(sys.modules, "minga.demo", module)
    rows = demo_accounts()
    assert rows == [
        ("Migrant", "migrant@demo.minga", "pw-one"),
        ("UN delegate", "delegate@demo.minga", "pw-two"),
    ]
    text = format_accounts(rows)
    assert "delegate@demo.minga" in text
    assert "pw-one" in text

    module2 = types.ModuleType("minga.demo")
    module2.demo_accounts = lambda: [("Outsider", "out@demo.minga", "pw-3")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "minga.demo", module2)
    assert demo_accounts() == [("Outsider", "out@demo.minga", "pw-3")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINGA_", "TASKS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MINGA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
            "WORKER_HEARTBEAT_INTERVAL": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def fetch_health(port: int) -> tuple[int, dict] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return None


def test_serve_runs_the_site_and_a_working_task_worker(tmp_path: Path) -> None:
    """End to end: the worker really runs tasks (its heartbeat), and SIGTERM stops both."""
    env = child_env(tmp_path)
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    subprocess.run([PY, manage, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    serve = subprocess.Popen(
        [PY, manage, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        health = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and serve.poll() is None:
            health = fetch_health(port)
            if health is not None and health[0] == 200:
                break
            time.sleep(0.5)
        assert health is not None and health[0] == 200, (health, log_text(log))
        worker = health[1]["checks"]["worker"]
        assert worker["backend"] == "DatabaseBackend"
        assert worker["heartbeat_age_seconds"] is not None

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/minga.css") as css:
            assert css.status == 200  # WhiteNoise serves static files (finders in DEBUG)
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=60)
    output = log_text(log)
    assert code == 0, output
    assert f"Minga is running: open http://127.0.0.1:{port}/" in output
    assert "Stopped." in output
    assert fetch_health(port) is None  # nothing listens any more


def test_serve_refuses_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [PY, str(Path(settings.BASE_DIR) / "manage.py"), "serve", "--port", str(port)],
            env=child_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Port {port} is already in use" in result.stderr


def log_text(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()

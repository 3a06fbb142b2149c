"""`manage.py serve`: the web server and the task worker, together, in one command.

Starts two child processes, uvicorn (``config.asgi:application``; static files are served by
WhiteNoise) and ``manage.py worker``. Ctrl-C or SIGTERM stops both; when either dies the other
is stopped too, and the command exits with an error.
"""

import contextlib
import importlib
import signal
import socket
import subprocess
import sys
import time
from argparse import ArgumentParser
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

STOP_TIMEOUT = 20.0


class Supervisor:
    """Runs child processes; stops all when one exits or when asked to (signal)."""

    def __init__(self, commands: Mapping[str, list[str]], *, poll: float = 0.2) -> None:
        self.commands = dict(commands)
        self.poll = poll
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.stop_requested = False
        self.signals_received = 0

    def request_stop(self, signum: int, frame: FrameType | None = None) -> None:
        self.signals_received += 1
        self.stop_requested = True
        # First signal: ask politely. Second: kill.
        sig = signal.SIGTERM if self.signals_received == 1 else signal.SIGKILL
        self._send(sig)

    def _send(self, sig: int) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(sig)

    def start(self) -> None:
        for name, command in self.commands.items():
            # Own process group: a terminal's Ctrl-C reaches only us, and we forward it once.
            self.procs[name] = subprocess.Popen(command, process_group=0)  # noqa: S603

    def run(self, on_tick: Callable[[], None] | None = None) -> tuple[str | None, int]:
        """Wait until a child exits or a stop is requested; stop the rest.

        Returns (name of the child that exited first unasked, its exit code), or (None, 0)
        after a requested stop.
        """
        first: tuple[str | None, int] = (None, 0)
        while not self.stop_requested:
            exited = [(n, p.returncode) for n, p in self.procs.items() if p.poll() is not None]
            if exited:
                first = exited[0]
                break
            if on_tick is not None:
                on_tick()
            time.sleep(self.poll)
        self.stop_all()
        return first

    def stop_all(self) -> None:
        self._send(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def demo_accounts() -> list[tuple[str, str, str]]:
    """(persona, e-mail, password) of the demo accounts, if the optional demo module has them.

    ``minga.demo`` may expose ``DEMO_ACCOUNTS`` or ``demo_accounts()``: an iterable of
    (persona, email, password) tuples or of mappings with those keys.
    """
    try:
        demo = importlib.import_module("minga.demo")
    except ModuleNotFoundError as exc:
        if exc.name in ("minga.demo", "minga"):
            return []
        raise
    source: Any = getattr(demo, "DEMO_ACCOUNTS", None)
    if source is None and callable(getattr(demo, "demo_accounts", None)):
        source = demo.demo_accounts()
    rows: list[tuple[str, str, str]] = []
    for item in source or []:
        if isinstance(item, Mapping):
            rows.append((str(item["persona"]), str(item["email"]), str(item["password"])))
        else:
            persona, email, password = item
            rows.append((str(persona), str(email), str(password)))
    return rows


def format_accounts(rows: Iterable[tuple[str, str, str]]) -> str:
    rows = list(rows)
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = ["Demo accounts (persona, e-mail, password):"]
    lines += [f"  {p:<{widths[0]}}  {e:<{widths[1]}}  {pw}" for p, e, pw in rows]
    return "\n".join(lines)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Serve Minga: the ASGI web server (uvicorn) and the background task worker."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (%(default)s).")
        parser.add_argument("--port", type=int, default=8000, help="Port (%(default)s).")
        parser.add_argument(
            "--reload", action="store_true", help="Restart both processes when code changes."
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Start the web server only (no task worker)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        if port_open("127.0.0.1" if host in ("0.0.0.0", "::") else host, port):  # noqa: S104
            raise CommandError(f"Port {port} is already in use; choose another with --port.")

        manage = str(Path(settings.BASE_DIR) / "manage.py")
        web = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
        web += ["--host", host, "--port", str(port), "--lifespan", "off"]
        worker = [sys.executable, manage, "worker", "--no-startup-delay"]
        if options["reload"]:
            web += ["--reload", "--reload-dir", str(settings.BASE_DIR)]
            worker.append("--reload")
        else:
            worker.append("--no-reload")
        commands = {"web server": web}
        if not options["no_worker"]:
            commands["task worker"] = worker

        accounts = format_accounts(demo_accounts())
        supervisor = Supervisor(commands)
        signal.signal(signal.SIGINT, supervisor.request_stop)
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        supervisor.start()

        shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"  # noqa: S104
        url = f"http://{shown}:{port}/"
        announced = False

        def announce() -> None:
            nonlocal announced
            if announced or not port_open(shown, port):
                return
            announced = True
            lines = ["", "=" * 64, f"Minga is running: open {url}", ""]
            lines.append(
                "Languages: " + ", ".join(f"{url}{code}/" for code, _ in settings.LANGUAGES)
            )
            lines.append(f"Health:    {url}healthz")
            if accounts:
                lines += ["", accounts]
            lines += ["", "Press Ctrl-C to stop the web server and the task worker.", "=" * 64]
            self.stdout.write("\n".join(lines))
            self.stdout.flush()

        name, code = supervisor.run(on_tick=announce)
        if name is not None:
            raise CommandError(
                f"The {name} stopped (exit code {code}); the other processes were stopped too."
            )
        self.stdout.write("Stopped.")

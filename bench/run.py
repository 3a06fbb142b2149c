"""`python -m bench`: generate data, start a production-like server, load each page, report."""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
VAR_DIR = BASE_DIR / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/minga_bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scale", type=float, default=1, help="1 = a real review (500 organizations, 5,000 people)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL,
        help="PostgreSQL database (BENCH_DATABASE_URL, else DATABASE_URL, else %(default)s)",
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=500, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured requests per page")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument(
        "--pages", default="", help="comma-separated page names to measure (default: all)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop and re-create the bench database first"
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="count SQL queries; skip the load test"
    )
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(message, flush=True)


# Database ---------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def ensure_database(url: str, *, fresh: bool) -> None:
    """Create the bench database if it is missing (drop it first with `fresh`)."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found and fresh:
            if "bench" not in name:
                raise SystemExit(f"Refusing to drop {name!r}: its name does not contain 'bench'.")
            say(f"Dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            found = None
        if not found:
            say(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_env(database_url: str) -> dict[str, str]:
    """Production profile with DEBUG off, over plain HTTP on localhost."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "MINGA_PROFILE": "prod",
        "MINGA_BENCH": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "MINGA_VAR_DIR": str(VAR_DIR),
        "LOG_LEVEL": "WARNING",
    }


def prepare_data(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection, connections

    from bench import generate
    from bench.pages import app_modules

    call_command("migrate", interactive=False, verbosity=0)
    generators: list[Callable[[generate.Context], None]] = [
        module.generate for module in app_modules() if callable(getattr(module, "generate", None))
    ]
    signature = {
        "scale": args.scale,
        "generators": [f"{g.__module__}.{g.__name__}" for g in generators],
    }
    marker = VAR_DIR / f"generated-{database_name(args.database_url)}.json"
    current = json.loads(marker.read_text()) if marker.exists() else None
    if current == signature and generate.exists(args.scale):
        say(f"Bench data at scale {args.scale:g} already in place.")
        return
    if generate.has_bench_data():
        say("Bench data from another scale or generator set: starting from a fresh database.")
        connections.close_all()
        ensure_database(args.database_url, fresh=True)
        call_command("migrate", interactive=False, verbosity=0)
    marker.unlink(missing_ok=True)
    say(f"Generating scale {args.scale:g} ...")
    generate.generate(args.scale, generators, say=say)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    marker.write_text(json.dumps(signature))


# Measurements -----------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    path: str
    status: int | None = None
    queries: int | None = None
    p50: float | None = None
    p95: float | None = None
    throughput: float | None = None
    errors: int = 0
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def count_queries(rows: list[Row]) -> None:
    """SQL queries per request, measured in this process against the same database."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for row in rows:
        client.get(row.path)  # warm caches (content types, translations, templates)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(row.path)
        row.status = response.status_code
        row.queries = len(captured.captured_queries)
        if response.status_code != 200:
            row.note = f"HTTP {response.status_code}: not load-tested"
    connections.close_all()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, log_path: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--lifespan", "off", "--no-access-log", "--log-level", "warning"]
    log = log_path.open("wb")
    return subprocess.Popen(command, cwd=BASE_DIR, env=dict(os.environ), stdout=log, stderr=log)


def wait_ready(base_url: str, server: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the bench server exited during start-up")
        try:
            with urllib.request.urlopen(base_url + "/bench/trivial", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError("the bench server did not answer in time")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def load_pages(args: argparse.Namespace, rows: list[Row], base_url: str) -> dict[str, Any]:
    from bench.load import run_load
    from bench.pages import TRIVIAL

    def measure(row: Row) -> None:
        result = run_load(
            base_url,
            row.path,
            requests=args.requests,
            concurrency=args.concurrency,
            warmup=args.warmup,
        )
        row.p50, row.p95, row.throughput = result.p50, result.p95, result.throughput
        row.errors = result.errors
        say(f"  {row.name:<28} {result.throughput:8.1f} req/s  p50 {result.p50:7.1f} ms")

    trivial = next(r for r in rows if r.name == TRIVIAL)
    for row in rows:
        if row.status == 200:
            measure(row)
    # The trivial view again at the end: the baseline is the mean of both runs, and the
    # difference shows how steady the machine was during the run.
    again = Row(TRIVIAL + " (again)", trivial.path, status=trivial.status)
    measure(again)
    first, last = trivial.throughput or 0.0, again.throughput or 0.0
    drift = abs(first - last) / max(first, last) if max(first, last) else 0.0
    return {"trivial_throughput": (first + last) / 2, "trivial_drift": drift, "again": again}


# Report -----------------------------------------------------------------------------------------


def fmt(value: float | int | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table(rows: list[Row], baseline: float | None) -> str:
    header = ["page", "path", "SQL/req", "p50 ms", "p95 ms", "req/s", "× trivial", "errors"]
    lines = [header]
    for row in rows:
        ratio = baseline / row.throughput if baseline and row.throughput else None
        lines.append(
            [
                row.name,
                row.path,
                fmt(row.queries, "d"),
                fmt(row.p50, ".1f"),
                fmt(row.p95, ".1f"),
                fmt(row.throughput, ".0f"),
                fmt(ratio, ".1f"),
                str(row.errors) if row.status == 200 else row.note,
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("| " + " | ".join(cells) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def write_results(args: argparse.Namespace, rows: list[Row], summary: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-scale{args.scale:g}"
    data = {
        "when": stamp,
        "scale": args.scale,
        "concurrency": args.concurrency,
        "requests_per_page": args.requests,
        "server_workers": args.workers,
        "cpus": os.cpu_count(),
        **{k: v for k, v in summary.items() if k != "table"},
        "pages": [row.as_dict() for row in rows],
    }
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(data, indent=2))
    (RESULTS_DIR / f"{name}.md").write_text(summary["table"] + "\n")
    (RESULTS_DIR / "latest.md").write_text(summary["table"] + "\n")
    return RESULTS_DIR / name


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark runs on PostgreSQL: pass --database-url postgres://...")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    ensure_database(args.database_url, fresh=args.fresh)
    os.environ.update(django_env(args.database_url))
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.core.management import call_command

    from bench.pages import all_pages

    prepare_data(args)
    call_command("collectstatic", interactive=False, verbosity=0)

    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    rows: list[Row] = []
    for page in all_pages():
        if wanted and page.name not in wanted and page.name != "trivial":
            continue
        try:
            rows.append(Row(page.name, page.resolve()))
        except LookupError as exc:
            rows.append(Row(page.name, "?", note=str(exc)))
    say("Counting SQL queries per page ...")
    count_queries([r for r in rows if r.path != "?"])

    summary: dict[str, Any] = {}
    baseline = None
    if not args.queries_only:
        port = args.port or free_port()
        base_url = f"http://127.0.0.1:{port}"
        log_path = VAR_DIR / "server.log"
        say(f"Starting uvicorn with {args.workers} workers on {base_url} (log: {log_path})")
        server = start_server(port, args.workers, log_path)
        try:
            wait_ready(base_url, server)
            say(f"Loading each page: {args.requests} requests at concurrency {args.concurrency}")
            measured = load_pages(args, rows, base_url)
        except RuntimeError as exc:
            say(log_path.read_text()[-3000:])
            raise SystemExit(f"Benchmark failed: {exc}") from exc
        finally:
            stop_server(server)
        baseline = measured["trivial_throughput"]
        rows.append(measured["again"])
        summary["trivial_throughput"] = baseline
        summary["trivial_drift"] = measured["trivial_drift"]

    text = table(rows, baseline)
    from bench.pages import app_measures

    measures = app_measures()
    if measures:
        summary["measures"] = dict(measures)
        text += "\n\n" + "\n".join(f"- {name}: {value}" for name, value in measures)
    if args.queries_only:
        title = f"Minga bench — scale {args.scale:g}, SQL queries per request only."
    else:
        title = (
            f"Minga bench — scale {args.scale:g}, concurrency {args.concurrency}, "
            f"{args.requests} requests per page, {args.workers} uvicorn workers, "
            f"{os.cpu_count()} CPUs. × trivial = trivial req/s ÷ page req/s."
        )
    if summary.get("trivial_drift", 0) > 0.2:
        title += f" Warning: the trivial view's throughput moved {summary['trivial_drift']:.0%}."
    summary["table"] = f"{title}\n\n{text}"
    say("")
    say(summary["table"])
    path = write_results(args, rows, summary)
    say(f"\nResults written to {path.relative_to(BASE_DIR)}.json and .md")
    failed = [r for r in rows if r.status not in (200, None) or r.errors or r.path == "?"]
    return 1 if failed else 0

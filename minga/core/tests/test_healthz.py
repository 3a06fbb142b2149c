"""/healthz: database, cache and worker checks; 200 when healthy, 503 otherwise."""

import datetime
import io
import logging
import signal
import threading
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minga.core import health
from minga.core.management.commands.worker import QuietHeartbeat, heartbeat_loop

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(db: None) -> Iterator[None]:
    """Tasks go through django-tasks-db, as in development and production."""
    with override_settings(TASKS=DB_TASKS):
        yield


@pytest.fixture
def worker_db(transactional_db: None) -> Iterator[None]:
    """For tests that run the real worker loop: it closes connections that sit inside a
    transaction (as Django does between requests), so the test cannot wrap it in one."""
    with override_settings(TASKS=DB_TASKS):
        yield


@pytest.fixture
def keep_signal_handlers() -> Iterator[None]:
    """db_worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def get_health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.status_code, response.json()


def run_worker_once() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        verbosity=0,
        stdout=io.StringIO(),
    )


def make_task_result(**fields: object) -> DBTaskResult:
    values: dict = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": health.HEARTBEAT_TASK_PATH,
        "backend_name": "default",
        "run_after": datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC),
    }
    values.update(fields)
    return DBTaskResult.objects.create(**values)


def test_healthy_with_immediate_tasks(client: Client, db: None) -> None:
    status, body = get_health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "worker"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    # Tests run tasks in the request (ImmediateBackend): there is no worker to watch.
    assert body["checks"]["worker"]["worker"] == "not needed"


def test_only_safe_methods(client: Client, db: None) -> None:
    assert client.post("/healthz").status_code == 405


def test_database_failure_is_503(client: Client, db: None, monkeypatch) -> None:
    class Unreachable:
        vendor = "postgresql"

        def cursor(self) -> None:
            raise OperationalError("could not connect to server: secret-host.internal")

    monkeypatch.setattr(health, "connections", {"default": Unreachable()})
    status, body = get_health(client)
    assert status == 503
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"status": "error", "reason": "OperationalError"}
    # Exception details (host names, credentials) never reach the response.
    assert "secret-host" not in str(body)


def test_cache_failure_is_503(client: Client, db: None) -> None:
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        status, body = get_health(client)
    assert status == 503
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


def test_no_worker_heartbeat_is_503(client: Client, db_tasks: None) -> None:
    status, body = get_health(client)
    assert status == 503
    worker = body["checks"]["worker"]
    assert worker["status"] == "error"
    assert worker["heartbeat_age_seconds"] is None
    assert "no heartbeat" in worker["reason"]


def test_heartbeat_run_by_the_worker_makes_it_healthy(
    client: Client, worker_db: None, keep_signal_handlers: None
) -> None:
    assert health.enqueue_heartbeat() is True
    # Not yet run: still unhealthy.
    assert get_health(client)[0] == 503

    run_worker_once()

    status, body = get_health(client)
    assert status == 200, body
    worker = body["checks"]["worker"]
    assert worker["backend"] == "DatabaseBackend"
    assert worker["heartbeat_age_seconds"] is not None
    assert worker["heartbeat_age_seconds"] <= 60
    assert worker["oldest_ready_task_age_seconds"] is None


def test_stale_heartbeat_is_503(client: Client, db_tasks: None) -> None:
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    make_task_result(status=TaskResultStatus.SUCCESSFUL, finished_at=long_ago)
    with override_settings(HEALTHZ_HEARTBEAT_MAX_AGE=120):
        status, body = get_health(client)
    assert status == 503
    assert body["checks"]["worker"]["reason"] == "heartbeat is stale"
    assert body["checks"]["worker"]["heartbeat_age_seconds"] >= 300


def test_old_waiting_task_is_503_even_with_a_fresh_heartbeat(
    client: Client, db_tasks: None
) -> None:
    make_task_result(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    waiting = make_task_result(task_path="minga.somewhere.slow_task")
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    with override_settings(HEALTHZ_BACKLOG_MAX_AGE=600):
        status, body = get_health(client)
    assert status == 503
    worker = body["checks"]["worker"]
    assert worker["reason"] == "tasks are waiting too long"
    assert worker["oldest_ready_task_age_seconds"] >= 1200


def test_a_deferred_task_waits_from_its_run_after(client: Client, db_tasks: None) -> None:
    make_task_result(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    deferred = make_task_result(
        task_path="minga.somewhere.later", run_after=timezone.now() - datetime.timedelta(seconds=5)
    )
    DBTaskResult.objects.filter(pk=deferred.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(days=2)
    )
    status, body = get_health(client)
    assert status == 200
    assert body["checks"]["worker"]["oldest_ready_task_age_seconds"] < 600


def test_enqueue_heartbeat_does_not_pile_up(db_tasks: None) -> None:
    assert health.enqueue_heartbeat() is True
    assert health.enqueue_heartbeat() is False
    assert DBTaskResult.objects.filter(task_path=health.HEARTBEAT_TASK_PATH).count() == 1


def test_heartbeat_task_prunes_old_heartbeats(worker_db: None, keep_signal_handlers: None) -> None:
    old = make_task_result(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - datetime.timedelta(hours=1)
    )
    other = make_task_result(
        task_path="minga.other.task",
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=timezone.now() - datetime.timedelta(hours=1),
    )
    health.enqueue_heartbeat()
    run_worker_once()
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=other.pk).exists()
    assert DBTaskResult.objects.filter(
        task_path=health.HEARTBEAT_TASK_PATH, status=TaskResultStatus.SUCCESSFUL
    ).exists()


def test_heartbeat_loop_enqueues_then_stops(worker_db: None) -> None:
    stop = threading.Event()
    stop.set()
    heartbeat_loop("default", 60, stop)
    assert DBTaskResult.objects.filter(
        task_path=health.HEARTBEAT_TASK_PATH, status=TaskResultStatus.READY
    ).exists()


def test_routine_heartbeat_log_lines_are_filtered() -> None:
    quiet = QuietHeartbeat()

    def passes(level: int, path: str) -> bool:
        message = f"Task id=1 path={path} state=SUCCESSFUL"
        return quiet.filter(
            logging.LogRecord("django.tasks", level, __file__, 1, message, None, None)
        )

    assert passes(logging.INFO, health.HEARTBEAT_TASK_PATH) is False
    assert passes(logging.ERROR, health.HEARTBEAT_TASK_PATH) is True
    assert passes(logging.INFO, "minga.other.task") is True

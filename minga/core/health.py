"""Health checks behind /healthz, and the worker heartbeat they read.

The worker command (``manage.py worker``, a thin wrapper around django-tasks-db's
``db_worker``) enqueues the ``heartbeat`` task every few seconds; the worker runs it like any
other task. The finish time of the newest heartbeat is therefore proof that a worker is
claiming and running tasks, not merely that a process exists. /healthz also reports the age of
the oldest task that is ready to run but waiting, so a stuck or overloaded queue shows up.
"""

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.models import Case, F, Max, Min, When
from django.tasks import TaskResultStatus, task, task_backends
from django.tasks.base import TASK_MAX_PRIORITY
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

HEARTBEAT_TASK_PATH = "minga.core.health.heartbeat"
HEARTBEAT_KEEP = timedelta(minutes=10)

Check = dict[str, Any]


@task(priority=TASK_MAX_PRIORITY)
def heartbeat() -> None:
    """Does nothing but finish; its finish time is the worker's heartbeat.

    Also removes heartbeat results older than ``HEARTBEAT_KEEP`` so they do not pile up.
    """
    cutoff = timezone.now() - HEARTBEAT_KEEP
    DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK_PATH, finished_at__lt=cutoff).delete()


def enqueue_heartbeat(backend_alias: str = "default") -> bool:
    """Enqueue a heartbeat unless one is already waiting. Returns True if one was enqueued."""
    pending = DBTaskResult.objects.filter(
        backend_name=backend_alias,
        task_path=HEARTBEAT_TASK_PATH,
        status=TaskResultStatus.READY,
    ).exists()
    if pending:
        return False
    heartbeat.using(backend=backend_alias).enqueue()
    return True


def _age(moment: datetime | None, now: datetime) -> float | None:
    if moment is None:
        return None
    return round(max((now - moment).total_seconds(), 0.0), 1)


def check_database() -> Check:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    if row is None or row[0] != 1:
        return {"status": "error", "reason": "unexpected answer"}
    return {"status": "ok", "vendor": connections["default"].vendor}


def check_cache() -> Check:
    cache = caches["default"]
    key = f"minga:healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            return {"status": "error", "reason": "value not read back"}
    finally:
        cache.delete(key)
    return {"status": "ok", "backend": type(cache).__name__}


def check_worker() -> Check:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        # Immediate/dummy backends run (or drop) tasks in the web process: no worker to watch.
        return {"status": "ok", "backend": type(backend).__name__, "worker": "not needed"}

    now = timezone.now()
    results = DBTaskResult.objects.filter(backend_name=backend.alias)
    last_beat = results.filter(
        task_path=HEARTBEAT_TASK_PATH, status=TaskResultStatus.SUCCESSFUL
    ).aggregate(last=Max("finished_at"))["last"]
    # A task becomes runnable when enqueued, or at run_after when it was deferred.
    oldest_ready = (
        results.ready()
        .exclude(task_path=HEARTBEAT_TASK_PATH)
        .annotate(
            runnable_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
            )
        )
        .aggregate(oldest=Min("runnable_since"))["oldest"]
    )
    heartbeat_age = _age(last_beat, now)
    backlog_age = _age(oldest_ready, now)
    check: Check = {
        "status": "ok",
        "backend": type(backend).__name__,
        "heartbeat_age_seconds": heartbeat_age,
        "oldest_ready_task_age_seconds": backlog_age,
    }
    if heartbeat_age is None:
        check.update(status="error", reason="no heartbeat: is a worker running?")
    elif heartbeat_age > settings.HEALTHZ_HEARTBEAT_MAX_AGE:
        check.update(status="error", reason="heartbeat is stale")
    elif backlog_age is not None and backlog_age > settings.HEALTHZ_BACKLOG_MAX_AGE:
        check.update(status="error", reason="tasks are waiting too long")
    return check


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}


def run_checks() -> tuple[bool, dict[str, Check]]:
    """Run every check; a check that raises is reported as an error (class name only)."""
    results: dict[str, Check] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:
            logger.exception("Health check %s failed", name)
            results[name] = {"status": "error", "reason": type(exc).__name__}
    healthy = all(result["status"] == "ok" for result in results.values())
    return healthy, results

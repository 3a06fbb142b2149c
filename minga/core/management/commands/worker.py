"""`manage.py worker`: django-tasks-db's db_worker plus the heartbeat /healthz reads."""

import logging
import os
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from minga.core import health

logger = logging.getLogger("minga.worker")

# Periodic work of higher apps (which core must not import): they append
# (enqueue(backend_alias), interval in seconds) here in their AppConfig.ready, and the heartbeat
# thread calls each enqueue function at most once per interval.
PERIODIC: list[tuple[Callable[[str], object], float]] = []


class QuietHeartbeat(logging.Filter):
    """Keep the routine heartbeat out of the log (its failures still show)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or health.HEARTBEAT_TASK_PATH not in str(
            record.getMessage()
        )


def heartbeat_loop(backend_alias: str, interval: float, stop: threading.Event) -> None:
    """Enqueue a heartbeat task now and then every `interval` seconds until `stop` is set
    (and the PERIODIC tasks when they are due)."""
    last_run: dict[int, float] = {}
    while True:
        try:
            health.enqueue_heartbeat(backend_alias)
            for index, (enqueue, every) in enumerate(PERIODIC):
                if time.monotonic() - last_run.get(index, float("-inf")) >= every:
                    last_run[index] = time.monotonic()
                    try:
                        enqueue(backend_alias)
                    except Exception:
                        logger.warning("Could not enqueue %r", enqueue, exc_info=True)
        except Exception:
            logger.warning("Could not enqueue the worker heartbeat", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only
        if stop.wait(interval):
            return


class Command(DBWorkerCommand):
    help = (
        "Run the background task worker (django-tasks-db's db_worker) and enqueue a heartbeat "
        "task every few seconds so /healthz can tell that tasks are being run."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat-interval",
            type=float,
            default=settings.WORKER_HEARTBEAT_INTERVAL,
            help="Seconds between heartbeats (default: %(default)s, WORKER_HEARTBEAT_INTERVAL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("heartbeat_interval")
        # With --reload the parent process only watches files; the heartbeat belongs in the
        # child that runs tasks.
        runs_tasks = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if runs_tasks and not options["batch"] and interval > 0:
            logging.getLogger("django.tasks").addFilter(QuietHeartbeat())
            stop = threading.Event()
            thread = threading.Thread(
                target=heartbeat_loop,
                args=(options["backend_name"], interval, stop),
                name="minga-heartbeat",
                daemon=True,
            )
            thread.start()
        super().handle(*args, **options)

"""Background tasks (django.tasks): run by `manage.py worker`, immediately in tests."""

from django.tasks import task

# How often the worker checks whether a snapshot build is due.
SNAPSHOT_CHECK_INTERVAL = 3600.0


@task()
def build_snapshots() -> int:
    """Build a snapshot of every export; returns the number of files written."""
    from .actions import do_build_snapshots

    return len(do_build_snapshots(None))


def enqueue_due_snapshots(backend_alias: str = "default") -> bool:
    """Enqueue ``build_snapshots`` when the newest build is too old and none is waiting."""
    from django.tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .snapshots import is_due

    if not is_due():
        return False
    if isinstance(task_backends[backend_alias], DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            backend_name=backend_alias,
            task_path=f"{__name__}.build_snapshots",
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).exists()
        if waiting:
            return False
    build_snapshots.using(backend=backend_alias).enqueue()
    return True

"""Background tasks (django.tasks): retention, run by the worker every hour."""

from django.tasks import task

RETENTION_INTERVAL = 3600.0


@task()
def apply_retention() -> dict[str, int]:
    from .actions import do_apply_retention

    return do_apply_retention()


def enqueue_retention(backend_alias: str = "default") -> bool:
    apply_retention.using(backend=backend_alias).enqueue()
    return True

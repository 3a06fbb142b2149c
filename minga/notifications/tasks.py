"""Background tasks (django.tasks): run by `manage.py worker`, immediately in tests."""

from django.tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications one by one (the ones not e-mailed yet)."""
    from .actions import do_send_notification_emails

    return do_send_notification_emails(None, notification_ids)


@task()
def send_due_digests() -> int:
    """Send the daily and weekly digests that are due. Safe to run as often as wanted."""
    from .actions import do_send_digests

    return do_send_digests(None)


def enqueue_due_digests(backend_alias: str = "default") -> bool:
    """Enqueue ``send_due_digests`` unless one is already waiting (the worker calls this)."""
    from django.tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if isinstance(task_backends[backend_alias], DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            backend_name=backend_alias,
            task_path=f"{__name__}.send_due_digests",
            status=TaskResultStatus.READY,
        ).exists()
        if waiting:
            return False
    send_due_digests.using(backend=backend_alias).enqueue()
    return True

"""Background tasks of the follow-up (django.tasks; the worker enqueues reminders periodically)."""

from django.tasks import task


@task()
def send_reminders() -> int:
    from .actions import do_send_reminders

    return do_send_reminders(None)


def enqueue_reminders(backend_alias: str = "default") -> bool:
    send_reminders.using(backend=backend_alias).enqueue()
    return True

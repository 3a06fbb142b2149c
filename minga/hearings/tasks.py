"""Background tasks (django.tasks): run by `manage.py worker`, immediately in tests."""

from django.tasks import task


@task()
def send_ticket(registration_id: int) -> bool:
    """E-mail the confirmation with the QR ticket (if the registration is still confirmed)."""
    from . import emails
    from .models import Registration, RegistrationStatus

    registration = (
        Registration.objects.select_related("person", "session__review")
        .filter(pk=registration_id, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        return False
    emails.send_ticket(registration)
    return True


@task()
def send_due_reminders() -> int:
    from .actions import do_prune_presence, do_send_reminders

    do_prune_presence()
    return do_send_reminders(None)


def enqueue_due_reminders(backend_alias: str = "default") -> bool:
    """Enqueue ``send_due_reminders`` unless one is already waiting (the worker calls this)."""
    from django.tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if isinstance(task_backends[backend_alias], DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            backend_name=backend_alias,
            task_path=f"{__name__}.send_due_reminders",
            status=TaskResultStatus.READY,
        ).exists()
        if waiting:
            return False
    send_due_reminders.using(backend=backend_alias).enqueue()
    return True

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker enqueues the reminder task (it e-mails only the reminders that are due).
REMINDER_ENQUEUE_INTERVAL = 900.0


class HearingsConfig(AppConfig):
    name = "minga.hearings"
    label = "hearings"
    verbose_name = _("Review sessions")

    def ready(self) -> None:
        from minga.core.management.commands import worker

        from .tasks import enqueue_due_reminders

        periodic = (enqueue_due_reminders, REMINDER_ENQUEUE_INTERVAL)
        if periodic not in worker.PERIODIC:
            worker.PERIODIC.append(periodic)

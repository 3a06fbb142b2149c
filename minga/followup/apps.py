from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker enqueues the reminders task (seconds; it sends only what is due).
REMINDER_INTERVAL = 3600.0


class FollowupConfig(AppConfig):
    name = "minga.followup"
    label = "followup"
    verbose_name = _("Follow-up of recommendations")

    def ready(self) -> None:
        from minga.core.management.commands import worker

        from . import links
        from .tasks import enqueue_reminders

        links.register()
        periodic = (enqueue_reminders, REMINDER_INTERVAL)
        if periodic not in worker.PERIODIC:
            worker.PERIODIC.append(periodic)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker enqueues the digest task (it sends only the digests that are due).
DIGEST_ENQUEUE_INTERVAL = 600.0


class NotificationsConfig(AppConfig):
    name = "minga.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from minga.core.management.commands import worker

        from . import subscribers
        from .tasks import enqueue_due_digests

        subscribers.register()
        periodic = (enqueue_due_digests, DIGEST_ENQUEUE_INTERVAL)
        if periodic not in worker.PERIODIC:
            worker.PERIODIC.append(periodic)

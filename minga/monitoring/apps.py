from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "minga.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring mechanism")

    def ready(self) -> None:
        from minga.core.management.commands import worker

        from . import checks  # noqa: F401 - registers the deployment check
        from . import logging as monitoring_logging
        from .tasks import RETENTION_INTERVAL, enqueue_retention

        monitoring_logging.install()
        periodic = (enqueue_retention, RETENTION_INTERVAL)
        if periodic not in worker.PERIODIC:
            worker.PERIODIC.append(periodic)

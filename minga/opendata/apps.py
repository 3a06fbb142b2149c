from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "minga.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from minga.core.management.commands import worker

        from . import (
            datasets,  # noqa: F401  (registers the exports)
            monitoring,  # noqa: F401  (monitoring aggregates: export, measure)
            reporting,  # noqa: F401  (reports and recommendations)
        )
        from .tasks import SNAPSHOT_CHECK_INTERVAL, enqueue_due_snapshots

        periodic = (enqueue_due_snapshots, SNAPSHOT_CHECK_INTERVAL)
        if periodic not in worker.PERIODIC:
            worker.PERIODIC.append(periodic)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "minga.reports"
    label = "reports"
    verbose_name = _("Review reports")

    def ready(self) -> None:
        from . import evidence, timeline, workspace

        evidence.register_builtin_kinds()
        timeline.register_providers()
        workspace.register()

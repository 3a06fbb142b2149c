from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "minga.committee"
    label = "committee"
    verbose_name = _("Civil Society Committee")

    def ready(self) -> None:
        from . import links, workspace

        workspace.register_builtins()
        links.register()

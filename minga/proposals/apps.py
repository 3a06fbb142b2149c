from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "minga.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from .timeline import register_providers

        register_providers()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "minga.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from . import datasets  # noqa: F401  (registers the exports)

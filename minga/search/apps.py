from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "minga.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from minga.core import events

        from . import indexer

        events.subscribe("search.index", indexer.on_index)
        events.subscribe("search.remove", indexer.on_remove)

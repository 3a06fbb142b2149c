from typing import Any

from django.core.management.base import BaseCommand

from minga.search.actions import do_rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the site search index from every model that defines search_document()."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_rebuild_search_index(None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} items."))

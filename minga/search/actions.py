from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from minga.core import audit

from . import indexer, queries
from .models import SearchEntry

BATCH = 500


@transaction.atomic
def do_rebuild_search_index(actor: Any = None) -> dict[str, int]:
    """Forget the index and ask every searchable model for its documents again (in batches:
    one INSERT per 500 entries, then the SQLite full-text table refilled in one statement)."""
    counts: dict[str, int] = {}
    SearchEntry.objects.all().delete()
    for model in queries.searchable_models():
        content_type = ContentType.objects.get_for_model(model)
        prepared = getattr(model, "search_queryset", None)
        queryset = prepared() if callable(prepared) else model._default_manager.all()
        batch: list[SearchEntry] = []
        count = 0
        for item in queryset.order_by("pk").iterator(chunk_size=BATCH):
            document = item.search_document()
            if document is None:
                continue
            batch.append(
                SearchEntry(
                    content_type=content_type,
                    object_id=item.pk,
                    **indexer.entry_values(document),
                )
            )
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
        counts[model._meta.label_lower] = count
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry_fts")
            cursor.execute(
                "INSERT INTO search_searchentry_fts (rowid, title, body) "
                "SELECT id, title, body FROM search_searchentry"
            )
    audit.record(actor, "search.rebuild", None, counts=counts)
    return counts

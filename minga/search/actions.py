from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from minga.core import audit

from . import indexer, queries
from .models import SearchEntry

BATCH = 500


@transaction.atomic
def do_rebuild_search_index(actor: Any = None) -> dict[str, int]:
    """Forget the index and ask every searchable model for its documents again."""
    counts: dict[str, int] = {}
    SearchEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry_fts")
    for model in queries.searchable_models():
        content_type = ContentType.objects.get_for_model(model)
        manager = model._default_manager
        prepared = getattr(model, "search_queryset", None)
        queryset = prepared() if callable(prepared) else manager.all()
        count = 0
        for item in queryset.order_by("pk").iterator(chunk_size=BATCH):
            if indexer.index(item) is not None:
                count += 1
        counts[content_type.model_class()._meta.label_lower] = count  # type: ignore[union-attr]
    audit.record(actor, "search.rebuild", None, counts=counts)
    return counts

"""Keeps the search index in step with the content: subscribers to ``search.index`` and
``search.remove`` (connected in SearchConfig.ready) and the helpers the rebuild uses."""

import re
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from minga.core.events import Event
from minga.core.search import SearchDocument

from .models import SearchEntry

_CODES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
_LANGUAGE_PREFIX = re.compile(rf"^/({_CODES})/")


def plain_path(url: str) -> str:
    """The item's path without the interface-language prefix (added back when shown)."""
    return _LANGUAGE_PREFIX.sub("/", url, count=1)


_MARKUP = re.compile(
    r"^[ \t]*[#>]+|[*`\x00-\x08\x0b\x0c\x0e-\x1f]+|(?<!\w)_+|_+(?!\w)", re.MULTILINE
)


def plain_text(text: str) -> str:
    """Markdown emphasis, heading and quote marks and control characters out of the indexed
    text (snippets show words, not syntax; the highlight marks cannot be forged)."""
    return _MARKUP.sub("", text or "")


def entry_values(document: SearchDocument) -> dict[str, Any]:
    return {
        "kind": document.kind[:100],
        "title": plain_text(document.title)[:300],
        "body": plain_text(document.body),
        "language": (document.language or "")[:8],
        "url": plain_path(document.url)[:500],
        "objectives": "|" + "|".join(str(n) for n in document.objectives) + "|"
        if document.objectives
        else "",
        "countries": "|" + "|".join(c.upper() for c in document.countries) + "|"
        if document.countries
        else "",
        "created_at": document.created_at,
    }


def _fts_write(entry_id: int, title: str | None, body: str | None) -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL: a generated column follows the row
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry_fts WHERE rowid = %s", [entry_id])
        if title is not None:
            cursor.execute(
                "INSERT INTO search_searchentry_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [entry_id, title, body or ""],
            )


@transaction.atomic
def remove(content_type_id: int, object_id: int) -> None:
    for entry_id in SearchEntry.objects.filter(
        content_type_id=content_type_id, object_id=object_id
    ).values_list("id", flat=True):
        _fts_write(entry_id, None, None)
    SearchEntry.objects.filter(content_type_id=content_type_id, object_id=object_id).delete()


@transaction.atomic
def index(item: models.Model) -> SearchEntry | None:
    """Write (or drop, when the item says it is not public) the item's entry."""
    content_type = ContentType.objects.get_for_model(item)
    document = item.search_document()  # type: ignore[attr-defined]
    if document is None:
        remove(content_type.pk, item.pk)
        return None
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type, object_id=item.pk, defaults=entry_values(document)
    )
    _fts_write(entry.pk, entry.title, entry.body)
    return entry


def on_index(event: Event) -> None:
    if event.target is not None and callable(getattr(event.target, "search_document", None)):
        index(event.target)


def on_remove(event: Event) -> None:
    content_type_id = event.data.get("content_type_id")
    object_id = event.data.get("object_id")
    if content_type_id is None and event.target is not None:
        content_type_id = ContentType.objects.get_for_model(event.target).pk
        object_id = event.target.pk
    if content_type_id is not None and object_id is not None:
        remove(int(content_type_id), int(object_id))

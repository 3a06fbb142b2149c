"""Reads of the moderation app: blocked people, the flag queue, hidden items, revisions."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Max, Q

from .models import Block, Flag, FlagStatus, Moderated, Revision

QUEUE_PAGE_SIZE = 25
HIDDEN_LIMIT = 50


def is_blocked(user: Any) -> bool:
    """True if the person is blocked from writing (one query per request, cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_minga_blocked", None)
    if cached is None:
        cached = Block.objects.filter(person_id=user.pk).exists()
        user._minga_blocked = cached
    return bool(cached)


def clear_cache(user: Any) -> None:
    if hasattr(user, "_minga_blocked"):
        delattr(user, "_minga_blocked")


def moderated_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, Moderated)]


def item_url(item: Any) -> str:
    get_url = getattr(item, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


@dataclass
class QueueItem:
    content_type: ContentType
    object_id: int
    open_flags: int
    last_flagged_at: datetime.datetime
    item: Any = None  # None when the item was deleted meanwhile
    flags: list[Flag] = field(default_factory=list)

    @property
    def url(self) -> str:
        return item_url(self.item) if self.item is not None else ""

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for flag in self.flags:
            counts[flag.get_reason_display()] += 1
        return sorted(counts.items(), key=lambda pair: -pair[1])


def _items_by_key(keys: list[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    """Fetch generic items: one query per content type."""
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, object_id in keys:
        ids_by_type[type_id].append(object_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    return found


def flag_queue(page_number: Any = 1) -> Page:
    """Items with open flags, most flagged first; each with its flags and the item itself.

    Queries: count + page of groups + their flags + one per content type on the page."""
    groups = (
        Flag.objects.filter(status=FlagStatus.OPEN)
        .values("content_type_id", "object_id")
        .annotate(open_flags=Count("id"), last_flagged_at=Max("created_at"))
        .order_by("-open_flags", "-last_flagged_at", "content_type_id", "object_id")
    )
    page = Paginator(groups, QUEUE_PAGE_SIZE).get_page(page_number)
    rows = [
        QueueItem(
            content_type=ContentType.objects.get_for_id(g["content_type_id"]),
            object_id=g["object_id"],
            open_flags=g["open_flags"],
            last_flagged_at=g["last_flagged_at"],
        )
        for g in page.object_list
    ]
    if rows:
        keys = [(r.content_type.pk, r.object_id) for r in rows]
        condition = Q()
        for type_id, object_id in keys:
            condition |= Q(content_type_id=type_id, object_id=object_id)
        flags_by_key: dict[tuple[int, int], list[Flag]] = defaultdict(list)
        for flag in (
            Flag.objects.filter(condition, status=FlagStatus.OPEN)
            .select_related("reporter")
            .order_by("created_at")
        ):
            flags_by_key[(flag.content_type_id, flag.object_id)].append(flag)
        items = _items_by_key(keys)
        for row in rows:
            key = (row.content_type.pk, row.object_id)
            row.flags = flags_by_key[key]
            row.item = items.get(key)
    page.object_list = rows  # type: ignore[assignment]
    return page


def open_flag_count() -> int:
    return Flag.objects.filter(status=FlagStatus.OPEN).count()


def hidden_items(limit: int = HIDDEN_LIMIT) -> list[Any]:
    """Recently hidden items of every moderated model (one query per model), newest first."""
    found: list[Any] = []
    for model in moderated_models():
        found.extend(model._default_manager.filter(is_hidden=True).order_by("-hidden_at")[:limit])
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    found.sort(key=lambda obj: obj.hidden_at or epoch, reverse=True)
    return found[:limit]


def open_flags_of(item: models.Model) -> list[Flag]:
    content_type = ContentType.objects.get_for_model(item)
    return list(
        Flag.objects.filter(content_type=content_type, object_id=item.pk, status=FlagStatus.OPEN)
        .select_related("reporter")
        .order_by("created_at")
    )


def has_flagged(user: Any, item: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    content_type = ContentType.objects.get_for_model(item)
    return Flag.objects.filter(
        content_type=content_type, object_id=item.pk, reporter_id=user.pk
    ).exists()


def revisions_of(item: models.Model) -> list[Revision]:
    """The item's previous versions, newest first, with their editors (one query)."""
    content_type = ContentType.objects.get_for_model(item)
    return list(
        Revision.objects.filter(content_type=content_type, object_id=item.pk)
        .select_related("editor")
        .order_by("-created_at", "-pk")
    )


def blocked_people() -> list[Block]:
    return list(Block.objects.select_related("person", "blocked_by").order_by("-created_at"))

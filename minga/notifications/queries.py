"""Reads of the notifications app, each in a bounded number of queries."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q

from .models import Follow, Notification

PAGE_SIZE = 20


def unread_count(user: Any) -> int:
    """One COUNT (the header shows it on every page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notifications_page(user: Any, page_number: Any) -> Page:
    """A page of the person's notifications, newest first: a COUNT and one SELECT."""
    qs = Notification.objects.filter(recipient_id=user.pk).only(
        "id", "event", "data", "url", "created_at", "read_at"
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


def follow_state(user: Any, target: models.Model) -> dict[str, Any]:
    """Followers of ``target`` and whether ``user`` is one of them, in one query."""
    target_type = ContentType.objects.get_for_model(target)
    qs = Follow.objects.filter(target_type=target_type, target_id=target.pk)
    if getattr(user, "is_authenticated", False):
        counts = qs.aggregate(total=Count("id"), mine=Count("id", filter=Q(user_id=user.pk)))
    else:
        counts = {"total": qs.count(), "mine": 0}
    return {
        "count": counts["total"],
        "following": bool(counts["mine"]),
        "key": target._meta.label_lower,
        "id": target.pk,
    }


def follows_of(user: Any) -> list[Follow]:
    """The person's follows with their targets (one query per kind of target, at most four)."""
    follows = list(
        Follow.objects.filter(user_id=user.pk)
        .select_related("target_type")
        .prefetch_related("target")
    )
    return [f for f in follows if f.target is not None]

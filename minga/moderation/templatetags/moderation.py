from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from minga.moderation.permissions import can_moderate

register = template.Library()


def _args(item: Any) -> list[int]:
    return [ContentType.objects.get_for_model(item).pk, item.pk]


@register.simple_tag
def flag_url(item: Any) -> str:
    """The page with the form to report ``item`` (content types are cached: no query)."""
    return reverse("moderation:flag", args=_args(item))


@register.simple_tag
def moderation_url(item: Any) -> str:
    """The moderators' page of ``item`` (status, flags, hide/restore, edit history)."""
    return reverse("moderation:item", args=_args(item))


@register.filter
def may_moderate(user: Any) -> bool:
    return can_moderate(user)

from typing import Any

from django import template
from django.db import models

from .. import queries
from ..followable import is_followable

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context: dict[str, Any], target: models.Model) -> dict[str, Any] | None:
    """Follower count and the viewer's follow of ``target`` (one query); None if not followable."""
    if not is_followable(target):
        return None
    request = context.get("request")
    user = getattr(request, "user", None)
    return queries.follow_state(user, target)


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    return queries.unread_count(getattr(request, "user", None))

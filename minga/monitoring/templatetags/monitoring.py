from typing import Any

from django import template

from minga.monitoring.permissions import is_reviewer

register = template.Library()


@register.filter
def may_review_monitoring(user: Any) -> bool:
    return is_reviewer(user)

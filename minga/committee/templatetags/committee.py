from typing import Any

from django import template

from minga.committee import permissions

register = template.Library()


@register.filter
def sits_on_committee(user: Any) -> bool:
    """Show the committee workspace link (no query beyond the cached role lookup)."""
    return permissions.sits_anywhere(user)

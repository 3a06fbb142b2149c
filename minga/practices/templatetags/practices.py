from typing import Any

from django import template

from minga.practices import queries

register = template.Library()


@register.simple_tag
def adoptions_for(item: Any) -> list[Any]:
    """Published practices the item (an initiative or proposal) draws on; one query."""
    return queries.adoptions_for(item)

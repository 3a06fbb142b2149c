from typing import Any

from django import template
from django.utils.safestring import SafeString

from minga.core.markdown import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)

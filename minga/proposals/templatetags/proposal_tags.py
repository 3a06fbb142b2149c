from typing import Any

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_present(context: Any, name: str, **extra: Any) -> SafeString:
    """Include another app's partial when that app provides it (apps are built in parallel:
    a missing partial leaves its place empty instead of breaking the page)."""
    try:
        partial = get_template(name)
    except TemplateDoesNotExist:
        return mark_safe("")
    flat = context.flatten()
    flat.update(extra)
    return mark_safe(partial.render(flat, context.get("request")))  # noqa: S308 - a template's output

from typing import Any

from django import template

from minga.core.models import ContentLanguage

register = template.Library()

_LANGUAGES = dict(ContentLanguage.choices)


@register.filter
def language_names(codes: Any) -> str:
    """["es", "en"] → "Spanish, English" (in the interface language)."""
    return ", ".join(str(_LANGUAGES.get(code, code)) for code in (codes or []))


@register.filter
def role_plan_display(plan: Any) -> str:
    """{"chair": 1, "panelist": 3} → "Chair × 1, Panelist × 3"."""
    from ..models import SessionRoleKind

    labels = dict(SessionRoleKind.choices)
    return ", ".join(f"{labels.get(role, role)} × {n}" for role, n in (plan or {}).items())

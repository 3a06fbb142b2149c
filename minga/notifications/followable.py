"""What can be followed, and the language-neutral address of a followed thing."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

# "app_label.model" of everything people may follow.
FOLLOWABLE = frozenset(
    {
        "gcm.objective",
        "gcm.country",
        "proposals.proposal",
        "dialogue.consultation",
        "initiatives.initiative",
        "practices.practice",
        "reviews.review",
        "followup.recommendation",
    }
)
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def target_key(obj: Any) -> str:
    return str(obj._meta.label_lower)


def is_followable(obj: Any) -> bool:
    return isinstance(obj, models.Model) and target_key(obj) in FOLLOWABLE


def content_type_for_key(key: str) -> ContentType | None:
    """The content type for a followable "app_label.model" key, or None."""
    if key not in FOLLOWABLE:
        return None
    app_label, _dot, model = key.partition(".")
    try:
        return ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None


def strip_language(path: str) -> str:
    """'/es/proposals/3/' → '/proposals/3/' (stored once, shown in each reader's language)."""
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[0] == "" and parts[1] in LANGUAGE_CODES:
        return "/" + parts[2]
    return path


def localized(path: str, language: str) -> str:
    """A stored language-neutral path in the given interface language."""
    if not path:
        return ""
    if not path.startswith("/"):
        return path
    return f"/{language}{path}"


def target_path(obj: Any) -> str:
    getter = getattr(obj, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return strip_language(str(getter()))
    except Exception:
        return ""


def target_title(obj: Any) -> str:
    """The public title of a target (never an author name)."""
    for attr in ("title", "title_display"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value[:200]
    return str(obj)[:200]

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from minga.gcm.models import Country

from .. import queries
from ..models import Initiative

register = template.Library()

EXTRA_LABELS = {
    "states": _("States"),
    "objectives": _("GCM objectives"),
    "principles": _("Guiding principles"),
}


@register.filter
def field_labels(names: list[str]) -> list[str]:
    """Changed field names of a version, as their translated labels."""
    labels = []
    for name in names or []:
        if name in EXTRA_LABELS:
            labels.append(str(EXTRA_LABELS[name]))
            continue
        try:
            field = Initiative._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name)
        else:
            labels.append(str(getattr(field, "verbose_name", name)))
    return labels


@register.simple_tag
def country_initiatives(country: Any) -> queries.CountryPanel | None:
    """Data of the initiatives panel of a country page (bounded queries)."""
    if not isinstance(country, Country):
        return None
    return queries.country_panel(country)

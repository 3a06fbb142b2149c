"""Journey timelines: what happened to an item, step by step, from several apps.

The app that owns an item shows ``steps_for(item)``. Any app may add steps to another app's
items without being imported by it: it registers a provider in its ``AppConfig.ready``::

    timeline.register("proposals.proposal", report_citations_for_proposal)

A provider takes the item and returns ``Step`` objects; it must cost a bounded number of SQL
queries whatever the item's history (one query per provider is the norm).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Step:
    kind: str  # stable code, e.g. "submitted", "answered", "cited", "recommendation"
    when: datetime.datetime
    title: str  # translated, short: "Answered: retained for the report"
    detail: str = ""  # translated or user text, optional
    url: str = ""  # where to read more, optional
    actor: Any = None  # a user, an organization or None


Provider = Callable[[models.Model], list[Step]]
_providers: dict[str, list[Provider]] = {}


def register(model_label: str, provider: Provider) -> None:
    """``model_label`` is ``"app_label.modelname"`` (lower case), as in ``Model._meta.label_lower``."""
    providers = _providers.setdefault(model_label, [])
    if provider not in providers:
        providers.append(provider)


def unregister(model_label: str, provider: Provider) -> None:
    if provider in _providers.get(model_label, []):
        _providers[model_label].remove(provider)


def steps_for(item: models.Model) -> list[Step]:
    steps: list[Step] = []
    for provider in _providers.get(item._meta.label_lower, []):
        steps.extend(provider(item))
    return sorted(steps, key=lambda s: s.when)

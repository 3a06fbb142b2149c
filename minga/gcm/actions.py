"""State changes on GCM links and reference data."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from minga.accounts import permissions
from minga.core import audit

from .models import Country, GCMLink, Objective, Principle


@transaction.atomic
def do_set_gcm_links(
    actor: Any,
    item: models.Model,
    *,
    objectives: Iterable[Objective] | None = None,
    principles: Iterable[Principle] | None = None,
    countries: Iterable[Country] | None = None,
) -> None:
    """Replace the item's links of each given kind (a kind left as None is untouched).

    The caller's action has already checked that ``actor`` may edit ``item``.
    """
    ct = ContentType.objects.get_for_model(item)
    existing = GCMLink.objects.filter(content_type=ct, object_id=item.pk)
    changes: dict[str, list[str]] = {}
    for field, targets in (
        ("objective", objectives),
        ("principle", principles),
        ("country", countries),
    ):
        if targets is None:
            continue
        wanted = {t.pk for t in targets}
        current = set(
            existing.filter(**{f"{field}__isnull": False}).values_list(f"{field}_id", flat=True)
        )
        existing.filter(**{f"{field}_id__in": current - wanted}).delete()
        GCMLink.objects.bulk_create(
            [
                GCMLink(content_type=ct, object_id=item.pk, **{f"{field}_id": pk})
                for pk in wanted - current
            ]
        )
        if wanted != current:
            changes[field] = sorted(str(pk) for pk in wanted)
    if changes:
        audit.record(actor, "gcm.set_links", item, **changes)


@transaction.atomic
def do_set_champion_status(
    actor: Any, country: Country, *, is_champion: bool, note: str = ""
) -> Country:
    if not permissions.can_set_champion_status(actor):
        raise PermissionDenied
    country.is_champion = is_champion
    if note:
        country.gcm_note = note
    country.save(update_fields=["is_champion", "gcm_note"])
    audit.record(actor, "gcm.set_champion", country, is_champion=is_champion)
    return country

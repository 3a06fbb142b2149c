"""Reads of reference data and of what is linked to it."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from minga.core.text import name_sort_key

from .models import Country, GCMLink, Objective, Principle, Subregion

# How many items of each kind an objective or country page shows before "see all".
ITEMS_PER_KIND = 20


@dataclass
class LinkedGroup:
    """Items of one kind (model) linked to an objective, principle or country."""

    content_type: ContentType
    label: str
    total: int
    items: list[Any]
    list_url: str | None

    @property
    def templates(self) -> tuple[str, str]:
        """An app may render its items with ``<app>/<model>_linked.html``."""
        ct = self.content_type
        return (f"{ct.app_label}/{ct.model}_linked.html", "gcm/_item_linked.html")


def objectives() -> list[Objective]:
    return list(Objective.objects.prefetch_related("roundtables"))


def objective_by_number(number: int) -> Objective | None:
    return Objective.objects.prefetch_related("roundtables").filter(number=number).first()


def principles() -> list[Principle]:
    return list(Principle.objects.all())


def country_by_iso2(iso2: str) -> Country | None:
    if len(iso2) != 2 or not iso2.isalpha():
        return None
    return Country.objects.select_related("region").filter(code=iso2.upper()).first()


def lac_countries_by_subregion() -> list[tuple[Any, list[Country]]]:
    """LAC countries grouped by subregion, sorted by translated name; one query."""
    groups: dict[str, list[Country]] = defaultdict(list)
    for c in Country.objects.lac():
        groups[c.subregion].append(c)
    return [
        (label, sorted(groups[value], key=lambda c: name_sort_key(c.name)))
        for value, label in Subregion.choices
        if groups[value]
    ]


def other_countries_with_links() -> list[Country]:
    """Non-LAC countries that have something linked (diaspora destinations, other regions)."""
    qs = Country.objects.exclude(region__key="lac").filter(links__isnull=False).distinct()
    return sorted(qs, key=lambda c: name_sort_key(c.name))


def linked_items(**target: Any) -> list[LinkedGroup]:
    """Everything linked to one target (objective=…, principle=… or country=…), grouped by kind.

    Bounded: one query for counts per kind, then per kind one query for its latest link ids
    and one for the items (models may define ``linked_queryset()`` to add select_related and
    to hide what is not public). Kinds appear automatically as apps add links.
    """
    counts = (
        GCMLink.objects.filter(**target)
        .values("content_type")
        .annotate(n=Count("id"))
        .order_by("content_type")
    )
    groups: list[LinkedGroup] = []
    for row in counts:
        ct = ContentType.objects.get_for_id(row["content_type"])
        model = ct.model_class()
        if model is None:
            continue
        ids = list(
            GCMLink.objects.filter(content_type=ct, **target)
            .order_by("-id")
            .values_list("object_id", flat=True)[:ITEMS_PER_KIND]
        )
        base = (
            model.linked_queryset()
            if hasattr(model, "linked_queryset")
            else model._default_manager.all()
        )
        items = list(base.filter(pk__in=ids))
        total = row["n"]
        if hasattr(model, "linked_queryset"):
            # The public queryset may hide items (drafts, unapproved): count only what shows.
            linked = GCMLink.objects.filter(content_type=ct, **target).values("object_id")
            total = base.filter(pk__in=linked).count()
        if not items and not total:
            continue
        list_url = model.linked_list_url(**target) if hasattr(model, "linked_list_url") else None
        groups.append(
            LinkedGroup(
                content_type=ct,
                label=str(model._meta.verbose_name_plural),
                total=total,
                items=items,
                list_url=list_url,
            )
        )
    groups.sort(key=lambda g: g.label)
    return groups


def set_links_query(item: Any) -> dict[str, list[Any]]:
    """Current links of one item, as the link form's initial data."""
    ct = ContentType.objects.get_for_model(item)
    result: dict[str, list[Any]] = {"objectives": [], "principles": [], "countries": []}
    for link in GCMLink.objects.filter(content_type=ct, object_id=item.pk):
        if link.objective_id:
            result["objectives"].append(link.objective_id)
        elif link.principle_id:
            result["principles"].append(link.principle_id)
        elif link.country_id:
            result["countries"].append(link.country_id)
    return result

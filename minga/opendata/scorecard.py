"""The GCM scorecard: objectives × LAC countries, each cell counting what is linked to both.

Each count is a ``Measure``: one grouped SQL query returning ``{(objective number, ISO2):
count}`` for the whole table, the list page that shows exactly the items behind one cell, and
the items themselves for the cell page. So the table costs a fixed number of queries (two for
the reference data, one per measure) whatever the data size.

Adding a measure (recommendations' progress, monitoring aggregates…) takes one ``register``
call in this module with the other app's query (opendata sits above the domain apps)::

    register(Measure(
        key="recommendations",
        label=_("Recommendations"),
        counts=lambda: grouped(Recommendation.objects.public(), "gcm_links"),
        list_url=lambda number, iso2: None,   # or the app's list filtered by both
        items=lambda number, iso2, limit: [...],  # CellItem rows for the cell page
    ))
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.core.text import name_sort_key
from minga.gcm.models import Country, Objective, Subregion
from minga.initiatives.models import Assessment, Initiative
from minga.initiatives.queries import InitiativeFilters, list_queryset
from minga.proposals.models import Proposal

Cell = tuple[int, str]
CELL_ITEMS = 50


@dataclass(frozen=True)
class CellItem:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    counts: Callable[[], Mapping[Cell, int | None]]  # None only for sensitive measures
    list_url: Callable[[int, str], str | None]
    items: Callable[[int, str, int], list[CellItem]]
    # Sensitive measures (monitoring): ``counts`` gives None for a suppressed cell, and this
    # returns the threshold k. Such a measure is never added into "everything", shows no row
    # total and lists no items (see opendata/monitoring.py).
    threshold: Callable[[], int] | None = None


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.key] = measure
    return measure


def _objective_link() -> FilteredRelation:
    return FilteredRelation("gcm_links", condition=Q(gcm_links__objective__isnull=False))


def _cells(rows: Any) -> dict[Cell, int]:
    """Turn ``(objective_id, country_id, n)`` rows into ``{(number, ISO2): n}``."""
    rows = list(rows)
    if not rows:
        return {}
    numbers = dict(Objective.objects.values_list("pk", "number"))
    codes = {pk: str(code) for pk, code in Country.objects.values_list("pk", "code")}
    return {
        (numbers[objective], codes[country]): n
        for objective, country, n in rows
        if objective in numbers and country in codes
    }


def grouped(qs: QuerySet[Any], country_path: str | None = None) -> dict[Cell, int]:
    """Count the items of ``qs`` (a model with ``gcm_links``) per linked objective and
    country, in one grouped query. ``country_path`` names another way to the country (such as
    an initiative's States); by default the item's GCM country links count."""
    qs = qs.annotate(objective_link=_objective_link()).filter(
        objective_link__objective__isnull=False
    )
    if country_path is None:
        qs = qs.annotate(
            country_link=FilteredRelation(
                "gcm_links", condition=Q(gcm_links__country__isnull=False)
            )
        ).filter(country_link__country__isnull=False)
        country_path = "country_link__country_id"
    rows = (
        qs.order_by()
        .values_list("objective_link__objective_id", country_path)
        .annotate(n=Count("pk", distinct=True))
    )
    return _cells(rows)


# --- Proposals ------------------------------------------------------------------------------


def _proposals(number: int, iso2: str) -> Any:
    return Proposal.objects.public().by_objective(number).by_country(iso2)


def _proposal_items(number: int, iso2: str, limit: int) -> list[CellItem]:
    qs = _proposals(number, iso2).order_by("-created_at", "-pk").only("pk", "title")[:limit]
    return [CellItem(p.title, p.get_absolute_url()) for p in qs]


register(
    Measure(
        key="proposals",
        label=_("Proposals"),
        counts=lambda: grouped(Proposal.objects.public()),
        list_url=lambda number, iso2: (
            f"{reverse('proposals:list')}?{urlencode({'objective': number, 'country': iso2})}"
        ),
        items=_proposal_items,
    )
)


# --- Initiatives and civil-society assessments ------------------------------------------------
# An initiative's country is one of its States (as in the initiatives list and the API).


def _initiatives(number: int, iso2: str) -> Any:
    return list_queryset(InitiativeFilters(country=iso2, objective=number))


def _initiative_items(number: int, iso2: str, limit: int) -> list[CellItem]:
    qs = _initiatives(number, iso2).only("pk", "title")[:limit]
    return [CellItem(i.title, i.get_absolute_url()) for i in qs]


def _assessment_counts() -> dict[Cell, int]:
    rows = (
        Initiative.objects.annotate(objective_link=_objective_link())
        .filter(objective_link__objective__isnull=False, assessments__isnull=False)
        .order_by()
        .values_list("objective_link__objective_id", "states__id")
        .annotate(n=Count("assessments", distinct=True))
    )
    return _cells(rows)


def _assessment_items(number: int, iso2: str, limit: int) -> list[CellItem]:
    qs = (
        Assessment.objects.filter(initiative__in=_initiatives(number, iso2).values("pk"))
        .select_related("initiative", "organization")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [CellItem(a.initiative.title, a.get_absolute_url(), a.organization.name) for a in qs]


register(
    Measure(
        key="initiatives",
        label=_("Initiatives"),
        counts=lambda: grouped(Initiative.objects.all(), "states__id"),
        list_url=lambda number, iso2: (
            f"{reverse('initiatives:list')}?{urlencode({'objective': number, 'country': iso2})}"
        ),
        items=_initiative_items,
    )
)
register(
    Measure(
        key="assessments",
        label=_("Civil-society assessments"),
        counts=_assessment_counts,
        list_url=lambda number, iso2: None,
        items=_assessment_items,
    )
)


# --- The table --------------------------------------------------------------------------------


@dataclass
class ScoreCell:
    objective: Objective
    country: Country
    count: int | None  # None: suppressed (sensitive measures only)
    url: str


@dataclass
class ScoreRow:
    objective: Objective
    cells: list[ScoreCell]
    total: int | None  # None: not shown (sensitive measures)


@dataclass
class Table:
    countries: list[Country]
    subregions: list[tuple[Any, int]]  # (label, number of countries), in column order
    rows: list[ScoreRow]
    measure: Measure | None
    k: int | None = None  # the threshold of a sensitive measure


def cell_url(number: int, iso2: str) -> str:
    return reverse("dashboards:cell", args=[number, iso2.lower()])


def lac_countries() -> list[Country]:
    """LAC countries grouped by subregion, by translated name within each."""
    order = {value: i for i, value in enumerate(Subregion.values)}
    return sorted(
        Country.objects.lac(),
        key=lambda c: (order.get(c.subregion, len(order)), name_sort_key(c.name)),
    )


def table(measure_key: str = "") -> Table:
    """The whole scorecard for one measure (or all of them added up)."""
    measure = MEASURES.get(measure_key)
    chosen = [measure] if measure else [m for m in MEASURES.values() if m.threshold is None]
    totals: dict[Cell, int | None] = {}
    for m in chosen:
        for cell, n in m.counts().items():
            totals[cell] = None if n is None else (totals.get(cell) or 0) + n
    protected = measure is not None and measure.threshold is not None
    countries = lac_countries()
    subregions: list[tuple[Any, int]] = []
    labels = dict(Subregion.choices)
    for country in countries:
        label = labels.get(country.subregion, "")
        if subregions and subregions[-1][0] == label:
            subregions[-1] = (label, subregions[-1][1] + 1)
        else:
            subregions.append((label, 1))
    rows = []
    for objective in Objective.objects.order_by("number"):
        cells = []
        for country in countries:
            count = totals.get((objective.number, country.iso2), 0)
            url = None
            if measure is not None:
                url = measure.list_url(objective.number, country.iso2)
            cells.append(
                ScoreCell(
                    objective, country, count, url or cell_url(objective.number, country.iso2)
                )
            )
        total = None if protected else sum(c.count or 0 for c in cells)
        rows.append(ScoreRow(objective, cells, total))
    threshold = measure.threshold() if measure is not None and measure.threshold else None
    return Table(countries, subregions, rows, measure, threshold)


@dataclass
class CellGroup:
    measure: Measure
    count: int | None
    items: list[CellItem]
    list_url: str | None
    k: int | None = None  # sensitive measures: the threshold; count None when suppressed


def cell(number: int, iso2: str) -> list[CellGroup]:
    """What is behind one cell: per measure, its count, items and list page."""
    groups = []
    for measure in MEASURES.values():
        if measure.threshold is not None:
            shown = measure.counts().get((number, iso2), 0)
            url = measure.list_url(number, iso2)
            groups.append(CellGroup(measure, shown, [], url, measure.threshold()))
            continue
        items = measure.items(number, iso2, CELL_ITEMS + 1)
        count = measure.counts().get((number, iso2), 0) if len(items) > CELL_ITEMS else len(items)
        groups.append(CellGroup(measure, count, items[:CELL_ITEMS], measure.list_url(number, iso2)))
    return groups

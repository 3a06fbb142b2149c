"""Monitoring aggregates in the open data: one API resource, one export, one scorecard measure.

Issue 6's protections hold for everything here, because everything is drawn from
``minga.monitoring.queries``: only coded records of published reports whose reporter consented
to aggregates, place generalised to the country, dates to the month, each cell under k
(``MINGA_MONITORING_K``) suppressed, with the monitoring app's complementary suppression
(``_cells``) so that no hidden cell can be recovered from a published total. Nothing row-level
leaves this module: no report id or reference, no free text, no region.

Deliberately NO country or objective filter on the API resource: re-applying suppression on a
filtered subset is not enough, since the full table minus the filtered ones gives the hidden
country × month (or × type) cells away by subtraction. See
docs/decisions/0012-opendata-monitoring-aggregates.md.

The scorecard measure counts, per objective × country, the published coded records that carry
the objective. It is treated as a table whose column totals are public (the aggregates publish
the count per country): a country whose count is hidden on the monitoring page has its whole
column hidden, and in the other columns the monitoring app's complementary suppression runs on
each column. No row total is shown, and the measure is never added into "everything".
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.monitoring import queries as monitoring_queries
from minga.monitoring.models import CodedRecord

from . import exports, scorecard

# Key of each published table in ``monitoring.queries.summarize()`` → its public name.
TABLES = (
    ("by_country", "country"),
    ("by_month", "month"),
    ("by_type", "incident_type"),
    ("by_perpetrator", "perpetrator"),
)
RESOURCE = "incident-aggregates"


# --- The tables, as published ----------------------------------------------------------------


def payload(data: dict[str, Any]) -> dict[str, Any]:
    """The API body from ``monitoring.queries.aggregates()`` (or ``summarize()``)."""
    out: dict[str, Any] = {
        "k": data["k"],
        "total": data["total"],
        "html_url": reverse("monitoring:aggregates"),
    }
    for key, name in TABLES:
        out[f"by_{name}"] = [
            {
                "code": cell.code,
                "label": str(cell.label),
                "count": cell.count,
                "suppressed": cell.count is None,
            }
            for cell in data[key]
        ]
    return out


def export_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The export, in long form: one row per published cell, the total first."""
    threshold = data["k"]
    rows: list[list[Any]] = [
        ["total", "all", str(_("All published reports")), data["total"], data["total"] is None]
    ]
    for key, name in TABLES:
        rows.extend(
            [name, cell.code, str(cell.label), cell.count, cell.count is None] for cell in data[key]
        )
    return [[*row, threshold] for row in rows]


ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable code (ISO2, YYYY-MM or vocabulary)"},
        "label": {"type": "string"},
        "count": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Number of reports; null when suppressed (fewer than k, or hidden "
            "so that another hidden cell cannot be recovered from the total).",
        },
        "suppressed": {"type": "boolean"},
    },
    "required": ["code", "label", "count", "suppressed"],
    "additionalProperties": False,
}
FIELDS: dict[str, dict[str, Any]] = {
    "k": {
        "type": "integer",
        "minimum": 1,
        "description": "Cells standing for fewer than k reports are suppressed.",
    },
    "total": {
        "type": ["integer", "null"],
        "description": "Published reports in all; null when fewer than k.",
    },
    "html_url": {"type": "string", "description": "The public monitoring page"},
    **{
        f"by_{name}": {"type": "array", "items": {"$ref": "#/components/schemas/AggregateCell"}}
        for _key, name in TABLES
    },
}
TITLE = _("Monitoring: incident aggregates")
DESCRIPTION = _(
    "Verified incidents of the monitoring mechanism, published only as counts by country, "
    "month, incident type and perpetrator category. Only reports whose reporters consented "
    "are counted; any count standing for fewer than k reports is suppressed (null), with "
    "further cells hidden so that none can be recovered by subtraction. No filter is offered, "
    "for the same reason."
)


def openapi_paths(common: dict[str, Any]) -> dict[str, Any]:
    return {
        f"/api/v1/{RESOURCE}/": {
            "get": {
                "operationId": "get_incident_aggregates",
                "summary": str(TITLE),
                "description": str(DESCRIPTION),
                "responses": {
                    "200": {
                        "description": "The suppressed aggregate tables.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/IncidentAggregates"}
                            }
                        },
                    },
                    "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                    **common,
                },
            }
        }
    }


def openapi_schemas() -> dict[str, Any]:
    return {
        "AggregateCell": ITEM_SCHEMA,
        "IncidentAggregates": {
            "type": "object",
            "properties": FIELDS,
            "required": list(FIELDS),
            "additionalProperties": False,
        },
    }


def reference_entry(url: str) -> dict[str, Any]:
    """What the reference page shows about the resource (``url``: its absolute URL)."""
    table = _("A list of cells (see below), largest first; months in order.")
    return {
        "name": RESOURCE,
        "title": TITLE,
        "description": DESCRIPTION,
        "url": url,
        "example": f"curl '{url}'",
        "fields": [
            ("k", _("Cells standing for fewer than k reports are suppressed.")),
            ("total", _("Published reports in all; null when fewer than k.")),
            ("html_url", _("The public monitoring page.")),
            *((f"by_{name}", table) for _key, name in TABLES),
        ],
        "cell_fields": [
            ("code", _("Stable code: ISO 3166 country code, month (YYYY-MM) or vocabulary code.")),
            ("label", _("Label of the code.")),
            ("count", _("Number of reports; null when suppressed.")),
            (
                "suppressed",
                _(
                    "True when the count is suppressed (fewer than k reports, or hidden so "
                    "that another hidden cell cannot be recovered from the total)."
                ),
            ),
        ],
    }


# --- Export ----------------------------------------------------------------------------------

exports.register(
    exports.Export(
        name="incident_aggregates",
        title=_("Monitoring: incident aggregates"),
        description=_(
            "The published counts of verified incidents by country, month, incident type and "
            "perpetrator category, one row per cell; suppressed cells have no count. Never "
            "one row per incident."
        ),
        queryset=lambda: CodedRecord.objects.none(),
        rows=lambda: export_rows(monitoring_queries.aggregates()),
        columns=[
            exports.Column(
                "table",
                exports.STRING,
                _("Which table: total, country, month, incident_type or perpetrator."),
                required=True,
            ),
            exports.Column(
                "code",
                exports.STRING,
                _("Stable code: ISO 3166 country code, month (YYYY-MM) or vocabulary code."),
                required=True,
            ),
            exports.Column("label", exports.STRING, _("Label of the code.")),
            exports.Column(
                "count",
                exports.INTEGER,
                _("Number of reports; empty when suppressed."),
            ),
            exports.Column(
                "suppressed",
                exports.BOOLEAN,
                _(
                    "True when the count is suppressed (fewer than k reports, or hidden so that "
                    "another hidden cell cannot be recovered from the total)."
                ),
                required=True,
            ),
            exports.Column("k", exports.INTEGER, _("The suppression threshold k.")),
        ],
    )
)


# --- Scorecard measure -----------------------------------------------------------------------


def protect(
    counts: dict[scorecard.Cell, int], shown_countries: Iterable[str], threshold: int
) -> dict[scorecard.Cell, int | None]:
    """Objective × country counts as published (pure: the property test drives it).

    A column whose country total is hidden on the monitoring page is hidden whole; in every
    other column the monitoring app's suppression runs with its complementary cells (the
    country total is public, so the column is treated as adding up to it)."""
    shown = set(shown_countries)
    columns: dict[str, Counter[str]] = defaultdict(Counter)
    for (number, iso2), n in counts.items():
        if n > 0:
            columns[iso2][str(number)] = n
    out: dict[scorecard.Cell, int | None] = {}
    for iso2, counter in columns.items():
        if iso2 not in shown:
            out.update({(int(code), iso2): None for code in counter})
            continue
        for cell in monitoring_queries._cells(counter, {}, threshold):
            out[(int(cell.code), iso2)] = cell.count
    return out


def raw_objective_counts() -> dict[scorecard.Cell, int]:
    """Published coded records per objective × country (one grouped query)."""
    rows = (
        monitoring_queries.published_records()
        .filter(objectives__isnull=False)
        .order_by()
        .values_list("objectives__number", "country__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(int(number), str(code)): n for number, code, n in rows}


def incident_counts() -> dict[scorecard.Cell, int | None]:
    shown = monitoring_queries.counts_by_country()
    return protect(raw_objective_counts(), shown, monitoring_queries.k())


scorecard.register(
    scorecard.Measure(
        key="incidents",
        label=_("Verified incidents (monitoring)"),
        counts=incident_counts,
        list_url=lambda number, iso2: reverse("monitoring:aggregates"),
        items=lambda number, iso2, limit: [],
        threshold=monitoring_queries.k,
    )
)

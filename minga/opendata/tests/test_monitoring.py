"""Monitoring aggregates in the open data: the API resource, the export and the scorecard
measure publish nothing that stands for fewer than k reports, nothing row-level, nothing
unpublished or without consent, and no hidden cell can be worked out by subtraction."""

import csv
import datetime
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from frictionless import validate
from hypothesis import given, settings
from hypothesis import strategies as st

from minga.monitoring import queries as monitoring_queries
from minga.monitoring import vocab
from minga.opendata import exports, monitoring, scorecard
from minga.opendata.tests.incidents import SECRET_REGION, scenario

pytestmark = pytest.mark.django_db

K = 5
ADDITIVE = ("by_country", "by_month", "by_perpetrator")  # each report counts once in these


@pytest.fixture
def incidents(settings: Any) -> dict[str, Any]:
    settings.MINGA_MONITORING_K = K
    return scenario()


def secrets(data: dict[str, Any]) -> list[str]:
    """Strings of the reports that must never appear in public data."""
    out = [SECRET_REGION, "SECRETREF", "LOOKUPSEC"]
    for report in data["published"] + data["unpublished"]:
        out += [report.reference, report.lookup_id]
    return out


def test_api_gives_the_suppressed_tables(client: Client, incidents: Any) -> None:
    response = client.get("/api/v1/incident-aggregates/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["k"] == K and body["total"] == 25  # PE (not published) and EC (no consent) left out
    countries = {c["code"]: c["count"] for c in body["by_country"]}
    # GT (3) is under k; CO (6) is hidden too, or 25 - 16 - 6 would give GT away.
    assert countries == {"MX": 16, "CO": None, "GT": None}
    assert "PE" not in countries and "EC" not in countries
    # February (2) is under k, so January is hidden too: the total would give February away.
    assert {c["code"]: c["count"] for c in body["by_month"]} == {"2026-01": None, "2026-02": None}
    assert body["by_month"][1]["suppressed"] is True
    perpetrators = {c["code"]: c["count"] for c in body["by_perpetrator"]}
    assert perpetrators == {"border_police": 19, "police": 6}
    # Types: extortion (3) is under k, so pushback (25) is hidden with it; then all 25 reports
    # would carry only hidden types (25 - 0 >= k), so the type table is withheld whole.
    assert body["by_incident_type"] == []
    assert body["html_url"] == "/monitoring/" or body["html_url"].endswith("/monitoring/")
    assert response["ETag"]
    again = client.get("/api/v1/incident-aggregates/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def assert_nothing_under_k(body: dict[str, Any], truth: dict[str, Counter[str]], k: int) -> None:
    assert body["total"] is None or body["total"] >= k
    for table, counter in truth.items():
        cells = body[table]
        for cell in cells:
            assert cell["count"] is None or cell["count"] >= k, (table, cell)
            assert cell["suppressed"] == (cell["count"] is None)
        if table in ADDITIVE and body["total"] is not None:
            hidden = [c["code"] for c in cells if c["count"] is None]
            # Total minus the shown cells: never one hidden cell, never fewer than k reports.
            assert len(hidden) != 1
            assert not hidden or sum(counter[code] for code in hidden) >= k
        if table == "by_incident_type" and body["total"] is not None:
            # Types overlap; the same rule, and the total minus the shown type counts (reports
            # carrying only hidden types) stays under k.
            hidden = [c["code"] for c in cells if c["count"] is None]
            assert len(hidden) != 1
            assert not hidden or sum(counter[code] for code in hidden) >= k
            shown = sum(c["count"] for c in cells if c["count"] is not None)
            assert not hidden or body["total"] - shown < k


def test_api_publishes_nothing_under_k_and_nothing_row_level(
    client: Client, incidents: Any
) -> None:
    response = client.get("/api/v1/incident-aggregates/")
    text = response.content.decode()
    for secret in secrets(incidents):
        assert secret not in text
    body = json.loads(text)
    assert set(body) == {"k", "total", "html_url", *(f"by_{n}" for _k, n in monitoring.TABLES)}
    truth = {
        "by_country": Counter({"MX": 16, "CO": 6, "GT": 3}),
        "by_month": Counter({"2026-01": 23, "2026-02": 2}),
        "by_perpetrator": Counter({"border_police": 19, "police": 6}),
        "by_incident_type": Counter({"pushback": 25, "extortion": 3}),
    }
    assert_nothing_under_k(body, truth, K)


def test_api_offers_no_filter(client: Client, incidents: Any) -> None:
    for query in ("country=MX", "objective=13", "limit=1", "month=2026-01"):
        response = client.get(f"/api/v1/incident-aggregates/?{query}")
        assert response.status_code == 400
        assert json.loads(response.content)["error"]["parameter"] == query.split("=")[0]


def test_api_without_reports_shows_nothing(client: Client, db: Any) -> None:
    body = json.loads(client.get("/api/v1/incident-aggregates/").content)
    assert body["total"] is None and body["by_country"] == []


def test_api_queries_are_bounded(
    client: Client, incidents: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/incident-aggregates/").status_code == 200


def test_resource_is_in_openapi_index_and_reference(client: Client, db: Any) -> None:
    document = json.loads(client.get("/api/v1/openapi.json").content)
    operation = document["paths"]["/api/v1/incident-aggregates/"]["get"]
    assert "parameters" not in operation
    assert "IncidentAggregates" in document["components"]["schemas"]
    assert "/api/v1/exports/incident_aggregates.csv" in document["paths"]
    index = json.loads(client.get("/api/v1/").content)
    assert index["aggregates"]["incident-aggregates"]["url"] == "/api/v1/incident-aggregates/"
    page = client.get("/en/data/").content.decode()
    assert 'id="incident-aggregates"' in page
    assert "/api/v1/incident-aggregates/" in page


def test_export_has_the_same_suppressed_cells(
    client: Client, incidents: Any, tmp_path: Path
) -> None:
    body = json.loads(client.get("/api/v1/incident-aggregates/").content)
    response: Any = client.get("/api/v1/exports/incident_aggregates.csv")
    csv_text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows[0] == {
        "table": "total",
        "code": "all",
        "label": rows[0]["label"],
        "count": "25",
        "suppressed": "false",
        "k": "5",
    }
    published = {
        (r["table"], r["code"]): (int(r["count"]) if r["count"] else None) for r in rows[1:]
    }
    expected = {
        (name, c["code"]): c["count"]
        for _key, name in monitoring.TABLES
        for c in body[f"by_{name}"]
    }
    assert published == expected
    for row in rows:
        assert (row["count"] == "") == (row["suppressed"] == "true")
        assert row["count"] == "" or int(row["count"]) >= K
    ndjson: Any = client.get("/api/v1/exports/incident_aggregates.ndjson")
    lines = [json.loads(line) for line in b"".join(ndjson.streaming_content).splitlines()]
    assert [(x["table"], x["code"], x["count"]) for x in lines] == [
        (r["table"], r["code"], int(r["count"]) if r["count"] else None) for r in rows
    ]
    for secret in secrets(incidents):
        assert secret not in csv_text
    # The Table Schema of the data package validates the file.
    descriptor = exports.datapackage(
        lambda e: "incident_aggregates.csv", [exports.EXPORTS["incident_aggregates"]]
    )
    (tmp_path / "incident_aggregates.csv").write_text(csv_text)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_scorecard_measure_hides_small_and_recoverable_cells(incidents: Any) -> None:
    counts = scorecard.MEASURES["incidents"].counts()
    # MX (shown on the monitoring page, 16): objective 5 (2) is under k, and objective 2 (6)
    # is hidden with it; objective 13 (8) shows. CO and GT are hidden on the monitoring page,
    # so their whole columns are hidden, even CO's 6.
    assert counts == {
        (13, "MX"): 8,
        (2, "MX"): None,
        (5, "MX"): None,
        (13, "CO"): None,
        (13, "GT"): None,
    }
    table = scorecard.table("incidents")
    assert table.k == K
    for row in table.rows:
        assert row.total is None
        for cell in row.cells:
            assert cell.count is None or cell.count == 0 or cell.count >= K
    # Never added into "everything".
    everything = scorecard.table("")
    row13 = next(r for r in everything.rows if r.objective.number == 13)
    assert all(c.count == 0 for c in row13.cells)


def test_scorecard_page_labels_suppressed_cells(client: Client, incidents: Any) -> None:
    page = client.get("/en/scorecard/?measure=incidents").content.decode()
    assert page.count('<span class="visually-hidden">fewer than 5</span>') == 4
    # Each shown count links to the public monitoring page; only MX's 8 is shown.
    assert re.findall(r'href="/en/monitoring/">(\d+)</a>', page) == ["8"]
    cell = client.get("/en/scorecard/13/co/").content.decode()
    assert "fewer than 5" in cell and 'href="/en/monitoring/"' in cell
    shown = client.get("/en/scorecard/13/mx/").content.decode()
    assert "(8)" in shown


# --- Property: nothing exposed stands for fewer than k reports -----------------------------

COUNTRIES = ["MX", "GT", "HN", "CO", "PE"]
records = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.sampled_from([datetime.date(2026, m, 1) for m in (1, 2, 3)]),
        st.lists(st.sampled_from(vocab.IncidentType.values[:4]), min_size=1, max_size=2),
        st.sampled_from(vocab.Perpetrator.values[:3]),
        st.lists(st.sampled_from([2, 5, 13, 17]), max_size=2, unique=True),
    ),
    max_size=70,
)


@settings(max_examples=300, deadline=None)
@given(rows=records, k=st.integers(min_value=2, max_value=8))
def test_nothing_exposed_stands_for_fewer_than_k(rows: list[Any], k: int) -> None:
    data = monitoring_queries.summarize([r[:4] for r in rows], k, {})
    truth = {
        "by_country": Counter(r[0] for r in rows),
        "by_month": Counter(f"{r[1]:%Y-%m}" for r in rows),
        "by_incident_type": Counter(t for r in rows for t in set(r[2])),
        "by_perpetrator": Counter(r[3] for r in rows),
    }
    # The API body.
    body = monitoring.payload(data)
    assert_nothing_under_k(body, truth, k)
    for name, counter in truth.items():
        for cell in body[name]:
            assert cell["count"] is None or cell["count"] == counter[cell["code"]]
    # The export: the same cells, and a total only when it stands for k or more.
    for table, _code, _label, count, suppressed, threshold in monitoring.export_rows(data):
        assert threshold == k and suppressed == (count is None)
        assert count is None or count >= k, table
    # The scorecard: per objective × country, columns adding up to the public country counts.
    cells: Counter[tuple[int, str]] = Counter()
    for r in rows:
        for number in r[4]:
            cells[(number, r[0])] += 1
    shown_countries = monitoring_queries.counts_by_country(data)
    published = monitoring.protect(dict(cells), shown_countries, k)
    for (number, iso2), count in published.items():
        assert count is None or (count >= k and count == cells[(number, iso2)])
        if iso2 not in shown_countries:
            assert count is None  # a hidden country total keeps its whole column hidden
    for iso2 in shown_countries:
        column = {n: c for (n, code), c in published.items() if code == iso2}
        hidden = [n for n, c in column.items() if c is None]
        if hidden and len(hidden) < len(column):
            # Against the published country count: never one hidden cell, nor fewer than k.
            assert len(hidden) >= 2
            assert sum(cells[(n, iso2)] for n in hidden) >= k

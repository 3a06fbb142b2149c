import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from minga.gcm.models import Country
from minga.monitoring import queries, vocab
from minga.monitoring.models import CodedRecord, Report, Status

COUNTRIES = ["MX", "GT", "HN", "SV", "CO", "EC", "PE", "CL"]
rows = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2025, 12, 1)).map(
            lambda d: d.replace(day=1)
        ),
        st.lists(st.sampled_from(vocab.IncidentType.values), min_size=1, max_size=3),
        st.sampled_from(vocab.Perpetrator.values),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(records=rows, k=st.integers(min_value=2, max_value=8))
def test_no_published_cell_stands_for_fewer_than_k(records, k):
    data = queries.summarize(records, k, {})
    assert data["total"] is None or data["total"] >= k
    truth = {
        "by_country": Counter(r[0] for r in records),
        "by_month": Counter(f"{r[1]:%Y-%m}" for r in records),
        "by_perpetrator": Counter(r[3] for r in records),
        "by_type": Counter(t for r in records for t in set(r[2])),
    }
    assert data["by_type_withheld"] is (data["by_type"] == [] and bool(truth["by_type"]))
    for table, counter in truth.items():
        for cell in data[table]:
            assert cell.count is None or cell.count >= k, (table, cell)
            assert cell.count is None or cell.count == counter[cell.code]
        if data["total"] is None:
            # No total: every cell stands for fewer than k, so every cell is hidden.
            assert all(c.count is None for c in data[table]), table
            continue
        # A single hidden cell could be recovered from the total minus the others (types
        # included: a report may have several types, but the same rule holds for them).
        hidden = [c for c in data[table] if c.count is None]
        assert len(hidden) != 1
        # What the total minus the shown cells gives away stands for k reports or more.
        assert not hidden or sum(counter[c.code] for c in hidden) >= k
        if table == "by_type" and hidden:
            # Types overlap: the total minus the shown type counts is a lower bound on the
            # reports whose types are all hidden. Under k, and with two hidden cells or more
            # each possibly k - 1, it gives no hidden type a lower bound above 1 (which its
            # presence in the table already says).
            gap = data["total"] - sum(c.count for c in data[table] if c.count is not None)
            assert gap < k
            assert gap - (len(hidden) - 1) * (k - 1) <= 1


def row(*types):
    return ("MX", datetime.date(2026, 1, 1), list(types), "police")


def test_type_table_with_overlapping_types_is_suppressed_like_the_others():
    # Pushback 6, extortion 3 (under 5): extortion is hidden, and the next smallest
    # (detention, 5) with it, although a report may have several types.
    records = [row("pushback", "arbitrary_detention")] * 5 + [row("pushback", "extortion")]
    records += [row("extortion")] * 2
    data = queries.summarize(records, 5, {})
    assert data["total"] == 8
    assert {c.code: c.count for c in data["by_type"]} == {
        "pushback": 6,
        "arbitrary_detention": None,
        "extortion": None,
    }
    assert data["by_type_withheld"] is False


def test_type_table_is_withheld_when_the_total_would_pin_hidden_types():
    # Pushback 6, then 4 reports of only extortion and 4 of only detention: both hidden, but
    # 14 - 6 = 8 reports carry only hidden types, so each hidden type (under 5) is 4.
    records = [row("pushback")] * 6 + [row("extortion")] * 4 + [row("arbitrary_detention")] * 4
    data = queries.summarize(records, 5, {})
    assert data["total"] == 14
    assert data["by_type"] == []
    assert data["by_type_withheld"] is True
    # The other tables are unaffected.
    assert [c.count for c in data["by_country"]] == [14]


def make_published(n, *, iso2="MX", status=Status.PUBLISHED, consent=True, month=None):
    country = Country.objects.get(code=iso2)
    for i in range(n):
        report = Report.objects.create(
            reference=f"MR-{iso2}{status[:2]}{i}{Report.objects.count()}",
            lookup_id=f"L{Report.objects.count():07d}{iso2}",
            receipt_hash="x",
            reporter_public_key="x",
            status=status,
            consent_aggregates=consent,
            received_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )
        CodedRecord.objects.create(
            report=report,
            incident_types=["pushback", "extortion"],
            month=month or datetime.date(2026, 1, 1),
            country=country,
            perpetrator="border_police",
        )


@pytest.mark.django_db
def test_aggregates_from_the_database(client):
    make_published(6, iso2="MX")
    make_published(5, iso2="GT")
    make_published(2, iso2="HN")
    make_published(9, iso2="CO", status=Status.VERIFIED)  # not included yet
    make_published(9, iso2="PE", consent=False)  # no consent
    data = queries.aggregates()
    assert data["total"] == 13
    by_country = {c.code: c.count for c in data["by_country"]}
    # HN (2) is hidden, and GT too: otherwise 13 - 6 - 5 would give HN away.
    assert by_country == {"MX": 6, "GT": None, "HN": None}
    assert queries.counts_by_country() == {"MX": 6}
    response = client.get("/en/monitoring/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "fewer than 5" in body
    assert "Mexico" in body
    # The LAC map shows the published figure and nothing for hidden cells.
    assert 'id="monitoring-map-svg"' in body
    assert "Mexico: 6" in body
    assert "Honduras: 2" not in body
    assert "Honduras: –" in body
    assert 'id="by-type-withheld"' not in body
    assert "Pushback" in body


@pytest.mark.django_db
def test_page_says_when_the_type_table_is_withheld(client, monkeypatch):
    records = [("MX", datetime.date(2026, 1, 1), ["pushback"], "police")] * 6
    records += [("MX", datetime.date(2026, 1, 1), ["extortion"], "police")] * 4
    records += [("MX", datetime.date(2026, 1, 1), ["arbitrary_detention"], "police")] * 4
    real = queries.summarize
    monkeypatch.setattr(queries, "summarize", lambda rows, k, names: real(records, k, names))
    body = client.get("/en/monitoring/").content.decode()
    assert 'id="by-type-withheld"' in body
    assert "Verified incidents by type" not in body


@pytest.mark.django_db
def test_aggregates_use_a_bounded_number_of_queries(client):
    make_published(6, iso2="MX")
    with CaptureQueriesContext(connection) as small:
        client.get("/en/monitoring/")
    make_published(30, iso2="GT", month=datetime.date(2025, 6, 1))
    make_published(30, iso2="CO", month=datetime.date(2025, 7, 1))
    with CaptureQueriesContext(connection) as large:
        client.get("/en/monitoring/")
    assert len(large.captured_queries) == len(small.captured_queries)

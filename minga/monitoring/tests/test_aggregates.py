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
    for table, counter in truth.items():
        for cell in data[table]:
            assert cell.count is None or cell.count >= k, (table, cell)
            assert cell.count is None or cell.count == counter[cell.code]
        # A single hidden cell could be recovered from the total minus the others.
        if table != "by_type" and data["total"] is not None:
            hidden = [c for c in data[table] if c.count is None]
            assert len(hidden) != 1
            # What the total minus the shown cells gives away stands for k reports or more.
            assert not hidden or sum(counter[c.code] for c in hidden) >= k


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

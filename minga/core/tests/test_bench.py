"""The benchmark harness (bench/): data generator, trivial view, page list, load client, report."""

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.utils import override_settings

from bench import generate
from bench.load import LoadResult, run_load
from bench.pages import TRIVIAL, Page, all_pages, busiest_organization
from bench.run import Row, database_name, maintenance_url, table
from minga.accounts.models import User
from minga.gcm.models import GCMLink
from minga.stakeholders.models import (
    Accreditation,
    Membership,
    MembershipRole,
    Organization,
)


@pytest.fixture
def small(db: None) -> generate.Context:
    return generate.generate_base(0.02)  # 10 organizations, 100 people


def test_generator_builds_a_consistent_small_review(small: generate.Context) -> None:
    orgs = Organization.objects.filter(slug__startswith=generate.SLUG_PREFIX)
    people = User.objects.filter(email__endswith="@" + generate.EMAIL_DOMAIN)
    assert orgs.count() == 10
    assert people.count() == 100
    assert generate.exists(0.02)
    assert not generate.exists(1)
    # Every organization has a representative, countries of work and objectives.
    reps = Membership.objects.filter(role=MembershipRole.REPRESENTATIVE)
    assert set(reps.values_list("organization_id", flat=True)) == set(small.organization_ids)
    ct = ContentType.objects.get_for_model(Organization)
    for org_id in small.organization_ids:
        links = GCMLink.objects.filter(content_type=ct, object_id=org_id)
        assert links.filter(country__isnull=False).exists()
        assert links.filter(objective__isnull=False).exists()
    assert Accreditation.objects.filter(review=small.review).exists()
    assert orgs.filter(is_network=True).count() >= 3
    assert small.counts["people"] == 100


def test_generator_scales(db: None) -> None:
    ctx = generate.generate_base(0.1)
    assert len(ctx.organization_ids) == 50
    assert len(ctx.person_ids) == 500


def test_trivial_view_only_in_the_bench_urlconf(client: Client, db: None) -> None:
    assert client.get("/bench/trivial").status_code == 404
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = client.get("/bench/trivial")
        assert response.status_code == 200
        assert response.content == b"ok"
        # The project's own pages are still there.
        assert client.get("/es/objectives/13/").status_code == 200


def test_pages_include_the_baseline_and_the_foundation_pages() -> None:
    names = [page.name for page in all_pages()]
    assert names[0] == TRIVIAL
    for name in ("home", "directory", "organization", "objective", "country"):
        assert name in names
    assert Page("x", lambda: "/es/x/").resolve() == "/es/x/"


def test_busiest_organization_page(small: generate.Context) -> None:
    path = busiest_organization()
    assert path.startswith("/es/organizations/bench-")


@override_settings(ROOT_URLCONF="bench.urls")
def test_load_client_against_a_live_server(live_server: Any) -> None:
    result = run_load(live_server.url, "/bench/trivial", requests=12, concurrency=3, warmup=2)
    assert result.statuses == {200: 12}
    assert result.errors == 0
    assert len(result.latencies_ms) == 12
    assert result.p50 <= result.p95
    assert result.throughput > 0


def test_load_result_counts_http_errors_and_percentiles() -> None:
    result = LoadResult(
        requests=4,
        concurrency=2,
        seconds=2.0,
        latencies_ms=[10.0, 20.0, 30.0, 40.0],
        errors=1,
        statuses={200: 3, 500: 1},
    )
    assert result.throughput == 2.0
    assert result.p50 == pytest.approx(25.0)
    assert 35.0 <= result.p95 <= 40.0


def test_report_table_ratio_to_trivial() -> None:
    rows = [
        Row("trivial", "/bench/trivial", 200, 0, 1.0, 2.0, 1000.0),
        Row("home", "/es/", 200, 3, 10.0, 20.0, 250.0),
        Row("missing", "/es/nowhere/", 404, 4, note="HTTP 404: not load-tested"),
    ]
    text = table(rows, baseline=1000.0)
    lines = text.splitlines()
    assert lines[0].startswith("| page")
    home = next(line for line in lines if "| home" in line)
    assert "4.0" in home  # 1000 req/s ÷ 250 req/s
    assert "HTTP 404" in next(line for line in lines if "missing" in line)


def test_database_url_helpers() -> None:
    url = "postgres://postgres@127.0.0.1:5432/minga_bench"
    assert database_name(url) == "minga_bench"
    assert maintenance_url(url) == "postgres://postgres@127.0.0.1:5432/postgres"


def test_results_are_written_for_fractional_scales(tmp_path: Any, monkeypatch: Any) -> None:
    import argparse

    from bench import run

    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    args = argparse.Namespace(scale=0.1, concurrency=32, requests=10, workers=2)
    rows = [Row("trivial", "/bench/trivial", 200, 0, 1.0, 2.0, 100.0)]
    path = run.write_results(args, rows, {"table": "the table", "trivial_throughput": 100.0})
    assert path.name.endswith("-scale0.1")
    assert (tmp_path / f"{path.name}.json").exists()
    assert (tmp_path / f"{path.name}.md").read_text() == "the table\n"
    assert (tmp_path / "latest.md").exists()

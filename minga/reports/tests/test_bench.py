from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate
from minga.reports import bench
from minga.reports.models import EvidenceLink, Paragraph


def test_generator_pages_and_pdf_measure(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert Paragraph.objects.count() == ctx.counts["report paragraphs"] >= 10
    assert EvidenceLink.objects.count() >= Paragraph.objects.count()
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        assert client.get(path).status_code == 200, path
    name, value = bench.pdf_build_time()
    assert "paragraphs" in name and "pages" in value


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _measure(client: Client, member) -> tuple[int, int]:
    from minga.accounts.models import Role
    from minga.reports.models import Report
    from minga.testing import factories as f

    report = Report.objects.get()
    f.grant(member, Role.COMMITTEE_MEMBER, review=report.review)
    published = _queries(client, f"/es/reports/{report.pk}/")
    client.force_login(member)
    draft = _queries(client, f"/es/reports/{report.pk}/draft/")
    client.logout()
    return published, draft


def test_report_pages_cost_the_same_queries_whatever_the_size(db, committee_member) -> None:
    """The published HTML and the working draft cost the same number of queries for a small
    report and a ten times larger one."""
    from minga.reports.models import PublishedVersion, Report

    client = Client()
    ctx = generate.generate_base(0.01)
    bench.generate(ctx)
    small_count = Paragraph.objects.count()
    small = _measure(client, committee_member)
    PublishedVersion.objects.all().delete()
    Report.objects.all().delete()
    ctx.scale = 0.1
    bench.generate(ctx)
    assert Paragraph.objects.count() >= 10 * small_count
    assert _measure(client, committee_member) == small

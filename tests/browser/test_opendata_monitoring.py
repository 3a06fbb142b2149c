import pytest

from minga.opendata.tests.incidents import scenario

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def incidents(db, settings):
    settings.MINGA_MONITORING_K = 5
    scenario()


@pytest.mark.parametrize(
    "path", ["/en/scorecard/?measure=incidents", "/es/scorecard/13/co/", "/pt/data/"]
)
def test_monitoring_open_data_pages_have_no_serious_axe_violations(page, incidents, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_suppressed_scorecard_cells_are_announced_and_shown_ones_link(page, incidents):
    page.goto("/en/scorecard/?measure=incidents")
    row = page.get_by_role("row", name="13.")
    assert row.get_by_text("fewer than 5").count() == 2  # CO and GT
    row.get_by_role("link", name="8").click()
    page.wait_for_url("**/en/monitoring/")

import pytest

from minga.gcm.models import Country
from minga.opendata.tests.conftest import link, make_initiative, make_proposal
from minga.testing import factories as f

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(db):
    author = f.make_user(is_public=True, display_name="Ana")
    for n in range(6):
        make_proposal(author, title=f"Propuesta número {n}")
        f.make_user(gender="woman").countries.set([Country.objects.get(code="MX")])
    make_initiative()
    org = f.make_organization("Red Mesoamericana", iso2="GT")
    link(org, objective=13)


@pytest.mark.parametrize(
    "path", ["/es/data/", "/en/scorecard/", "/es/scorecard/13/mx/", "/fr/dashboards/"]
)
def test_open_data_pages_have_no_serious_axe_violations(page, data, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_scorecard_cell_leads_to_its_proposals_without_javascript(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/scorecard/")
    page.get_by_role("combobox", name="Count").select_option("proposals")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/scorecard/?measure=proposals")
    row = page.get_by_role("row", name="13.")
    row.get_by_role("link", name="6").click()
    page.wait_for_url("**/proposals/?objective=13&country=MX")
    assert page.get_by_text("Propuesta número 5").is_visible()
    context.close()

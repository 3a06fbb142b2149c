import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from frictionless import validate

from minga.gcm.models import Country
from minga.initiatives.models import Assessment
from minga.opendata import scorecard
from minga.opendata.tests.conftest import make_initiative, make_proposal
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


@pytest.fixture
def world(populated: dict[str, Any]) -> dict[str, Any]:
    """Besides `populated` (3 public proposals on objective 13 in MX, hidden and merged ones):
    proposals elsewhere, a Guatemalan initiative on 13 and an assessment."""
    other = f.make_user()
    make_proposal(other, objective=13, iso2="GT", title="Guatemala 13")
    make_proposal(other, objective=5, iso2="MX", title="México 5")
    populated["gt_initiative"] = make_initiative(
        9, lead_state=Country.objects.get(code="GT"), title="Solo Guatemala"
    )
    populated["gt_initiative"].states.set([Country.objects.get(code="GT")])
    Assessment.objects.create(
        initiative=populated["initiative"], organization=populated["org"], comment="Bien."
    )
    return populated


def test_counts_per_cell(world: Any) -> None:
    proposals = scorecard.MEASURES["proposals"].counts()
    assert proposals[(13, "MX")] == 3
    assert proposals[(13, "GT")] == 1
    assert proposals[(5, "MX")] == 1
    initiatives = scorecard.MEASURES["initiatives"].counts()
    # `initiative` is carried out by MX and GT; `gt_initiative` by GT only.
    assert initiatives == {(13, "MX"): 1, (13, "GT"): 2}
    assert scorecard.MEASURES["assessments"].counts() == {(13, "MX"): 1, (13, "GT"): 1}


def test_scorecard_costs_a_bounded_number_of_queries(
    client: Client, world: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(20) as first:
        assert client.get("/en/scorecard/").status_code == 200
    author = f.make_user()
    for n in range(15):
        make_proposal(author, objective=1 + n % 20, iso2=["MX", "GT", "BR"][n % 3])
        make_initiative(20 + n)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/en/scorecard/").status_code == 200


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
def test_scorecard_is_an_accessible_table_in_every_language(
    client: Client, world: Any, language: str
) -> None:
    html = client.get(f"/{language}/scorecard/").text
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'scope="colgroup"' in html
    assert html.count("<tr>") == 2 + 23
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_every_cell_page_shows_its_items(client: Client, world: Any) -> None:
    html = client.get("/en/scorecard/").text
    cell = "/en/scorecard/13/mx/"
    assert cell in hrefs(html)
    page = client.get(cell).text
    assert "Propuesta pública" in page and "Iniciativa 0" in page
    assert "Red Abierta" in page  # the assessing organization
    assert "Guatemala 13" not in page and "Solo Guatemala" not in page
    assert "Propuesta oculta" not in page
    assert client.get("/en/scorecard/24/mx/").status_code == 404
    assert client.get("/en/scorecard/13/xx/").status_code == 404


def test_unknown_measure_shows_everything(client: Client, world: Any) -> None:
    response = client.get("/en/scorecard/?measure=bogus")
    assert response.status_code == 200


def test_done_when_a_researcher_follows_the_reference_page(
    client: Client, world: Any, tmp_path: Path
) -> None:
    """Issue 8, "Done when": with only the API reference page, a researcher lists every
    proposal on objective 13 from Mexico with its endorsement count, downloads all initiatives
    as CSV that validates, and sees the scorecard cell (13, MX) link to exactly those items."""
    target = world["public"]
    target.endorsement_count, target.organization_endorsement_count = 4, 1
    target.save()
    reference = client.get("/en/data/").text
    links = hrefs(reference)

    # 1. The reference shows how to filter proposals; follow every page of the list.
    assert "/api/v1/proposals/" in reference and "objective" in reference
    url: str | None = "/api/v1/proposals/?objective=13&country=MX&limit=2"
    listed: dict[int, Any] = {}
    while url:
        data = json.loads(client.get(url).content)
        listed.update({p["id"]: p for p in data["results"]})
        url = data["next"]
    assert {p["title"] for p in listed.values()} == {
        "Propuesta pública",
        "Propuesta anónima",
        "Propuesta de la red",
    }
    assert listed[target.pk]["endorsements"]["total"] == 5

    # 2. All initiatives as CSV, from the link on the page, valid against the data package.
    csv_url = next(h for h in links if h.endswith("/api/v1/exports/initiatives.csv"))
    package_url = next(h for h in links if h.endswith("/api/v1/exports/datapackage.json"))
    response: Any = client.get(csv_url)
    (tmp_path / "initiatives.csv").write_bytes(b"".join(response.streaming_content))
    descriptor = json.loads(client.get(package_url).content)
    resource = next(r for r in descriptor["resources"] if r["name"] == "initiatives")
    resource["path"] = "initiatives.csv"
    descriptor["resources"] = [resource]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    assert (tmp_path / "initiatives.csv").read_text().count("\n") == 1 + 2

    # 3. The scorecard cell (13, MX), counting proposals, links to exactly those items.
    scorecard_url = next(h for h in links if h.endswith("/scorecard/"))
    html = client.get(f"{scorecard_url}?measure=proposals").text
    cell_links = [h for h in hrefs(html) if "objective=13" in h and "country=MX" in h]
    assert len(cell_links) == 1
    assert '<a href="{}">3</a>'.format(cell_links[0].replace("&", "&amp;")) in html
    page = client.get(cell_links[0]).text
    for proposal in listed.values():
        assert f'href="/en/proposals/{proposal["id"]}/"' in page
    shown = set(re.findall(r'href="/en/proposals/(\d+)/"', page))
    assert shown == {str(pk) for pk in listed}

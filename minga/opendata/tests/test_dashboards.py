import datetime
import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from minga.core import charts
from minga.gcm import maps
from minga.gcm.models import Country
from minga.opendata import dashboards
from minga.opendata.dashboards import Group, suppress
from minga.opendata.tests.conftest import make_proposal
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def people(n: int, **extra: Any) -> list[Any]:
    return [f.make_user(**extra) for _i in range(n)]


def test_small_groups_are_suppressed_with_a_complementary_one() -> None:
    groups = suppress([Group("a", "A", 12), Group("b", "B", 3), Group("c", "C", 7)])
    assert [g.count for g in groups] == [12, None, None]
    # 3 + 1 hidden would give "4 between them" away: the next smallest is hidden too.
    two = suppress([Group("a", "A", 12), Group("b", "B", 3), Group("c", "C", 1)])
    assert [g.count for g in two] == [None, None, None]
    pair = suppress(
        [Group("a", "A", 20), Group("b", "B", 3), Group("c", "C", 4), Group("d", "D", 30)]
    )
    assert [g.count for g in pair] == [20, None, None, 30]
    none = suppress([Group("a", "A", 5), Group("b", "B", 9)])
    assert [g.count for g in none] == [5, 9]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=40), max_size=8))
def test_no_hidden_group_can_be_worked_out(counts: list[int]) -> None:
    groups = suppress([Group(str(i), str(i), n) for i, n in enumerate(counts)])
    hidden = [n for n, g in zip(counts, groups, strict=True) if g.count is None]
    assert all(g.count is None or g.count >= 5 for g in groups)
    everything = len(hidden) == len(counts)  # nothing left to hide in this breakdown
    assert not hidden or everything or (len(hidden) >= 2 and sum(hidden) >= 5)


def test_gender_is_aggregated_and_small_groups_hidden(client: Client, db: Any) -> None:
    people(6, gender="woman")
    people(2, gender="non_binary")
    people(7, gender="man")
    groups = {g.key: g.count for g in dashboards.people_by_gender()}
    assert groups["non_binary"] is None
    # The next smallest group (the 6 women) is hidden too, so the 2 cannot be derived from
    # the total of people.
    assert groups["woman"] is None and groups["man"] == 7
    assert sum(1 for v in groups.values() if v is None) == 2
    html = client.get("/en/dashboards/").text
    assert "fewer than 5" in html


def test_people_by_country_and_subregion(db: Any) -> None:
    mexico, brazil = Country.objects.get(code="MX"), Country.objects.get(code="BR")
    for person in people(5):
        person.countries.set([mexico, brazil])
    for person in people(1):
        person.countries.set([brazil])
    countries = {g.key: g.count for g in dashboards.people_by_country()}
    assert countries == {"MX": 5, "BR": 6}
    subregions = {g.key: g.count for g in dashboards.people_by_subregion()}
    assert subregions == {"mca": 5, "south_america": 6}


def test_people_by_type_of_their_organization(db: Any) -> None:
    cso = f.make_organization(stakeholder_type="cso")
    union = f.make_organization(stakeholder_type="trade_union")
    for person in people(6):
        f.add_member(person, cso)
        f.add_member(person, union)
    for person in people(5):
        f.add_member(person, union)
    for person in people(3):
        f.add_member(person, cso, status="pending")
    groups = {g.key: g.count for g in dashboards.people_by_stakeholder_type()}
    assert groups == {"cso": 6, "trade_union": 11}


def test_contributions_per_month(db: Any) -> None:
    author = f.make_user()
    for n in range(3):
        make_proposal(author, title=f"P {n}")
    make_proposal(author, title="Oculta", is_hidden=True)
    series = {s.key: s for s in dashboards.contributions_over_time()}
    assert len(series["proposals"].points) == dashboards.MONTHS
    assert series["proposals"].points[-1][1] == 3
    assert series["proposals"].total == 3
    assert series["comments"].total == 0


def test_month_starts_cross_the_year() -> None:
    starts = dashboards.month_starts(datetime.date(2026, 2, 14), 3)
    assert starts == [
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]


def test_dashboards_page_bounded_queries(
    client: Client, db: Any, django_assert_max_num_queries: Any
) -> None:
    maps.lac_shapes()  # read the shapes before counting (once per process)
    with django_assert_max_num_queries(30) as first:
        assert client.get("/en/dashboards/").status_code == 200
    org = f.make_organization(iso2="BR")
    for person in people(12, gender="woman"):
        f.add_member(person, org)
        person.countries.set([Country.objects.get(code="BR")])
        make_proposal(person)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/en/dashboards/").status_code == 200


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
def test_charts_are_accessible_svg_with_tables_and_no_script(
    client: Client, db: Any, language: str
) -> None:
    for _org in range(3):
        f.make_organization(iso2="MX")
    people(6, gender="woman")
    html = client.get(f"/{language}/dashboards/").text
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert "<script" not in main
    svgs = re.findall(r"<svg [^>]*>", main)
    assert len([s for s in svgs if 'role="img"' in s]) >= 5
    for svg in re.findall(r'<svg [^>]*role="img"[^>]*>.*?</svg>', main, re.S):
        assert "<title" in svg and "<desc" in svg
    assert main.count("<table") >= 5
    assert 'scope="row"' in main


def test_map_colours_countries_by_value() -> None:
    svg = maps.choropleth(
        {"MX": 10, "BR": 1, "BB": 5}, title="Organizations", description="A map", svg_id="m"
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="m-title m-desc"' in svg
    for iso2 in ("MX", "BR", "AR", "HT"):
        assert any(s.iso2 == iso2 for s in maps.lac_shapes())
    assert svg.count("<path") >= 30
    assert maps.PALETTE[-1] in svg and maps.NO_DATA in svg
    # Small island States get a circle so that their colour shows.
    assert "<circle" in svg
    assert "México: 10" in svg or "Mexico: 10" in svg


def test_bar_chart_labels_suppressed_values() -> None:
    svg = charts.bar_chart(
        [("A", 10), ("B", None)], title="T", description="D", svg_id="x", missing_label="<5"
    )
    assert "&lt;5" in svg and 'role="img"' in svg


def test_session_participation_by_type_with_small_groups_suppressed(db: Any) -> None:
    from minga.hearings.models import Question, Registration
    from minga.opendata.tests.conftest import make_session

    review = f.make_review()
    session = make_session(review)
    draft = make_session(review, "Borrador", status="draft")
    cso = f.make_organization(stakeholder_type="cso")
    union = f.make_organization(stakeholder_type="trade_union")
    now = datetime.datetime.now(datetime.UTC)
    for n, person in enumerate(people(7)):
        f.add_member(person, cso)
        Registration.objects.create(
            session=session, person=person, checked_in_at=now if n < 6 else None
        )
        Registration.objects.create(session=draft, person=person)
    for person in people(2):
        f.add_member(person, union)
        Registration.objects.create(session=session, person=person, checked_in_at=now)
    registered = {g.key: g.count for g in dashboards.registrations_by_stakeholder_type()}
    # 2 trade unionists are fewer than 5; the only other group is hidden with it.
    assert registered == {"cso": None, "trade_union": None}
    for person in people(5):
        f.add_member(person, union)
        Registration.objects.create(session=session, person=person)
    registered = {g.key: g.count for g in dashboards.registrations_by_stakeholder_type()}
    assert registered == {"cso": 7, "trade_union": 7}
    checked = {g.key: g.count for g in dashboards.check_ins_by_stakeholder_type()}
    assert checked == {"cso": None, "trade_union": None}
    author = people(1)[0]
    for status in ("approved", "answered", "hidden", "pending"):
        Question.objects.create(session=session, author=author, text="¿Pregunta?", status=status)
    Question.objects.create(session=draft, author=author, text="¿Borrador?", status="approved")
    series = {s.key: s for s in dashboards.contributions_over_time()}
    assert series["questions"].total == 2

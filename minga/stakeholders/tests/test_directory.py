import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Objective
from minga.stakeholders.models import AccreditationStatus
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "/en/organizations/"


def names(response) -> list[str]:
    return [org.name for org in response.context["page_obj"].object_list]


@pytest.fixture
def orgs(review, admin_user):
    """A small, varied directory."""
    network = f.make_organization("Red Caribeña", iso2="DO", is_network=True, acronym="RC")
    andina = f.make_organization(
        "Red Migrante Andina", iso2="EC", is_migrant_led=True, stakeholder_type="migrant_led"
    )
    diaspora = f.make_organization(
        "Diáspora Venezolana en Chile",
        iso2="CL",
        stakeholder_type="diaspora",
        description="Acompañamos a familias retornadas.",
    )
    academia = f.make_organization(
        "Observatorio de Movilidad", iso2="US", stakeholder_type="academia", acronym="OBMO"
    )
    diaspora.networks.add(network)
    academia.networks.add(network)
    do_set_gcm_links(
        admin_user,
        academia,
        countries=[f.country("MX"), f.country("GT")],
        objectives=list(Objective.objects.filter(number=13)),
    )
    f.accredit(andina, review)
    f.accredit(diaspora, review, status=AccreditationStatus.DECLINED)
    other = f.make_review(
        "another-review", today=datetime.date.today() + datetime.timedelta(days=900)
    )
    f.accredit(academia, other)
    return {"network": network, "andina": andina, "diaspora": diaspora, "academia": academia}


def test_lists_every_organization_with_its_constituency(client, orgs):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Diáspora Venezolana en Chile",
        "Observatorio de Movilidad",
        "Red Caribeña",
        "Red Migrante Andina",
    ]
    html = response.content.decode()
    assert 'class="badge"' in html
    assert html.count("tag--migrant") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "diaspora"}, ["Diáspora Venezolana en Chile"]),
        ({"migrant_led": "on"}, ["Red Migrante Andina"]),
        ({"accredited": "on"}, ["Red Migrante Andina"]),
        # Headquarters or country of work (GCM link).
        ({"country": "EC"}, ["Red Migrante Andina"]),
        ({"country": "gt"}, ["Observatorio de Movilidad"]),
        ({"subregion": "caribbean"}, ["Red Caribeña"]),
        ({"subregion": "mca"}, ["Observatorio de Movilidad"]),
        ({"subregion": "south_america"}, ["Diáspora Venezolana en Chile", "Red Migrante Andina"]),
        (
            {"network": "red-caribena"},
            ["Diáspora Venezolana en Chile", "Observatorio de Movilidad"],
        ),
        ({"objective": "13"}, ["Observatorio de Movilidad"]),
        ({"q": "andina"}, ["Red Migrante Andina"]),
        ({"q": "obmo"}, ["Observatorio de Movilidad"]),
        ({"q": "familias retornadas"}, ["Diáspora Venezolana en Chile"]),
        ({"q": "red", "type": "migrant_led"}, ["Red Migrante Andina"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_filters_and_search(client, orgs, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert names(response) == expected


def test_accredited_tag_is_for_the_current_review_only(client, orgs):
    response = client.get(URL)
    flags = {o.name: o.is_accredited for o in response.context["page_obj"].object_list}
    assert flags == {
        "Diáspora Venezolana en Chile": False,
        "Observatorio de Movilidad": False,
        "Red Caribeña": False,
        "Red Migrante Andina": True,
    }
    assert response.content.decode().count('class="tag tag--accredited"') == 1


@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},
        {"type": "pirates"},
        {"objective": "99"},
        {"objective": "abc"},
        {"network": "no-such-network"},
        {"subregion": "atlantis"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"q": "x" * 500},
    ],
)
def test_bad_filters_never_fail(client, orgs, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    if set(query) - {"page"}:
        assert response.context["form"].errors
        assert "Some filters were not understood" in response.content.decode()
    else:
        assert names(response)


def test_unknown_filter_value_is_ignored_not_applied(client, orgs):
    response = client.get(URL, {"country": "ZZ", "type": "diaspora"})
    assert names(response) == ["Diáspora Venezolana en Chile"]
    assert response.context["form"].errors["country"]


def test_paginates_by_twenty(client, db):
    for n in range(25):
        f.make_organization(f"Org {n:02d}")
    first = client.get(URL)
    assert len(names(first)) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert names(second) == [f"Org {n:02d}" for n in range(20, 25)]


def test_filters_are_kept_in_pagination_links(client, db):
    for n in range(25):
        f.make_organization(f"Migrantes {n:02d}", is_migrant_led=True)
    response = client.get(URL, {"migrant_led": "on"})
    assert "migrant_led=on&amp;page=2" in response.content.decode()


def test_empty_state(client, db):
    response = client.get(URL)
    assert 'class="empty"' in response.content.decode()
    response = client.get(URL, {"q": "zzz"})
    assert "No organization matches these filters." in response.content.decode()


def make_many(count: int, review, admin_user) -> None:
    network = f.make_organization(f"Network {count}", is_network=True)
    for n in range(count):
        org = f.make_organization(f"Bulk {count}-{n:03d}", iso2="PE", is_migrant_led=n % 2 == 0)
        org.networks.add(network)
        if n % 3 == 0:
            f.accredit(org, review)
        do_set_gcm_links(admin_user, org, countries=[f.country("PE"), f.country("BO")])


def count_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query",
    [{}, {"country": "PE", "accredited": "on"}, {"q": "bulk", "migrant_led": "on", "page": "2"}],
)
def test_directory_query_count_does_not_grow(
    client, review, admin_user, django_assert_max_num_queries, query
):
    make_many(3, review, admin_user)
    small = count_queries(client, query)
    make_many(40, review, admin_user)
    large = count_queries(client, query)
    assert large == small
    with django_assert_max_num_queries(10):
        client.get(URL, query)

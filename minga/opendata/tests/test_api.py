import json
from typing import Any

import pytest
from django.test import Client, override_settings

from minga.opendata.api import RESOURCES
from minga.opendata.tests.conftest import make_proposal
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **extra: Any) -> Any:
    response = client.get(url, **extra)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_index_lists_every_resource(client: Client, populated: Any) -> None:
    response, data = get(client, "/api/v1/")
    assert response.status_code == 200
    assert set(data["resources"]) == set(RESOURCES)
    for resource in data["resources"].values():
        assert client.get(resource["url"]).status_code == 200


@pytest.mark.parametrize("name", list(RESOURCES))
def test_items_have_the_declared_fields_and_links(
    client: Client, populated: Any, name: str
) -> None:
    response, data = get(client, f"/api/v1/{name}/")
    assert response.status_code == 200
    assert data["results"], name
    for obj in data["results"]:
        assert set(obj) == set(RESOURCES[name].fields)
        assert obj["url"] == f"/api/v1/{name}/{obj['id']}/"
        detail, one = get(client, obj["url"])
        assert detail.status_code == 200
        assert one == obj
        assert client.get(obj["html_url"]).status_code == 200


def test_researcher_query_objective_13_mexico(client: Client, populated: Any) -> None:
    other = f.make_user()
    make_proposal(other, objective=13, iso2="GT", title="Guatemala")
    make_proposal(other, objective=5, iso2="MX", title="Objetivo 5")
    target = populated["public"]
    target.endorsement_count = 7
    target.organization_endorsement_count = 2
    target.save()
    _response, data = get(client, "/api/v1/proposals/?objective=13&country=mx")
    titles = {p["title"] for p in data["results"]}
    assert titles == {"Propuesta pública", "Propuesta anónima", "Propuesta de la red"}
    found = next(p for p in data["results"] if p["id"] == target.pk)
    assert found["endorsements"] == {"people": 7, "organizations": 2, "total": 9}
    assert found["objectives"] == [13] and found["countries"] == ["MX"]


def test_cursor_pagination_walks_everything_once(client: Client, db: Any) -> None:
    author = f.make_user()
    made = {make_proposal(author, title=f"P {n}").pk for n in range(7)}
    seen: list[int] = []
    url: str | None = "/api/v1/proposals/?limit=3&objective=13"
    pages = 0
    while url:
        _response, data = get(client, url)
        seen += [p["id"] for p in data["results"]]
        url = data["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=forged", "cursor"),
        ("objective=24", "objective"),
        ("objective=x", "objective"),
        ("country=MEX", "country"),
        ("updated_since=yesterday", "updated_since"),
        ("created_since=2026-13-45", "created_since"),
        ("status=lost", "status"),
        ("colour=red", "colour"),
        ("created_since=9999-12-31T23:59:59-23:00", "created_since"),
        ("updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),
        ("cursor=", "cursor"),
        ("limit=", "limit"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(
    client: Client, populated: Any, query: str, parameter: str
) -> None:
    response, data = get(client, f"/api/v1/proposals/?{query}")
    assert response.status_code == 400
    assert data["error"]["parameter"] == parameter
    assert data["error"]["message"]


def test_unknown_resource_and_item_are_json_404(client: Client, populated: Any) -> None:
    assert get(client, "/api/v1/nothing/")[0].status_code == 404
    assert get(client, "/api/v1/proposals/999999/")[0].status_code == 404
    big = "/api/v1/proposals/99999999999999999999999/"
    assert get(client, big)[0].status_code == 404


def test_date_filters(client: Client, populated: Any) -> None:
    _r, future = get(client, "/api/v1/proposals/?created_since=2999-01-01")
    assert future["results"] == []
    _r, past = get(client, "/api/v1/proposals/?updated_since=2000-01-01T00:00:00Z")
    assert len(past["results"]) == 3


def test_status_filters(client: Client, populated: Any) -> None:
    _r, awaiting = get(client, "/api/v1/proposals/?status=awaiting")
    assert len(awaiting["results"]) == 3
    _r, retained = get(client, "/api/v1/proposals/?status=retained")
    assert retained["results"] == []
    _r, ongoing = get(client, "/api/v1/initiatives/?status=ongoing&country=GT")
    assert [i["title"] for i in ongoing["results"]] == ["Iniciativa 0"]
    _r, done = get(client, "/api/v1/initiatives/?status=completed")
    assert done["results"] == []


def test_etag_and_conditional_request(client: Client, populated: Any) -> None:
    first = client.get("/api/v1/proposals/")
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    populated["public"].title = "Cambiada"
    populated["public"].save()
    changed = client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@override_settings(OPENDATA_RATE_LIMIT=3)
def test_anonymous_clients_are_rate_limited(client: Client, populated: Any) -> None:
    for _n in range(3):
        assert client.get("/api/v1/practices/").status_code == 200
    response, data = get(client, "/api/v1/practices/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert data["error"]["message"]
    other = client.get("/api/v1/practices/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


@pytest.mark.parametrize("name", list(RESOURCES))
def test_bounded_queries_per_page(
    client: Client, db: Any, name: str, django_assert_max_num_queries: Any
) -> None:
    from minga.opendata.tests import conftest as c
    from minga.opendata.tests import reporting_data as r

    author = f.make_user()
    review = f.make_review()
    for size in (2, 12):
        for n in range(size):
            org = f.make_organization()
            makers = {
                "organizations": lambda: None,
                "proposals": lambda: make_proposal(
                    author,
                    author_display="organization",
                    organization=org,  # noqa: B023
                ),
                "consultations": lambda: c.make_consultation(n),  # noqa: B023
                "initiatives": lambda: c.make_initiative(n),  # noqa: B023
                "practices": lambda: c.make_practice(n, contact_organization=org),  # noqa: B023
                "sessions": lambda: c.make_full_session(review, org, n),  # noqa: B023
                "calls": lambda: c.make_full_session(review, org, n),  # noqa: B023
                "reports": lambda: r.make_version(review, n),  # noqa: B023
                "recommendations": lambda: r.make_recommendation(review, org, n),  # noqa: B023
            }
            makers[name]()
        with django_assert_max_num_queries(8):
            response = client.get(f"/api/v1/{name}/?limit=100")
        assert response.status_code == 200


def test_the_same_page_gives_the_same_cursor_and_etag_a_second_later(
    client: Client, populated: Any, monkeypatch: Any
) -> None:
    """Cursors carry no timestamp: the ETag of a page with a next link stays the same."""
    import time as time_module

    first = client.get("/api/v1/proposals/?limit=1")
    assert first.json()["next"]
    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + 5)
    again = client.get("/api/v1/proposals/?limit=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

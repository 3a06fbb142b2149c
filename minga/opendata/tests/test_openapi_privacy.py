import json
from typing import Any

import pytest
from django.test import Client

from minga.opendata.api import RESOURCES
from minga.opendata.tests.conftest import SECRET_EMAIL, SECRET_NAME

pytestmark = pytest.mark.django_db


def all_responses(client: Client) -> list[str]:
    """Every list and detail answer of the API, as text."""
    bodies = []
    for name in RESOURCES:
        listing = client.get(f"/api/v1/{name}/?limit=100")
        bodies.append(listing.content.decode())
        for obj in json.loads(listing.content)["results"]:
            bodies.append(client.get(obj["url"]).content.decode())
    return bodies


def test_openapi_document_is_complete(client: Client, populated: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.1")
    assert {"openapi", "info", "paths", "components"} <= set(doc)
    assert {"title", "version"} <= set(doc["info"])
    assert "Error" in doc["components"]["schemas"]
    for name, resource in RESOURCES.items():
        schema = doc["components"]["schemas"][name.capitalize()]
        assert set(schema["properties"]) == set(resource.fields)
        params = {p["name"] for p in doc["paths"][f"/api/v1/{name}/"]["get"]["parameters"]}
        assert {
            "objective",
            "country",
            "created_since",
            "updated_since",
            "limit",
            "cursor",
        } <= params


def test_every_declared_path_answers(client: Client, populated: Any) -> None:
    doc = json.loads(client.get("/api/v1/openapi.json").content)
    for path in doc["paths"]:
        if "{id}" in path:
            listing = json.loads(client.get(path.replace("{id}/", "")).content)
            path = path.replace("{id}", str(listing["results"][0]["id"]))
        assert client.get(path).status_code == 200, path


def test_no_private_data_in_any_response(client: Client, populated: Any) -> None:
    populated["public"].author.gender = "man"
    populated["public"].author.save()
    text = "\n".join(all_responses(client))
    for secret in (SECRET_NAME, SECRET_EMAIL, "@example.org", "Zelda"):
        assert secret not in text
    for private_key in ('"email"', '"gender"', '"self_identification"', '"consent_how"'):
        assert private_key not in text
    assert "Shown Person" in text  # an author who chose to be shown under their name


def test_hidden_merged_and_unpublished_items_are_absent(client: Client, populated: Any) -> None:
    text = "\n".join(all_responses(client))
    assert "Propuesta oculta" not in text
    assert "Propuesta fusionada" not in text
    assert "Borrador privado" not in text
    for key in ("hidden", "merged"):
        assert client.get(f"/api/v1/proposals/{populated[key].pk}/").status_code == 404
    assert client.get(f"/api/v1/practices/{populated['draft'].pk}/").status_code == 404


def test_anonymous_proposal_shows_neither_author_nor_organization(
    client: Client, populated: Any
) -> None:
    anonymous = json.loads(client.get(f"/api/v1/proposals/{populated['anonymous'].pk}/").content)
    assert anonymous["author"] is None
    assert anonymous["organization"] is None
    as_org = json.loads(client.get(f"/api/v1/proposals/{populated['as_org'].pk}/").content)
    assert as_org["author"] is None
    assert as_org["organization"]["name"] == "Red Abierta"


def test_consultation_counts_only_visible_contributions(client: Client, populated: Any) -> None:
    data = json.loads(client.get(f"/api/v1/consultations/{populated['consultation'].pk}/").content)
    assert data["contribution_count"] == 1
    assert "Oculta." not in json.dumps(data)


def test_reference_page_is_rendered_from_the_declarations(client: Client, db: Any) -> None:
    response = client.get("/en/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for name, resource in RESOURCES.items():
        assert f'id="{name}"' in html
        for flt in resource.filters:
            assert f"<code>{flt.name}</code>" in html
    assert "curl " in html and "ETag" in html and "Retry-After" in html
    assert 'href="/api/v1/openapi.json"' in html


def test_reference_page_is_translated(client: Client, db: Any) -> None:
    response = client.get("/es/data/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()


def test_author_who_did_not_choose_public_lists_is_not_named(client, db):
    from minga.testing import factories as f

    from .conftest import make_proposal

    private = f.make_user("private.person@example.org", display_name="Private Person")
    proposal = make_proposal(private, title="Propuesta de alguien discreto")
    body = client.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert body["author"] is None
    assert "Private Person" not in client.get("/api/v1/proposals/").text


def test_sessions_show_public_programme_data_only(client: Client, populated: Any) -> None:
    from .conftest import SECRET_TEXTS

    text = "\n".join(all_responses(client))
    for secret in (*SECRET_TEXTS, "Sesión en borrador", "Sesión cancelada", "¿Pregunta anónima?"):
        assert secret not in text
    for private_key in ('"accessibility_needs"', '"answers"', '"questionnaire"', '"capacity"'):
        assert private_key not in text
    session = populated["session"]
    body = client.get(f"/api/v1/sessions/{session.pk}/").json()
    assert [a["title"] for a in body["agenda"]] == ["Apertura", "Debate"]
    assert [a["duration_minutes"] for a in body["agenda"]] == [15, 60]
    assert body["objectives"] == [13] and body["countries"] == ["MX"]
    assert body["starts_at"].endswith(("-03:00", "-04:00"))  # America/Santiago
    assert body["ics_url"].endswith(f"/sessions/{session.pk}.ics")
    panelist = next(r for r in body["roles"] if r["role"] == "panelist")
    assert panelist["name"] == "Panel Ista"
    assert panelist["organization"]["name"] == "Red Abierta"
    assert panelist["constituency"] == populated["org"].stakeholder_type
    nameless = next(r for r in body["roles"] if r["role"] == "rapporteur")
    assert nameless["name"] is None  # never the e-mail's local part
    assert "nameless" not in text
    for key in ("draft_session", "cancelled_session"):
        assert client.get(f"/api/v1/sessions/{populated[key].pk}/").status_code == 404


def test_calls_show_rules_and_confirmed_selection_only(client: Client, populated: Any) -> None:
    listing = client.get("/api/v1/calls/").json()["results"]
    assert {c["id"] for c in listing} == {populated["open_call"].pk, populated["confirmed_call"].pk}
    open_call = client.get(f"/api/v1/calls/{populated['open_call'].pk}/").json()
    assert open_call["selected"] == [] and open_call["accepts_nominations"] is True
    assert open_call["balance_rules"] == {"min_women_percent": 50, "languages": ["es", "pt"]}
    confirmed = client.get(f"/api/v1/calls/{populated['confirmed_call'].pk}/").json()
    assert [p["name"] for p in confirmed["selected"]] == ["Chosen Person"]
    assert confirmed["selected"][0]["organization"]["name"] == "Red Abierta"
    text = json.dumps(listing) + json.dumps(confirmed)
    for private_key in ('"votes"', '"consent"', '"gender"', '"justification"', '"nominations"'):
        assert private_key not in text
    assert "man" not in json.dumps(confirmed["selected"])


def test_session_and_call_filters(client: Client, populated: Any) -> None:
    session = populated["session"]
    assert [s["id"] for s in client.get("/api/v1/sessions/?objective=13").json()["results"]] == [
        session.pk
    ]
    assert client.get("/api/v1/sessions/?objective=2").json()["results"] == []
    assert client.get("/api/v1/sessions/?country=GT").json()["results"] == []
    assert client.get("/api/v1/sessions/?starts_before=2000-01-01").json()["results"] == []
    later = client.get("/api/v1/sessions/?starts_since=2000-01-01&kind=roundtable").json()
    assert len(later["results"]) == 1
    assert len(client.get("/api/v1/calls/?objective=13").json()["results"]) == 2
    assert client.get("/api/v1/calls/?country=GT").json()["results"] == []
    assert len(client.get("/api/v1/calls/?status=confirmed").json()["results"]) == 1
    bad = client.get("/api/v1/sessions/?starts_since=yesterday")
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "starts_since"


def test_session_list_pages_with_cursor_and_etag(client: Client, populated: Any) -> None:
    from .conftest import make_session

    for n in range(2):
        make_session(populated["session"].review, f"Otra sesión {n}")
    first = client.get("/api/v1/sessions/?limit=2")
    assert len(first.json()["results"]) == 2 and first.json()["next"]
    second = client.get(first.json()["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    again = client.get("/api/v1/sessions/?limit=2", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

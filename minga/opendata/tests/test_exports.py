import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from frictionless import Package, validate

from minga.opendata import exports
from minga.opendata.tests.conftest import SECRET_EMAIL, SECRET_NAME, make_proposal
from minga.proposals.models import Endorsement
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

NAMES = list(exports.EXPORTS)


def download(client: Client, url: str) -> bytes:
    response: Any = client.get(url)
    assert response.status_code == 200, url
    assert response.streaming
    return b"".join(response.streaming_content)


def endorse(proposal: Any, person: Any, organization: Any = None) -> Endorsement:
    return Endorsement.objects.create(proposal=proposal, person=person, organization=organization)


@pytest.fixture
def endorsed(populated: dict[str, Any], secret_author: Any) -> dict[str, Any]:
    shown = populated["public"].author
    endorse(populated["public"], secret_author)
    endorse(populated["public"], shown)
    endorse(populated["public"], secret_author, populated["org"])
    endorse(populated["hidden"], shown)
    populated["secret_author"] = secret_author
    return populated


def test_the_expected_exports_are_declared() -> None:
    assert {
        "organizations",
        "proposals",
        "endorsements",
        "initiatives",
        "practices",
        "consultations",
        "sessions",
        "session_roles",
    } <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_csv_header_matches_the_table_schema_and_ndjson_lines_parse(
    client: Client, endorsed: Any, name: str
) -> None:
    export = exports.EXPORTS[name]
    body = download(client, f"/api/v1/exports/{name}.csv").decode()
    rows = list(csv.reader(io.StringIO(body)))
    names = [field["name"] for field in export.table_schema()["fields"]]
    assert rows[0] == names
    assert len(rows) - 1 == exports.count(export) > 0
    lines = download(client, f"/api/v1/exports/{name}.ndjson").decode().splitlines()
    assert len(lines) == len(rows) - 1
    for line in lines:
        obj = json.loads(line)
        assert list(obj) == names


def test_datapackage_validates_with_frictionless(
    client: Client, endorsed: Any, tmp_path: Path
) -> None:
    """The served descriptor, pointed at the served CSV files, passes the validator."""
    response = client.get("/api/v1/exports/datapackage.json")
    assert response.status_code == 200
    descriptor = json.loads(response.content)
    assert {r["name"] for r in descriptor["resources"]} == set(NAMES)
    for resource in descriptor["resources"]:
        assert resource["path"].endswith(f"/api/v1/exports/{resource['name']}.csv")
        local = tmp_path / f"{resource['name']}.csv"
        local.write_bytes(download(client, f"/api/v1/exports/{resource['name']}.csv"))
        resource["path"] = local.name
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package: Any = Package(str(tmp_path / "datapackage.json"))
    assert package.get_resource("initiatives").read_rows()[0]["title"] == "Iniciativa 0"


def test_small_chunks_give_the_same_rows(endorsed: Any) -> None:
    """Keyset pagination: chunk size changes nothing but the number of queries."""
    for name in NAMES:
        export = exports.EXPORTS[name]
        whole = b"".join(exports.stream(export, "csv"))
        chunked = b"".join(exports.stream(export, "csv", chunk_size=1))
        assert whole == chunked, name


def test_chunk_queries_are_bounded(endorsed: Any, django_assert_max_num_queries: Any) -> None:
    author = f.make_user()
    for n in range(30):
        make_proposal(author, title=f"Propuesta {n}")
    export = exports.EXPORTS["proposals"]
    # One query for rows and two for GCM links per chunk, plus the content type.
    with django_assert_max_num_queries(3 * 4 + 2):
        b"".join(exports.stream(export, "csv", chunk_size=10))


def test_no_private_data_in_any_export(client: Client, endorsed: Any) -> None:
    text = "\n".join(
        download(client, f"/api/v1/exports/{name}.{fmt}").decode()
        for name in NAMES
        for fmt in exports.FORMATS
    )
    for secret in (SECRET_NAME, SECRET_EMAIL, "@example.org", "Zelda"):
        assert secret not in text
    for private in ("Propuesta oculta", "Propuesta fusionada", "Borrador privado", "Oculta."):
        assert private not in text
    # The public person's name shows; their e-mail and gender never do.
    assert "Shown Person" in text
    assert "woman" not in text


def test_proposal_rows_show_an_organization_only_when_presented_in_its_name(
    client: Client, endorsed: Any
) -> None:
    rows = {
        int(r["id"]): r
        for r in csv.DictReader(
            io.StringIO(download(client, "/api/v1/exports/proposals.csv").decode())
        )
    }
    org = endorsed["org"]
    assert rows[endorsed["as_org"].pk]["organization_id"] == str(org.pk)
    assert rows[endorsed["anonymous"].pk]["organization_id"] == ""
    assert rows[endorsed["anonymous"].pk]["author_name"] == ""
    assert rows[endorsed["public"].pk]["author_name"] == "Shown Person"
    assert rows[endorsed["public"].pk]["objectives"] == "13"
    assert rows[endorsed["public"].pk]["countries"] == "MX"


def test_endorsements_never_identify_people(client: Client, endorsed: Any) -> None:
    lines = download(client, "/api/v1/exports/endorsements.ndjson").decode().splitlines()
    rows = [json.loads(line) for line in lines]
    public = endorsed["public"].pk
    assert sorted((r["proposal_id"], r["endorser_kind"]) for r in rows) == [
        (public, "organization"),
        (public, "person"),
        (public, "person"),
    ]
    assert {r["organization_id"] for r in rows} == {None, endorsed["org"].pk}
    person_ids = {endorsed["secret_author"].pk, endorsed["public"].author.pk}
    for row in rows:
        assert set(row) == {"id", "proposal_id", "endorser_kind", "organization_id", "endorsed_on"}
        assert len(row["endorsed_on"]) == 10
        assert row["organization_id"] not in person_ids or row["endorser_kind"] == "organization"


def test_unknown_export_or_format_is_a_json_404(client: Client, db: Any) -> None:
    for url in ("/api/v1/exports/nothing.csv", "/api/v1/exports/proposals.xlsx"):
        response = client.get(url)
        assert response.status_code == 404
        assert json.loads(response.content)["error"]["message"]


def test_session_exports_show_the_public_programme_only(client: Client, endorsed: Any) -> None:
    from minga.opendata.tests.conftest import SECRET_TEXTS

    sessions = download(client, "/api/v1/exports/sessions.csv").decode()
    rows = list(csv.DictReader(io.StringIO(sessions)))
    assert [r["title"] for r in rows] == ["Mesa redonda abierta"]
    assert rows[0]["languages"] == "es;en" and rows[0]["agenda_minutes"] == "75"
    assert rows[0]["objectives"] == "13" and rows[0]["time_zone"] == "America/Santiago"
    roles = download(client, "/api/v1/exports/session_roles.ndjson").decode().splitlines()
    parsed = sorted((json.loads(line) for line in roles), key=lambda r: r["role"])
    assert [(r["role"], r["name"]) for r in parsed] == [
        ("panelist", "Panel Ista"),
        ("rapporteur", None),
    ]
    assert parsed[0]["organization_id"] == endorsed["org"].pk
    text = sessions + "\n".join(roles)
    for secret in (*SECRET_TEXTS, "borrador", "cancelada", "nameless", "¿Pregunta"):
        assert secret not in text

"""Open data of reports and recommendations (minga/opendata/reporting.py): API resources,
exports, the scorecard measure, privacy, and schemathesis on the new operations."""

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from minga.followup import actions as followup_actions
from minga.gcm.models import Objective
from minga.opendata import exports, scorecard
from minga.opendata.tests.test_schemathesis import without_forged_cursor
from minga.reports import actions as report_actions
from minga.reports.models import Decision
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

SECRETS = [
    "Párrafo secreto del borrador",
    "Comentario anónimo sobre el párrafo",
    "commenter@example.org",
    "Commenter Secret",
    "state@example.org",
    "MX Focal Point",
    "cso@example.org",
    "answer-secret",
]


@pytest.fixture
def data(review, committee_member, state_focal_point, cso_rep, organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A published report (version 1) and a later draft that must never show.
    report = report_actions.do_create_report(
        committee_member, review, title="Informe regional", language="es"
    )
    chapter = report_actions.do_add_chapter(committee_member, report, title="Protección")
    section = report_actions.do_add_section(committee_member, chapter, title="Documentos")
    paragraph = report_actions.do_add_paragraph(
        committee_member, section, text="Los Estados deben regularizar."
    )
    report_actions.do_set_consultation(committee_member, report, is_open=True)
    commenter = f.make_user("commenter@example.org", display_name="Commenter Secret")
    report_actions.do_comment_paragraph(
        commenter, paragraph, text="Comentario anónimo sobre el párrafo"
    )
    report_actions.do_set_consultation(committee_member, report, is_open=False)
    report_actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    report_actions.do_decide_report(committee_member, report, decision=Decision.APPROVE)
    report.refresh_from_db()
    version = report_actions.do_publish_report(committee_member, report)
    report.refresh_from_db()
    report_actions.do_add_paragraph(committee_member, section, text="Párrafo secreto del borrador")
    # A recommendation to Mexico with a response, a progress update and a verification.
    f.accredit(organization, review)
    rec = followup_actions.do_create_recommendation(
        committee_member, review, text="Emitir documentos provisionales a personas retornadas.",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        countries=[f.country("MX")], objectives=[Objective.objects.get(number=4)],
        paragraph=paragraph,
    )  # fmt: skip
    mx = rec.addressees.get()
    followup_actions.do_respond_recommendation(
        state_focal_point, mx, status="accepted", explanation="Aceptada por el Estado."
    )
    update = followup_actions.do_post_progress(
        state_focal_point, mx, progress="in_progress", text="Oficinas abiertas en Tapachula.",
        evidence_url="https://example.org/boletin",
    )  # fmt: skip
    followup_actions.do_verify_progress(
        cso_rep, update, organization=organization, verdict="partly",
        evidence="Solo dos oficinas funcionan.",
    )  # fmt: skip
    return {"report": report, "version": version, "recommendation": rec, "org": organization}


def test_reports_resource_lists_published_versions_only(client, data):
    body = client.get("/api/v1/reports/").json()
    assert [r["id"] for r in body["results"]] == [data["version"].pk]
    item = body["results"][0]
    assert item["version"] == 1 and item["report"] == data["report"].pk
    assert item["language"] == "es" and item["titles"]["es"] == "Informe regional"
    assert item["chapters"][0]["sections"][0]["paragraphs"] == [{"n": "1.1.1", "anchor": "p-1.1.1"}]
    formats = {link["language"]: link for link in item["formats"]}
    assert set(formats) == set(item["languages"]) >= {"es", "en"}
    assert formats["en"]["html_url"] == f"/en/reports/{data['report'].pk}/v/1/"
    assert client.get(formats["es"]["html_url"]).status_code == 200
    assert client.get(f"/api/v1/reports/{data['version'].pk}/").json() == item
    assert client.get("/api/v1/reports/?created_since=2999-01-01").json()["results"] == []
    assert client.get("/api/v1/reports/?created_since=nope").status_code == 400


def test_recommendations_resource(client, data):
    body = client.get("/api/v1/recommendations/").json()
    (item,) = body["results"]
    assert item["objectives"] == [4] and item["countries"] == ["MX"]
    assert item["paragraph_number"] == "1.1"
    (mx,) = item["addressees"]
    assert mx["state"] == "MX" and mx["response_status"] == "accepted"
    assert mx["responses"][0]["explanation"] == "Aceptada por el Estado."
    (update,) = mx["progress_updates"]
    assert update["evidence_url"] == "https://example.org/boletin"
    (verification,) = update["verifications"]
    assert verification["organization"]["id"] == data["org"].pk
    assert verification["verdict"] == "partly"
    assert set(verification) == {"organization", "verdict", "evidence", "created_at"}
    for query, count in (
        ("objective=4", 1), ("objective=5", 0), ("country=mx", 1), ("country=GT", 0),
        ("due_before=2000-01-01", 0), ("due_since=2000-01-01", 1),
    ):  # fmt: skip
        assert len(client.get(f"/api/v1/recommendations/?{query}").json()["results"]) == count
    assert client.get("/api/v1/recommendations/?country=MEX").status_code == 400


def test_nothing_private_in_api_or_exports(client, data):
    texts = [
        client.get("/api/v1/reports/").text,
        client.get("/api/v1/recommendations/").text,
        *(
            b"".join(exports.stream(exports.EXPORTS[name], fmt)).decode()
            for name in ("recommendations", "recommendation_addressees")
            for fmt in exports.FORMATS
        ),
    ]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def test_unpublished_review_hides_everything(client, data, review):
    type(review).objects.filter(pk=review.pk).update(is_published=False)
    assert client.get("/api/v1/reports/").json()["results"] == []
    assert client.get("/api/v1/recommendations/").json()["results"] == []
    assert client.get(f"/api/v1/reports/{data['version'].pk}/").status_code == 404
    assert exports.count(exports.EXPORTS["recommendations"]) == 0


def test_exports_rows_and_table_schema(data):
    rows = [
        json.loads(line)
        for line in b"".join(exports.stream(exports.EXPORTS["recommendations"], "ndjson"))
        .decode()
        .splitlines()
    ]
    assert rows[0]["id"] == data["recommendation"].pk and rows[0]["objectives"] == "4"
    addressees = b"".join(
        exports.stream(exports.EXPORTS["recommendation_addressees"], "csv")
    ).decode()
    assert "MX" in addressees and "accepted" in addressees and "in_progress" in addressees
    fields = [c["name"] for c in exports.EXPORTS["recommendations"].table_schema()["fields"]]
    assert fields[:2] == ["id", "text"] and "due_on" in fields


def test_scorecard_measure(client, data):
    measure = scorecard.MEASURES["recommendations"]
    assert measure.counts() == {(4, "MX"): 1}
    (item,) = measure.items(4, "MX", 10)
    assert item.url == data["recommendation"].get_absolute_url()
    assert "Accepted" in item.note and "In progress" in item.note
    assert "objective=4" in str(measure.list_url(4, "MX"))


@pytest.fixture
def api_schema(data: Any, settings: Any) -> Iterator[Any]:
    settings.OPENDATA_RATE_LIMIT = 10**9
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_new_operations_conform_to_the_openapi_document(api_schema: Any, mode: Any) -> None:
    wanted = {
        "GET /api/v1/reports/", "GET /api/v1/reports/{id}/", "GET /api/v1/recommendations/",
        "GET /api/v1/recommendations/{id}/", "GET /api/v1/exports/recommendations.csv",
        "GET /api/v1/exports/recommendation_addressees.ndjson",
    }  # fmt: skip
    found = [r.ok() for r in api_schema.get_all_operations()]
    chosen = [op for op in found if op.label in wanted]
    assert {op.label for op in chosen} == wanted
    failures: list[str] = []
    statuses: list[int] = []
    for operation in chosen:
        strategy = operation.as_strategy(generation_mode=mode)
        if mode == GenerationMode.POSITIVE:
            strategy = strategy.map(without_forged_cursor)

        @given(case=strategy)
        @settings(
            max_examples=25, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def run(case: Any) -> None:
            statuses.append(case.call_and_validate().status_code)

        try:
            run()
        except Exception as error:
            if "Unsatisfiable" in type(error).__name__:
                continue
            failures.append(f"{operation.label}: {error}")
    assert failures == [], "\n\n".join(failures)
    assert statuses and max(statuses) < 500


def test_generic_fixture_secrets_stay_out(client, populated):
    """The shared ``populated`` data: no co-signer, survey, draft or verifier person shows."""
    texts = [client.get("/api/v1/reports/").text, client.get("/api/v1/recommendations/").text]
    texts += [
        b"".join(exports.stream(exports.EXPORTS[name], "csv")).decode()
        for name in ("recommendations", "recommendation_addressees")
    ]
    for text in texts:
        for secret in (
            "Delegate Secret Name", "Borrador secreto", "Párrafo secreto",
            "Verifier Secret Person", "@example.org",
        ):  # fmt: skip
            assert secret not in text
    assert "Recomendación 0" in texts[1] and "Informe" in texts[0]
    (version,) = client.get("/api/v1/reports/").json()["results"]
    assert not {"survey", "cosigned", "comments", "published_by"} & set(version)

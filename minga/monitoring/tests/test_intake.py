import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minga.monitoring import actions
from minga.monitoring.models import Report, Status, Submission
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import jpeg_with_gps, report_data

URL = "/en/monitoring/report/"
FOLLOW = "/en/monitoring/follow-up/"
RECEIPT = re.compile(r"<code>([A-Z2-9-]{49})</code>")


def submit(client, **overrides):
    return client.post(URL, report_data(**overrides))


def receipt_of(response) -> str:
    match = RECEIPT.search(response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


@pytest.mark.django_db
def test_form_sets_no_cookie_and_strict_headers(client, reviewer):
    response = client.get(URL)
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"].startswith("no-store")
    assert response["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
    for language in ("es", "pt", "fr"):
        assert client.get(f"/{language}/monitoring/report/").status_code == 200


@pytest.mark.django_db
def test_anonymous_report_is_sealed_and_gives_a_receipt(client, reviewer):
    response = submit(client)
    assert response.status_code == 200
    assert not response.cookies
    code = receipt_of(response)
    report = Report.objects.get()
    assert report.status == Status.RECEIVED
    assert report.consent_aggregates
    assert report.received_at.minute == 0
    assert {s.created_at.minute for s in report.submissions.all()} == {0}
    assert {(e.at.minute, e.at.second) for e in report.custody.all()} == {(0, 0)}
    assert code.replace("-", "")[8:] not in report.receipt_hash
    payload = bytes(Submission.objects.get().payload or b"")
    assert b"pushed a group back" not in payload
    # The receipt stays on screen until the reporter confirms they saved it.
    again = client.post(reverse("monitoring:confirm_receipt"), {"receipt": code})
    assert again.status_code == 400
    assert code in again.content.decode()
    done = client.post(reverse("monitoring:confirm_receipt"), {"receipt": code, "saved": "on"})
    assert done.status_code == 200
    assert code not in done.content.decode()


@pytest.mark.django_db
def test_missing_fields_keep_the_typed_text(client, reviewer):
    response = submit(client, incident_types=[], country="")
    assert response.status_code == 400
    body = response.content.decode()
    assert "pushed a group back" in body
    assert "error-summary" in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_disguised_file_is_refused_with_a_message(client, reviewer):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    response = client.post(URL, {**report_data(), "attachments": [fake]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only photos" in body
    assert "pushed a group back" in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_oversized_file_is_dropped_in_memory_with_a_message(client, reviewer, settings):
    settings.MINGA_MONITORING_MAX_FILE_BYTES = 1000
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps() + b"\0" * 2000, content_type="image/jpeg")
    response = client.post(URL, {**report_data(), "attachments": [photo]})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert "pushed a group back" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_translated_error_message(client, reviewer):
    response = client.post("/es/monitoring/report/", report_data(what_happened=""))
    assert response.status_code == 400
    assert "Este campo es obligatorio" in response.content.decode()


@pytest.mark.django_db
def test_cross_site_post_is_refused(client, reviewer):
    response = client.post(URL, report_data(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    response = client.post(URL, report_data(), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert Report.objects.count() == 0
    ok = client.post(URL, report_data(), HTTP_ORIGIN="http://testserver")
    assert ok.status_code == 200


@pytest.mark.django_db
def test_no_recipient_means_nothing_is_stored(client, settings):
    settings.MINGA_MONITORING_RECOVERY_PUBLIC_KEY = ""
    response = submit(client)
    assert response.status_code == 400
    assert "cannot be received right now" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_intake_rate_limit_is_site_wide(client, reviewer, settings):
    settings.MINGA_MONITORING_INTAKE_PER_HOUR = 1
    from django.core.cache import cache

    cache.clear()
    assert submit(client).status_code == 200
    response = submit(client)
    assert response.status_code == 400
    assert "Too many reports" in response.content.decode()
    cache.clear()


@pytest.mark.django_db
def test_follow_up_questions_addition_and_withdrawal(client, reviewer):
    code = receipt_of(submit(client))
    report = Report.objects.get()
    actions.do_ask_question(reviewer, report, "Were children in the group?")
    opened = client.post(FOLLOW, {"receipt": code})
    assert opened.status_code == 200
    assert "Were children in the group?" in opened.content.decode()
    assert not opened.cookies
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    added = client.post(
        FOLLOW, {"receipt": code, "step": "add", "text": "Yes, two.", "attachments": [photo]}
    )
    assert added.status_code == 200
    assert report.submissions.filter(kind="addition").count() == 1
    refused = client.post(FOLLOW, {"receipt": code, "step": "withdraw"})
    assert refused.status_code == 400
    withdrawn = client.post(FOLLOW, {"receipt": code, "step": "withdraw", "confirm": "on"})
    assert withdrawn.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN
    assert report.keys_destroyed_at is not None
    assert not Submission.objects.filter(report=report, payload__isnull=False).exists()


@pytest.mark.django_db
def test_invalid_receipt_and_lockout(client, reviewer, settings):
    code = receipt_of(submit(client))
    bad = client.post(FOLLOW, {"receipt": "nonsense"})
    assert bad.status_code == 400
    assert "not valid" in bad.content.decode()
    wrong = code[:10] + ("A" if code[10] != "A" else "B") + code[11:]
    for _attempt in range(
        settings.MINGA_MONITORING_RECEIPT_FAILURES_BEFORE_LOCK
        if hasattr(settings, "MINGA_MONITORING_RECEIPT_FAILURES_BEFORE_LOCK")
        else 5
    ):
        client.post(FOLLOW, {"receipt": wrong})
    locked = client.post(FOLLOW, {"receipt": code})
    assert locked.status_code == 400
    assert "Too many attempts" in locked.content.decode()


@pytest.mark.django_db
def test_organization_reports_on_behalf_with_consent(client, reviewer, organization):
    member = f.make_user("staff@example.org")
    f.add_member(member, organization, role=MembershipRole.MEMBER)
    client.force_login(member)
    page = client.get(URL)
    assert "Report on behalf" in page.content.decode()
    refused = submit(client, organization=str(organization.pk))
    assert refused.status_code == 400
    assert "agreed to this report" in refused.content.decode()
    ok = submit(client, organization=str(organization.pk), person_consented="on")
    assert ok.status_code == 200
    report = Report.objects.get()
    assert report.organization == organization
    assert report.person_consented


@pytest.mark.django_db
def test_signed_in_post_needs_the_csrf_token(reviewer, organization):
    from django.test import Client

    member = f.make_user("staff2@example.org")
    f.add_member(member, organization, role=MembershipRole.MEMBER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(URL, report_data())
    assert response.status_code == 403
    assert Report.objects.count() == 0

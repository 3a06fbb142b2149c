import base64
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minga.core.models import AuditEntry
from minga.gcm.models import Country, Objective
from minga.monitoring import actions, crypto, custody, sealing
from minga.monitoring.models import (
    CustodyEntry,
    KeyStatus,
    Report,
    ReviewerKey,
    SealedKey,
    Status,
    Submission,
)
from minga.notifications.models import Notification

from .conftest import make_reviewer


def submit(**kwargs) -> Report:
    return actions.do_submit_report(
        None, answers={"what_happened": "x", "country": "MX"}, uploads=[], **kwargs
    ).report


def code(actor, report):
    return actions.do_save_coded_record(
        actor,
        report,
        incident_types=["pushback"],
        month=datetime.date(2026, 3, 9),
        country=Country.objects.get(code="MX"),
        region="Chiapas",
        affected=["adult_men"],
        perpetrator="border_police",
        objectives=list(Objective.objects.filter(number__in=[8, 23])),
        principles=[],
    )


def to_verification(actor, report):
    actions.do_move_report(actor, report, Status.TRIAGE)
    actions.do_move_report(actor, report, Status.VERIFYING)


ASSESS = {"reliability": "usually", "connection": "direct", "confidence": "high"}


@pytest.mark.django_db
def test_verification_needs_two_different_reviewers(reviewer, reviewer2):
    report = submit(consent_aggregates=True)
    to_verification(reviewer, report)
    with pytest.raises(ValidationError):
        actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)  # not coded
    record = code(reviewer, report)
    assert record.month == datetime.date(2026, 3, 1)
    actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)
    actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)  # again: still one
    report.refresh_from_db()
    assert report.status == Status.VERIFYING
    actions.do_assess_report(reviewer2, report, decision="verified", **ASSESS)
    report.refresh_from_db()
    assert report.status == Status.VERIFIED
    assert report.decided_at is not None
    actions.do_publish_report(reviewer, report)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


@pytest.mark.django_db
def test_disagreement_keeps_the_report_under_verification(reviewer, reviewer2):
    report = submit()
    to_verification(reviewer, report)
    code(reviewer, report)
    actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)
    actions.do_assess_report(reviewer2, report, decision="not_verifiable", **ASSESS)
    report.refresh_from_db()
    assert report.status == Status.VERIFYING
    with pytest.raises(ValidationError):
        actions.do_publish_report(reviewer, report)


@pytest.mark.django_db
def test_publication_needs_consent(reviewer, reviewer2):
    report = submit(consent_aggregates=False)
    to_verification(reviewer, report)
    code(reviewer, report)
    actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)
    actions.do_assess_report(reviewer2, report, decision="verified", **ASSESS)
    with pytest.raises(ValidationError):
        actions.do_publish_report(reviewer, report)


@pytest.mark.django_db
def test_only_reviewers_with_mfa_act(reviewer_no_mfa, outsider, reviewer, recovery):
    report = submit()
    for person in (reviewer_no_mfa, outsider):
        with pytest.raises(PermissionDenied):
            actions.do_move_report(person, report, Status.TRIAGE)
        with pytest.raises(PermissionDenied):
            actions.do_ask_question(person, report, "?")
    with pytest.raises(ValidationError):
        actions.do_move_report(reviewer, report, Status.PUBLISHED)


@pytest.mark.django_db
def test_key_upload_approval_and_grant(reviewer, reviewer_key, admin_user, recovery):
    report = submit()
    newcomer, _pair = make_reviewer("new@example.org", approved=False)
    ReviewerKey.objects.filter(user=newcomer).delete()
    private, public = crypto.generate_key_pair()
    key = actions.do_upload_reviewer_key(newcomer, public)
    assert key.status == KeyStatus.PENDING
    with pytest.raises(ValidationError):
        actions.do_upload_reviewer_key(newcomer, "garbage")
    with pytest.raises(PermissionDenied):
        actions.do_approve_reviewer_key(reviewer, key)
    actions.do_approve_reviewer_key(admin_user, key)
    assert AuditEntry.objects.filter(action="monitoring.key_approved").exists()
    # Reports sealed before the approval reach the newcomer through a colleague's browser.
    submission = Submission.objects.get(report=report)
    assert not SealedKey.objects.filter(reviewer_key=key).exists()
    plan = __import__("minga.monitoring.queries", fromlist=["x"]).grants_to_make(
        actions.reviewer_key_of(reviewer)
    )
    item = plan["targets"][0]["items"][0]
    associated = crypto.aad(report.reference, f"key:{submission.pk}")
    content_key = crypto.unseal(
        base64.b64decode(item["sealed"]), reviewer_key.private_key, associated
    )
    resealed = crypto.seal(content_key, public, associated)
    stored = actions.do_grant_access(
        reviewer, key, {submission.pk: base64.b64encode(resealed).decode(), 999999: "AAAA"}
    )
    assert stored == 1
    row = SealedKey.objects.get(reviewer_key=key)
    _key, payload, _contact = sealing.open_submission(
        submission, row.sealed, crypto.private_key_from_b64(private)
    )
    assert payload["what_happened"] == "x"
    # New reports are sealed to the new key directly.
    later = submit()
    assert SealedKey.objects.filter(submission__report=later, reviewer_key=key).exists()


@pytest.mark.django_db
def test_custody_log_is_chained_and_detects_tampering(reviewer):
    report = submit()
    actions.record_opened(reviewer, report)
    actions.do_move_report(reviewer, report, Status.TRIAGE)
    entries = list(CustodyEntry.objects.order_by("id"))
    assert [e.action for e in entries] == ["received", "opened", "status"]
    assert entries[0].previous_hash == custody.GENESIS
    assert entries[1].previous_hash == entries[0].entry_hash
    assert custody.verify() is None
    CustodyEntry.objects.filter(pk=entries[1].pk).update(action="nothing")
    assert custody.verify() == entries[1].pk


@pytest.mark.django_db(transaction=True)
def test_urgent_report_alerts_every_reviewer_with_only_the_reference(reviewer, reviewer2):
    report = submit(urgent=True)
    notes = Notification.objects.filter(event="monitoring.urgent")
    assert {n.recipient_id for n in notes} == {reviewer.pk, reviewer2.pk}
    for note in notes:
        assert note.data == {"title": report.reference}
        assert str(report.pk) in note.url


@pytest.mark.django_db
def test_retention_time_travel(reviewer, reviewer2, settings):
    settings.MINGA_MONITORING_RETENTION_DAYS = 30
    settings.MINGA_MONITORING_WARN_DAYS = 7
    report = submit(consent_aggregates=True)
    to_verification(reviewer, report)
    code(reviewer, report)
    actions.do_assess_report(reviewer, report, decision="verified", **ASSESS)
    actions.do_assess_report(reviewer2, report, decision="verified", **ASSESS)
    report.refresh_from_db()
    decided = report.decided_at
    assert decided is not None
    assert actions.do_apply_retention(decided + datetime.timedelta(days=10)) == {
        "destroyed": 0,
        "warned": 0,
    }
    assert actions.do_apply_retention(decided + datetime.timedelta(days=24)) == {
        "destroyed": 0,
        "warned": 1,
    }
    assert actions.do_apply_retention(decided + datetime.timedelta(days=25))["warned"] == 0
    assert SealedKey.objects.filter(submission__report=report).exists()
    result = actions.do_apply_retention(decided + datetime.timedelta(days=31))
    assert result["destroyed"] == 1
    report.refresh_from_db()
    assert report.keys_destroyed_at is not None
    assert not SealedKey.objects.filter(submission__report=report).exists()
    assert not Submission.objects.filter(report=report, payload__isnull=False).exists()
    assert report.coded.country.code == "MX"  # the coded record stays
    assert CustodyEntry.objects.filter(report=report, action="destroyed").exists()
    assert (
        actions.do_apply_retention(timezone.now() + datetime.timedelta(days=400))["destroyed"] == 0
    )


def test_retention_runs_periodically():
    from minga.core.management.commands import worker
    from minga.monitoring.tasks import enqueue_retention

    assert any(enqueue is enqueue_retention for enqueue, _every in worker.PERIODIC)

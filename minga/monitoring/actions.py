"""State changes of the monitoring mechanism. Each action owns its transaction, checks
permission, validates, writes the audit log (platform actions) and the custody log (anything
touching a report), and publishes events that carry only the opaque reference."""

import base64
import datetime
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.core import audit, events
from minga.moderation.permissions import require_writer

from . import conf, crypto, custody, permissions, receipts, sealing, vocab
from .models import (
    FINAL_STATUSES,
    Assessment,
    CodedRecord,
    Decision,
    KeyStatus,
    Recipient,
    Report,
    ReviewerKey,
    SealedFile,
    SealedKey,
    Status,
    Submission,
    SubmissionKind,
)

REFERENCE_ALPHABET = receipts.ALPHABET


def _global_limit(name: str, limit: int, period: int = 3600) -> bool:
    """A site-wide counter (no per-sender key: nothing about the sender is known)."""
    window = int(time.time() // period)
    key = f"minga:monitoring:{name}:{window}"
    if cache.add(key, 1, timeout=period + 5):
        return True
    try:
        return int(cache.incr(key)) <= limit
    except ValueError:
        cache.add(key, 1, timeout=period + 5)
        return True


def _hour(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _new_reference() -> str:
    while True:
        ref = "MR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Report.objects.filter(reference=ref).exists():
            return ref


def _require_reviewer(actor: Any) -> None:
    require_writer(actor)
    if not permissions.is_reviewer(actor):
        raise PermissionDenied


# Intake --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    report: Report
    code: str


def do_submit_report(
    actor: Any,
    *,
    answers: dict[str, Any],
    uploads: list[sealing.Upload],
    contact: str = "",
    urgent: bool = False,
    consent_aggregates: bool = False,
    consent_share: list[str] | None = None,
    consent_contact: bool = False,
    organization: Any = None,
    person_consented: bool = False,
) -> Receipt:
    """Seal a new report. ``actor`` is None for anonymous reporters (the usual case)."""
    if organization is not None:
        require_writer(actor)
        if not permissions.can_report_for(actor, organization):
            raise PermissionDenied
        if not person_consented:
            raise ValidationError(
                {"person_consented": _("Confirm that the person you assist agreed to this report.")}
            )
    if not str(answers.get("what_happened", "")).strip():
        raise ValidationError({"what_happened": _("Tell us what happened.")})
    if consent_contact and not contact.strip():
        raise ValidationError({"contact": _("Give a way to contact you, or untick “contact me”.")})
    if not sealing.recipients_available():
        raise ValidationError(
            _(
                "Reports cannot be received right now: no reviewer key is set up. "
                "Nothing was stored. Please try again later."
            ),
            code="unavailable",
        )
    if not _global_limit("intake", conf.get("MINGA_MONITORING_INTAKE_PER_HOUR")):
        raise ValidationError(
            _("Too many reports arrive right now. Nothing was stored; please try again later."),
            code="rate_limited",
        )
    shares = [c for c in consent_share or [] if c in vocab.ShareBody.values]
    lookup, secret = receipts.new_receipt()
    with transaction.atomic():
        report = Report.objects.create(
            reference=_new_reference(),
            lookup_id=lookup,
            receipt_hash=receipts.hash_secret(secret),
            reporter_public_key=crypto.reporter_public_b64(secret),
            urgent=bool(urgent),
            consent_aggregates=bool(consent_aggregates),
            consent_share=shares,
            consent_contact=bool(consent_contact),
            organization=organization,
            submitted_by=actor if organization is not None else None,
            person_consented=bool(person_consented) if organization is not None else False,
            received_at=_hour(timezone.now()),
        )
        sealing.seal_submission(
            report,
            SubmissionKind.REPORT,
            answers,
            contact=contact.strip() if consent_contact else "",
            uploads=uploads,
        )
        custody.append(None, "received", report, files=len(uploads), urgent=report.urgent)
        if organization is not None:
            audit.record(actor, "monitoring.report_on_behalf", report, organization=organization.pk)
        if report.urgent:
            _alert_reviewers(report)
    return Receipt(report, receipts.display(lookup, secret))


def _alert_reviewers(report: Report) -> None:
    reviewers = {key.user for key in sealing.active_reviewer_keys()}
    events.publish("monitoring.urgent", target=report, recipients=reviewers)


# Follow-up with the receipt -----------------------------------------------------------------


def _bad_receipt() -> ValidationError:
    return ValidationError(
        {"receipt": _("This receipt code is not valid, or the report no longer exists.")}
    )


def find_by_receipt(code: str) -> tuple[Report, str]:
    """The report a receipt opens, and its secret. Failures are counted per report (locks it
    for a while) and site-wide; never per sender."""
    parsed = receipts.parse(code)
    if parsed is None:
        raise _bad_receipt()
    lookup, secret = parsed
    if int(cache.get(_fail_key()) or 0) >= conf.get("MINGA_MONITORING_FAILED_RECEIPTS_PER_HOUR"):
        raise ValidationError(
            {"receipt": _("Too many attempts. Please wait an hour and try again.")}
        )
    report = Report.objects.filter(lookup_id=lookup).first()
    now = timezone.now()
    if report is None:
        _count_failure()
        raise _bad_receipt()
    if report.locked_until and report.locked_until > now:
        raise ValidationError(
            {"receipt": _("Too many attempts. Please wait an hour and try again.")}
        )
    if not receipts.check_secret(secret, report.receipt_hash):
        _count_failure()
        report.failed_attempts += 1
        if report.failed_attempts >= conf.get("MINGA_MONITORING_RECEIPT_FAILURES_BEFORE_LOCK"):
            report.failed_attempts = 0
            report.locked_until = now + datetime.timedelta(
                minutes=conf.get("MINGA_MONITORING_RECEIPT_LOCK_MINUTES")
            )
        Report.objects.filter(pk=report.pk).update(
            failed_attempts=report.failed_attempts, locked_until=report.locked_until
        )
        raise _bad_receipt()
    if report.failed_attempts:
        Report.objects.filter(pk=report.pk).update(failed_attempts=0)
    return report, secret


def _fail_key() -> str:
    return f"minga:monitoring:receipt-fail:{int(time.time() // 3600)}"


def _count_failure() -> None:
    key = _fail_key()
    if not cache.add(key, 1, timeout=3605):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=3605)


def read_questions(report: Report, secret: str) -> list[dict[str, Any]]:
    """The reviewers' questions, decrypted in memory with the key the receipt derives."""
    private = crypto.reporter_private_key(secret)
    rows = (
        SealedKey.objects.filter(
            submission__report=report,
            submission__kind=SubmissionKind.QUESTION,
            recipient=Recipient.REPORTER,
        )
        .select_related("submission__report")
        .order_by("submission_id")
    )
    questions = []
    for row in rows:
        try:
            _key, payload, _contact = sealing.open_submission(row.submission, row.sealed, private)
        except crypto.CryptoError:
            continue
        questions.append({"asked_on": row.submission.created_at, "text": payload.get("text", "")})
    return questions


def _require_open(report: Report) -> None:
    if report.status == Status.WITHDRAWN or report.keys_destroyed_at is not None:
        raise ValidationError(_("This report is closed; nothing more can be added."))


def do_add_information(code: str, *, text: str, uploads: list[sealing.Upload]) -> Report:
    report, _secret = find_by_receipt(code)
    _require_open(report)
    if not text.strip() and not uploads:
        raise ValidationError({"text": _("Write something or attach a file to add.")})
    with transaction.atomic():
        sealing.seal_submission(
            report, SubmissionKind.ADDITION, {"text": text.strip()}, uploads=uploads
        )
        custody.append(None, "reporter_added", report, files=len(uploads))
        reviewers = {key.user for key in sealing.active_reviewer_keys()}
        events.publish("monitoring.added", target=report, recipients=reviewers)
    return report


@transaction.atomic
def do_withdraw_report(code: str) -> Report:
    """The reporter withdraws: the sealed keys and ciphertexts are destroyed at once; a coded
    record already written stays out of the aggregates."""
    report, _secret = find_by_receipt(code)
    if report.status == Status.WITHDRAWN:
        return report
    report.status = Status.WITHDRAWN
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])
    _destroy(report)
    custody.append(None, "withdrawn", report)
    return report


# Reviewer keys -------------------------------------------------------------------------------


@transaction.atomic
def do_upload_reviewer_key(actor: Any, public_key: str) -> ReviewerKey:
    _require_reviewer(actor)
    try:
        crypto.public_key_from_b64(public_key)
    except crypto.CryptoError as exc:
        raise ValidationError(
            {"public_key": _("This is not a valid public key. Generate it again.")}
        ) from exc
    public_key = public_key.strip()
    if ReviewerKey.objects.filter(public_key=public_key).exists():
        raise ValidationError({"public_key": _("This key was already uploaded.")})
    key = ReviewerKey.objects.create(
        user=actor, public_key=public_key, fingerprint=crypto.fingerprint(public_key)
    )
    audit.record(actor, "monitoring.key_uploaded", key, fingerprint=key.fingerprint)
    return key


@transaction.atomic
def do_approve_reviewer_key(actor: Any, key: ReviewerKey) -> ReviewerKey:
    require_writer(actor)
    if not permissions.can_manage_keys(actor):
        raise PermissionDenied
    if key.status != KeyStatus.PENDING:
        raise ValidationError(_("Only a key waiting for approval can be approved."))
    if not permissions.is_reviewer(key.user):
        raise ValidationError(
            _("This person is not a monitoring reviewer with two-step verification.")
        )
    # One approved key per reviewer: the new key replaces their older ones.
    ReviewerKey.objects.filter(user=key.user, status=KeyStatus.APPROVED).update(
        status=KeyStatus.REVOKED
    )
    key.status = KeyStatus.APPROVED
    key.approved_by = actor
    key.approved_at = timezone.now()
    key.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(actor, "monitoring.key_approved", key, fingerprint=key.fingerprint)
    custody.append(actor, "key_approved", None, fingerprint=key.fingerprint, reviewer=key.user_id)
    return key


@transaction.atomic
def do_revoke_reviewer_key(actor: Any, key: ReviewerKey) -> ReviewerKey:
    require_writer(actor)
    if not permissions.can_manage_keys(actor):
        raise PermissionDenied
    key.status = KeyStatus.REVOKED
    key.save(update_fields=["status"])
    SealedKey.objects.filter(reviewer_key=key).delete()
    audit.record(actor, "monitoring.key_revoked", key, fingerprint=key.fingerprint)
    custody.append(actor, "key_revoked", None, fingerprint=key.fingerprint, reviewer=key.user_id)
    return key


def reviewer_key_of(user: Any) -> ReviewerKey | None:
    return ReviewerKey.objects.filter(user=user, status=KeyStatus.APPROVED).order_by("-id").first()


@transaction.atomic
def do_grant_access(actor: Any, target: ReviewerKey, sealed: dict[int, str]) -> int:
    """An existing reviewer's browser re-sealed content keys to a newly approved key: store
    them. Returns how many were stored."""
    _require_reviewer(actor)
    own = reviewer_key_of(actor)
    if own is None or target.status != KeyStatus.APPROVED or target.pk == own.pk:
        raise ValidationError(_("Access can only be granted to another approved key."))
    held = set(
        SealedKey.objects.filter(reviewer_key=own, submission_id__in=list(sealed)).values_list(
            "submission_id", flat=True
        )
    )
    existing = set(
        SealedKey.objects.filter(reviewer_key=target, submission_id__in=list(held)).values_list(
            "submission_id", flat=True
        )
    )
    rows = []
    for submission_id, value in sealed.items():
        if submission_id not in held or submission_id in existing:
            continue
        try:
            blob = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise ValidationError(_("A sealed key is malformed.")) from exc
        if len(blob) != crypto.SEALED_BYTES:
            raise ValidationError(_("A sealed key is malformed."))
        rows.append(
            SealedKey(
                submission_id=submission_id,
                recipient=Recipient.REVIEWER,
                reviewer_key=target,
                public_key=target.public_key,
                sealed=blob,
            )
        )
    SealedKey.objects.bulk_create(rows)
    custody.append(actor, "access_granted", None, to_reviewer=target.user_id, keys=len(rows))
    return len(rows)


# The reviewers' work -------------------------------------------------------------------------


def record_opened(actor: Any, report: Report, what: str = "opened") -> None:
    """Reading is logged too (who decrypted what, when)."""
    custody.append(actor, what, report)


TRANSITIONS = {
    Status.RECEIVED: {Status.TRIAGE, Status.REJECTED},
    Status.TRIAGE: {Status.VERIFYING, Status.REJECTED},
}


@transaction.atomic
def do_move_report(actor: Any, report: Report, status: str) -> Report:
    _require_reviewer(actor)
    if status not in TRANSITIONS.get(report.status, set()):  # type: ignore[call-overload]
        raise ValidationError(_("This report cannot move to that state now."))
    previous = report.status
    report.status = status
    if status in FINAL_STATUSES:
        report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])
    custody.append(actor, "status", report, previous=previous, status=status)
    return report


@transaction.atomic
def do_mark_urgent(actor: Any, report: Report) -> Report:
    _require_reviewer(actor)
    if not report.urgent:
        report.urgent = True
        report.save(update_fields=["urgent"])
    custody.append(actor, "urgent", report)
    _alert_reviewers(report)
    return report


@transaction.atomic
def do_save_coded_record(
    actor: Any,
    report: Report,
    *,
    incident_types: list[str],
    month: datetime.date,
    country: Any,
    region: str,
    affected: list[str],
    perpetrator: str,
    objectives: list[Any],
    principles: list[Any],
) -> CodedRecord:
    _require_reviewer(actor)
    if report.status in (Status.WITHDRAWN, Status.REJECTED):
        raise ValidationError(_("A withdrawn or rejected report is not coded."))
    types = [t for t in incident_types if t in vocab.IncidentType.values]
    if not types:
        raise ValidationError({"incident_types": _("Choose at least one incident type.")})
    if perpetrator not in vocab.Perpetrator.values:
        raise ValidationError({"perpetrator": _("Choose a perpetrator category.")})
    if month > timezone.localdate():
        raise ValidationError({"month": _("The month cannot be in the future.")})
    record, _created = CodedRecord.objects.update_or_create(
        report=report,
        defaults={
            "incident_types": types,
            "month": month.replace(day=1),
            "country": country,
            "region": region.strip()[:120],
            "affected": [a for a in affected if a in vocab.AffectedCategory.values],
            "perpetrator": perpetrator,
            "updated_by": actor,
        },
    )
    record.objectives.set(objectives)
    record.principles.set(principles)
    custody.append(actor, "coded", report)
    return record


@transaction.atomic
def do_assess_report(
    actor: Any,
    report: Report,
    *,
    decision: str,
    reliability: str,
    connection: str,
    confidence: str,
) -> Assessment:
    """One reviewer's decision. The report's state changes only when two different reviewers
    reach the same decision."""
    _require_reviewer(actor)
    if report.status != Status.VERIFYING:
        raise ValidationError(_("Only a report under verification can be assessed."))
    if decision == Decision.VERIFIED and not CodedRecord.objects.filter(report=report).exists():
        raise ValidationError(_("Write the coded record before verifying."))
    for value, choices, field in (
        (decision, Decision.values, "decision"),
        (reliability, vocab.SourceReliability.values, "reliability"),
        (connection, vocab.Connection.values, "connection"),
        (confidence, vocab.Confidence.values, "confidence"),
    ):
        if value not in choices:
            raise ValidationError({field: _("Choose one of the options.")})
    assessment, _created = Assessment.objects.update_or_create(
        report=report,
        reviewer=actor,
        defaults={
            "decision": decision,
            "reliability": reliability,
            "connection": connection,
            "confidence": confidence,
        },
    )
    custody.append(actor, "assessed", report, decision=decision)
    agreeing = (
        Assessment.objects.filter(report=report, decision=decision)
        .values("reviewer")
        .distinct()
        .count()
    )
    if agreeing >= 2:
        report.status = decision
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "decided_at"])
        custody.append(actor, "status", report, previous=Status.VERIFYING, status=decision)
    return assessment


@transaction.atomic
def do_publish_report(actor: Any, report: Report) -> Report:
    _require_reviewer(actor)
    if report.status != Status.VERIFIED:
        raise ValidationError(_("Only a verified report can be included in the aggregates."))
    if not report.consent_aggregates:
        raise ValidationError(
            _("The reporter did not agree to be counted in the public aggregates.")
        )
    report.status = Status.PUBLISHED
    report.save(update_fields=["status"])
    custody.append(actor, "status", report, previous=Status.VERIFIED, status=Status.PUBLISHED)
    return report


@transaction.atomic
def do_ask_question(actor: Any, report: Report, text: str) -> Submission:
    """A question to the anonymous reporter, sealed to the reporter's receipt-derived key and
    to the reviewers (the server forgets the text once sealed)."""
    _require_reviewer(actor)
    _require_open(report)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > 4000:
        raise ValidationError({"text": _("Keep the question under 4,000 characters.")})
    submission = sealing.seal_submission(
        report, SubmissionKind.QUESTION, {"text": text}, author=actor, to_reporter=True
    )
    custody.append(actor, "question", report)
    return submission


# Retention -----------------------------------------------------------------------------------


def _destroy(report: Report) -> None:
    SealedKey.objects.filter(submission__report=report).delete()
    SealedFile.objects.filter(submission__report=report).update(ciphertext=None)
    Submission.objects.filter(report=report).update(payload=None, contact=None)
    Report.objects.filter(pk=report.pk).update(keys_destroyed_at=timezone.now())
    report.keys_destroyed_at = timezone.now()


def do_apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """Run by the periodic task: warn reviewers of reports expiring soon; destroy the sealed
    keys and ciphertexts of reports whose final decision is older than the retention period.
    The coded record stays."""
    now = now or timezone.now()
    days = datetime.timedelta(days=conf.get("MINGA_MONITORING_RETENTION_DAYS"))
    warn = datetime.timedelta(days=conf.get("MINGA_MONITORING_WARN_DAYS"))
    open_reports = Report.objects.filter(
        status__in=list(FINAL_STATUSES), keys_destroyed_at__isnull=True, decided_at__isnull=False
    )
    destroyed = 0
    for report in open_reports.filter(decided_at__lte=now - days):
        with transaction.atomic():
            _destroy(report)
            custody.append(None, "destroyed", report, reason="retention")
        destroyed += 1
    warned = 0
    reviewers = None
    for report in open_reports.filter(
        decided_at__lte=now - days + warn, expiry_warned_at__isnull=True
    ):
        if reviewers is None:
            reviewers = {key.user for key in sealing.active_reviewer_keys()}
        with transaction.atomic():
            Report.objects.filter(pk=report.pk).update(expiry_warned_at=now)
            events.publish("monitoring.expiring", target=report, recipients=reviewers)
        warned += 1
    return {"destroyed": destroyed, "warned": warned}

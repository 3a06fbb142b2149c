"""The monitoring mechanism's records (issue 6).

What the server stores about a report is deliberately little: an opaque reference, a state,
the reporter's consent choices, and sealed bytes it cannot open (``Submission`` envelopes,
``SealedFile`` ciphertexts, ``SealedKey`` copies of each content key for each recipient).
The only readable facts are the ``CodedRecord`` reviewers write. Never an IP address, a user
agent or an exact arrival time (the hour only).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minga.gcm.models import Country, Objective, Principle

from . import vocab


class KeyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REVOKED = "revoked", _("Revoked")


class ReviewerKey(models.Model):
    """A reviewer's X25519 public key. The private key never leaves their browser."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE,
        related_name="monitoring_keys",
    )  # fmt: skip
    public_key = models.CharField(_("public key (base64)"), max_length=64, unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=KeyStatus.choices, default=KeyStatus.PENDING
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer key")
        verbose_name_plural = _("reviewer keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.fingerprint[:19]}"


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGE = "triage", _("Triage")
    VERIFYING = "verifying", _("Under verification")
    VERIFIED = "verified", _("Verified")
    NOT_VERIFIABLE = "not_verifiable", _("Not verifiable")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Included in the public aggregates")
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")


FINAL_STATUSES = frozenset(
    {Status.VERIFIED, Status.NOT_VERIFIABLE, Status.REJECTED, Status.PUBLISHED, Status.WITHDRAWN}
)


class Report(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    lookup_id = models.CharField(_("receipt lookup"), max_length=16, unique=True)
    receipt_hash = models.CharField(_("receipt hash (Argon2)"), max_length=200)
    reporter_public_key = models.CharField(
        _("reporter key (derived from the receipt)"), max_length=64
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    consent_aggregates = models.BooleanField(
        _("may be counted in public aggregates"), default=False
    )
    consent_share = models.JSONField(_("may be shared with"), default=list, blank=True)
    consent_contact = models.BooleanField(_("may be contacted"), default=False)
    organization = models.ForeignKey(
        "stakeholders.Organization", verbose_name=_("reported on behalf by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    person_consented = models.BooleanField(
        _("the person assisted consented to this report"), default=False
    )
    received_at = models.DateTimeField(_("received (hour)"))
    decided_at = models.DateTimeField(_("final decision"), null=True, blank=True)
    expiry_warned_at = models.DateTimeField(_("expiry warning sent"), null=True, blank=True)
    keys_destroyed_at = models.DateTimeField(_("sealed keys destroyed"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("failed receipt attempts"), default=0)
    locked_until = models.DateTimeField(_("receipt locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("monitoring:case", args=[self.pk])

    @property
    def title(self) -> str:
        return self.reference

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class SubmissionKind(models.TextChoices):
    REPORT = "report", _("Report")
    ADDITION = "addition", _("Information added by the reporter")
    QUESTION = "question", _("Question to the reporter")


class Submission(models.Model):
    """One sealed part of a report: the first report, an addition or a reviewers' question.

    ``payload`` and ``contact`` are AES-256-GCM ciphertexts under the part's content key,
    which exists only sealed (``SealedKey``)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="submissions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer who asked"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # The hour only for the reporter's parts (like Report.received_at); exact for questions.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    payload = models.BinaryField(_("sealed content"), null=True)
    contact = models.BinaryField(_("sealed contact details"), null=True, blank=True)

    class Meta:
        verbose_name = _("sealed submission")
        verbose_name_plural = _("sealed submissions")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_kind_display()}"


class Recipient(models.TextChoices):
    REVIEWER = "reviewer", _("Reviewer")
    RECOVERY = "recovery", _("Offline recovery key")
    REPORTER = "reporter", _("Reporter (receipt)")


class SealedKey(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="keys"
    )
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    reviewer_key = models.ForeignKey(
        ReviewerKey, verbose_name=_("reviewer key"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="sealed_keys",
    )  # fmt: skip
    public_key = models.CharField(_("sealed to (public key)"), max_length=64)
    sealed = models.BinaryField(_("sealed content key"))

    class Meta:
        verbose_name = _("sealed key")
        verbose_name_plural = _("sealed keys")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer_key"], name="monitoring_one_key_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.get_recipient_display()}"


class SealedFile(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    is_original = models.BooleanField(_("original kept as evidence"), default=False)
    ciphertext = models.BinaryField(_("ciphertext"), null=True)
    size = models.PositiveIntegerField(_("size (bytes, encrypted)"))
    original_sha256 = models.CharField(_("SHA-256 of the original"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sealed file")
        verbose_name_plural = _("sealed files")
        ordering = ["position", "is_original"]

    def __str__(self) -> str:
        return f"{self.submission} · {self.position}"


class CodedRecord(models.Model):
    """What reviewers code from a report — the only data that leaves the sealed envelope."""

    report = models.OneToOneField(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="coded"
    )
    incident_types = models.JSONField(_("incident types"), default=list)
    month = models.DateField(_("month (first day)"))
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("first-level region"), max_length=120, blank=True)
    affected = models.JSONField(_("affected categories"), default=list, blank=True)
    perpetrator = models.CharField(
        _("perpetrator category"), max_length=30, choices=vocab.Perpetrator.choices
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("GCM objectives concerned"), blank=True, related_name="+"
    )
    principles = models.ManyToManyField(
        Principle, verbose_name=_("guiding principles concerned"), blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last coded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coded record")
        verbose_name_plural = _("coded records")

    def __str__(self) -> str:
        return f"{self.report} · {self.country_id} · {self.month:%Y-%m}"


class Decision(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    NOT_VERIFIABLE = "not_verifiable", _("Not verifiable")
    REJECTED = "rejected", _("Rejected")


class Assessment(models.Model):
    """One reviewer's verification decision; two different reviewers must agree."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="assessments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reliability = models.CharField(
        _("source reliability"), max_length=10, choices=vocab.SourceReliability.choices
    )
    connection = models.CharField(
        _("connection to the facts"), max_length=12, choices=vocab.Connection.choices
    )
    confidence = models.CharField(_("confidence"), max_length=8, choices=vocab.Confidence.choices)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification decision")
        verbose_name_plural = _("verification decisions")
        constraints = [
            models.UniqueConstraint(fields=["report", "reviewer"], name="monitoring_one_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_decision_display()}"


class CustodyEntry(models.Model):
    """Append-only chain of custody: who did what to which report, never content. Each entry
    stores the SHA-256 of the previous entry's hash and its own fields."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="custody",
    )  # fmt: skip
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=40)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("when"))
    previous_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody log")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reference} {self.action}"

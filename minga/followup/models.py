"""Follow-up of the review's recommendations: addressees' responses, progress updates,
civil-society verification, reminders, and the monthly bulletin."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped, language_field
from minga.gcm.models import Country, GCMLink, GCMLinkedQuerySet
from minga.reports.models import Paragraph, Report
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

TEXT_MAX = 5_000
EXPLANATION_MAX = 5_000
URL_MAX = 500


class Recommendation(TimeStamped):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="recommendations"
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="recommendations",
    )  # fmt: skip
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("drawn from paragraph"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="recommendations",
    )  # fmt: skip
    paragraph_number = models.CharField(_("paragraph number"), max_length=20, blank=True)
    text = models.TextField(_("recommendation"), max_length=TEXT_MAX)
    language = language_field()
    due_on = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    gcm_links = GenericRelation(GCMLink)

    objects = GCMLinkedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def title(self) -> str:
        return self.text[:120]

    def get_absolute_url(self) -> str:
        return reverse("followup:detail", args=[self.pk])

    @classmethod
    def linked_queryset(cls) -> Any:
        """What objective and country pages list: recommendations of published reviews."""
        return cls.objects.filter(review__is_published=True)

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        """The tracker filtered on the objective, or on the State as addressee."""
        base = reverse("followup:list")
        if target.get("country") is not None:
            return f"{base}?{urlencode({'addressee': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{base}?{urlencode({'objective': target['objective'].number})}"
        return None


class ResponseStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting response")
    ACCEPTED = "accepted", _("Accepted")
    NOTED = "noted", _("Noted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Progress(models.TextChoices):
    NONE = "none", _("No progress reported")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")


class Addressee(models.Model):
    """One addressee of a recommendation: a State, or an institution (IOM, ECLAC, the regional
    UN Network…). Keeps the latest response and progress for filtering and roll-ups."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE,
        related_name="addressees",
    )  # fmt: skip
    country = models.ForeignKey(
        Country, verbose_name=_("State"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    institution = models.ForeignKey(
        Organization, verbose_name=_("institution"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    response_status = models.CharField(
        _("response"), max_length=14, choices=ResponseStatus.choices,
        default=ResponseStatus.PENDING, db_index=True,
    )  # fmt: skip
    progress = models.CharField(
        _("progress"), max_length=12, choices=Progress.choices, default=Progress.NONE,
        db_index=True,
    )  # fmt: skip
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="followup_addressee_one_kind",
                condition=(Q(country__isnull=False) & Q(institution__isnull=True))
                | (Q(country__isnull=True) & Q(institution__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["recommendation", "country"], name="followup_addressee_country_once"
            ),
            models.UniqueConstraint(
                fields=["recommendation", "institution"], name="followup_addressee_inst_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.country is not None:
            return str(self.country.name)
        return str(self.institution.acronym or self.institution.name) if self.institution else ""

    @property
    def key(self) -> str:
        """The filter value: an ISO code for a State, the slug for an institution."""
        return (
            str(self.country.code)
            if self.country is not None
            else (self.institution.slug if self.institution else "")
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.progress != Progress.IMPLEMENTED and self.recommendation.due_on < today


class Response(models.Model):
    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="responses"
    )
    status = models.CharField(_("response"), max_length=14, choices=ResponseStatus.choices)
    explanation = models.TextField(_("explanation"), max_length=EXPLANATION_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.addressee}: {self.status}"


class ProgressUpdate(models.Model):
    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="updates"
    )
    progress = models.CharField(
        _("progress"), max_length=12,
        choices=[c for c in Progress.choices if c[0] != Progress.NONE],
    )  # fmt: skip
    text = models.TextField(_("what was done"), max_length=EXPLANATION_MAX)
    evidence_url = models.URLField(_("evidence (web address)"), max_length=URL_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.addressee}: {self.progress}"


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PARTLY = "partly", _("Partly confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")


class Verification(models.Model):
    """An accredited organization rates a progress claim, with evidence (once per update)."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE,
        related_name="verifications",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    verdict = models.CharField(_("verdict"), max_length=14, choices=Verdict.choices)
    evidence = models.TextField(_("evidence"), max_length=EXPLANATION_MAX)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["update", "organization"], name="followup_verify_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.verdict}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Due soon")
    AFTER = "after", _("Overdue")


class Reminder(models.Model):
    """A reminder sent for one addressee and due date (never twice)."""

    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField(_("due date"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["addressee", "kind", "due_on"], name="followup_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.addressee} {self.kind} {self.due_on}"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Bulletin(models.Model):
    """The monthly briefing: drafted by Minga from its own data in every language, reviewed
    and edited by a UN delegate or committee member, sent to subscribers, archived publicly."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="bulletins"
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=8, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    bodies = models.JSONField(_("text per language"), default=dict)
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["review", "month"], name="followup_bulletin_month")
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("followup:bulletin", args=[self.pk])

    def body_in(self, language: str) -> str:
        return str(self.bodies.get(language) or self.bodies.get(settings.LANGUAGE_CODE) or "")


class BulletinSubscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="bulletin_subscription",
    )  # fmt: skip
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin subscription")
        verbose_name_plural = _("bulletin subscriptions")

    def __str__(self) -> str:
        return str(self.user)

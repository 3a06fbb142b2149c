"""Review cycles: a region's periodic review of the GCM, with its phases."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped, language_field
from minga.gcm.models import Country, Region


class PhaseKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    SESSIONS = "sessions", _("Review sessions")
    REPORT = "report", _("Report drafting")
    FOLLOWUP = "followup", _("Follow-up")


class ReviewQuerySet(models.QuerySet["Review"]):
    def published(self) -> "ReviewQuerySet":
        return self.filter(is_published=True)


class Review(TimeStamped):
    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = language_field()
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True)
    languages = models.JSONField(
        _("working languages"), default=list, help_text=_("Language codes, e.g. es, en, pt, fr.")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Santiago")
    is_published = models.BooleanField(_("published"), default=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.slug])

    def current_phase(self, today: datetime.date | None = None) -> "Phase | None":
        today = today or timezone.localdate()
        for phase in self.phases.all():
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None

    @property
    def starts_on(self) -> datetime.date | None:
        dates = [p.starts_on for p in self.phases.all()]
        return min(dates) if dates else None

    @property
    def ends_on(self) -> datetime.date | None:
        dates = [p.ends_on for p in self.phases.all()]
        return max(dates) if dates else None


class Phase(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["review", "kind"], name="phase_unique_kind_per_review"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on} – {self.ends_on})"

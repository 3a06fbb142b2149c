"""Sessions of a review (hearings, roundtables, consultations), their agenda and the people in
roles (chair, panelist, rapporteur, moderator, speaker).

The Civil Society Committee's selection (``minga.committee``) puts selected people into
``SessionRole`` through ``actions.do_assign_session_role``; organizers may also assign directly.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped
from minga.gcm.models import GCMLink, GCMLinkedQuerySet, Roundtable
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

TITLE_MAX = 200
TITLE_MIN = 5
DESCRIPTION_MAX = 10_000
VENUE_MAX = 300
AGENDA_TITLE_MAX = 200


class SessionKind(models.TextChoices):
    HEARING = "hearing", _("Multi-stakeholder hearing")
    ROUNDTABLE = "roundtable", _("Roundtable")
    CONSULTATION = "consultation", _("Virtual pre-consultation")
    PLENARY = "plenary", _("Plenary")


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(GCMLinkedQuerySet):
    def public(self) -> "SessionQuerySet":
        return self.filter(status=SessionStatus.PUBLISHED, review__is_published=True)


class Session(TimeStamped):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    kind = models.CharField(
        _("kind of session"),
        max_length=20,
        choices=SessionKind.choices,
        default=SessionKind.ROUNDTABLE,
    )
    format = models.CharField(
        _("format"),
        max_length=12,
        choices=SessionFormat.choices,
        default=SessionFormat.HYBRID,
    )
    roundtable = models.ForeignKey(
        Roundtable,
        verbose_name=_("roundtable cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=VENUE_MAX, blank=True)
    stream_url = models.URLField(_("stream link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    gcm_links = GenericRelation(GCMLink)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=AGENDA_TITLE_MAX)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=10)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return self.title


class SessionRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    PANELIST = "panelist", _("Panelist")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class RoleSource(models.TextChoices):
    ORGANIZERS = "organizers", _("Assigned by the organizers")
    COMMITTEE = "committee", _("Selected by the Civil Society Committee")


class SessionRole(models.Model):
    """A person in a role at a session, shown in the public programme with their constituency."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_roles",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=SessionRoleKind.choices)
    source = models.CharField(
        _("source"), max_length=12, choices=RoleSource.choices, default=RoleSource.ORGANIZERS
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person in a session role")
        verbose_name_plural = _("people in session roles")
        ordering = ["session", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "role"], name="session_role_unique_person_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"

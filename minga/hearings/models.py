"""Sessions of a review (hearings, roundtables, consultations), their agenda and the people in
roles (chair, panelist, rapporteur, moderator, speaker).

The Civil Society Committee's selection (``minga.committee``) puts selected people into
``SessionRole`` through ``actions.do_assign_session_role``; organizers may also assign directly.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
    speaking_time_seconds = models.PositiveSmallIntegerField(
        _("speaking time per speaker (seconds)"), default=180
    )
    requires_check_in = models.BooleanField(
        _("only checked-in participants ask and vote"), default=False
    )
    questionnaire = models.JSONField(
        _("questions asked at registration"), default=list, blank=True,
        help_text=_("One question per line; participants answer them when they register."),
    )  # fmt: skip
    template = models.CharField(_("methodology"), max_length=20, blank=True)
    role_plan = models.JSONField(
        _("roles to fill"), default=dict, blank=True,
        help_text=_("How many people each role needs, from the methodology."),
    )  # fmt: skip
    summary = models.TextField(_("session summary"), blank=True, max_length=DESCRIPTION_MAX)
    summary_published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)
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

    def get_absolute_url(self) -> str:
        return reverse("hearings:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == SessionStatus.PUBLISHED

    @classmethod
    def linked_queryset(cls) -> SessionQuerySet:
        """What objective and country pages list: published sessions only."""
        return cls.objects.public()


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


QUESTION_MAX = 500
QUESTION_MIN = 5
NOTE_MAX = 5000
REASON_MAX = 300
ANSWER_MAX = 1000


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(TimeStamped):
    """A person's place at a session (or on its waiting list), with their answers."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="session_registrations",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )  # fmt: skip
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    interpretation_language = models.CharField(
        _("interpretation language"), max_length=8, blank=True
    )
    answers = models.JSONField(_("answers to the questionnaire"), default=list, blank=True)
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="registration_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the moderators")
    APPROVED = "approved", _("Approved")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden by the moderators")
    MERGED = "merged", _("Merged into another question")


class Question(TimeStamped):
    """A question asked in a session's live room."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE,
        related_name="session_questions",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    constituency = models.CharField(_("constituency"), max_length=20, blank=True)
    text = models.TextField(_("question"), max_length=QUESTION_MAX)
    anonymous = models.BooleanField(_("anonymous to the public"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
    )  # fmt: skip
    hidden_reason = models.CharField(_("reason for hiding"), max_length=REASON_MAX, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="duplicates",
    )  # fmt: skip
    highlighted = models.BooleanField(_("being answered"), default=False)
    vote_count = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-vote_count", "created_at", "id"]
        indexes = [models.Index(fields=["session", "status"], name="question_session_status")]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote on a question")
        verbose_name_plural = _("votes on questions")
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="question_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.voter} → {self.question_id}"


class FloorKind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    QUESTION = "question", _("Question")
    REPLY = "reply", _("Reply")


class FloorStatus(models.TextChoices):
    QUEUED = "queued", _("In the queue")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FloorRequest(TimeStamped):
    """A request for the floor in the speakers list."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE,
        related_name="floor_requests",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    constituency = models.CharField(_("constituency"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FloorKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FloorStatus.choices, default=FloorStatus.QUEUED
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    started_at = models.DateTimeField(_("started speaking at"), null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(_("speaking time (seconds)"), default=180)

    class Meta:
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"


class RapporteurNote(TimeStamped):
    """A rapporteur's note on an agenda item; the approved notes become the session summary."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="notes"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="notes",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    text = models.TextField(_("note"), max_length=NOTE_MAX)

    class Meta:
        verbose_name = _("rapporteur note")
        verbose_name_plural = _("rapporteur notes")
        ordering = ["session", "agenda_item__position", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Presence(models.Model):
    """One open live-room connection (a row per WebSocket, removed on disconnect)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="presences"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    channel_name = models.CharField(_("connection"), max_length=200, unique=True)
    visible = models.BooleanField(_("name visible to others"), default=False)
    constituency = models.CharField(_("constituency"), max_length=20, blank=True)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=30, blank=True)
    subregion = models.CharField(_("subregion"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("presence in a live room")
        verbose_name_plural = _("presences in live rooms")
        ordering = ["session", "joined_at"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session_id}"

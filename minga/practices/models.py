"""A cross-region repository of practices on migration governance, peer-reviewed before
publication, and where each practice was taken up in Latin America and the Caribbean.

Publication rule (also stated on the practice page): a practice is published when every
assigned reviewer has recommended approval, the panel is complete (at least the practice's
required number of UN and external reviewers), no clarification is open, and each of the five
criteria is answered "yes" by a strict majority of the assigned reviewers. It is not retained
when every assigned reviewer has given a verdict and a strict majority recommend rejection.
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped, language_field
from minga.core.search import SearchDocument
from minga.gcm.models import GCMLink, GCMLinkedQuerySet
from minga.stakeholders.models import Organization

TITLE_MIN = 8
TITLE_MAX = 200
TEXT_MIN = 30
TEXT_MAX = 20_000
SHORT_TEXT_MAX = 5_000
PARTNERS_MAX = 2_000
SOURCES_MAX = 10
COMMENT_MAX = 2_000
QUESTION_MAX = 3_000
NOTE_MAX = 1_000

# The default review panel (setting-like constants; each practice may change its own).
DEFAULT_UN_REVIEWERS = 1
DEFAULT_EXTERNAL_REVIEWERS = 2
MAX_REVIEWERS_PER_ROLE = 5


class PracticeRegion(models.TextChoices):
    LAC = "lac", _("Latin America and the Caribbean")
    AFRICA = "africa", _("Africa")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific")
    EUROPE_CENTRAL_ASIA = "europe_central_asia", _("Europe and Central Asia")
    ARAB_STATES = "arab_states", _("Arab States")
    GLOBAL = "global", _("Global")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting reviewers")
    IN_REVIEW = "in_review", _("In peer review")
    CLARIFICATION = "clarification", _("Clarification requested")
    PUBLISHED = "published", _("Published")
    NOT_RETAINED = "not_retained", _("Not retained")


# Statuses in which reviewers work on a practice.
REVIEWABLE = (PracticeStatus.SUBMITTED, PracticeStatus.IN_REVIEW, PracticeStatus.CLARIFICATION)


class ReviewerRole(models.TextChoices):
    UN = "un", _("UN reviewer")
    EXTERNAL = "external", _("External reviewer")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Unsure")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Do not retain")
    CLARIFY = "clarify", _("Ask the submitter for clarification")


# The five criteria: (field prefix on ReviewVerdict, label).
CRITERIA: list[tuple[str, Any]] = [
    ("objective", _("Relates to at least one GCM objective")),
    ("principles", _("Adheres to the GCM guiding principles")),
    ("timing", _("Implemented after December 2018")),
    ("completion", _("Completed or mostly completed")),
    ("innovation", _("Innovative and replicable")),
]
CRITERIA_KEYS = [key for key, _label in CRITERIA]


class PracticeQuerySet(GCMLinkedQuerySet):
    def published(self) -> "PracticeQuerySet":
        return self.filter(status=PracticeStatus.PUBLISHED)


class Practice(TimeStamped):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    region = models.CharField(_("region"), max_length=24, choices=PracticeRegion.choices)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    results = models.TextField(_("results"), max_length=SHORT_TEXT_MAX)
    replication = models.TextField(_("how it could be replicated"), max_length=SHORT_TEXT_MAX)
    partners = models.TextField(_("partners"), max_length=PARTNERS_MAX, blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One web address per line."))
    contact_organization = models.ForeignKey(
        Organization, verbose_name=_("contact organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="practices",
    )  # fmt: skip
    language = language_field()
    status = models.CharField(
        _("status"), max_length=16, choices=PracticeStatus.choices,
        default=PracticeStatus.SUBMITTED,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
        on_delete=models.SET_NULL, related_name="submitted_practices",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    required_un_reviewers = models.PositiveSmallIntegerField(
        _("UN reviewers required"), default=DEFAULT_UN_REVIEWERS
    )
    required_external_reviewers = models.PositiveSmallIntegerField(
        _("external reviewers required"), default=DEFAULT_EXTERNAL_REVIEWERS
    )
    gcm_links = GenericRelation(GCMLink)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="practice_published"),
            models.Index(fields=["status", "region", "-published_at"], name="practice_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def source_links(self) -> list[str]:
        return [line.strip() for line in (self.sources or "").splitlines() if line.strip()]

    # --- GCM pages and search --------------------------------------------------------------

    @classmethod
    def linked_queryset(cls) -> PracticeQuerySet:
        """How practices appear on objective and country pages: published ones only."""
        return cls.objects.published().select_related("contact_organization")

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        base = reverse("practices:list")
        if target.get("country") is not None:
            return f"{base}?{urlencode({'country': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{base}?{urlencode({'objective': target['objective'].number})}"
        if target.get("principle") is not None:
            return f"{base}?{urlencode({'principle': target['principle'].key})}"
        return None

    def search_document(self) -> SearchDocument | None:
        if not self.is_published:
            return None
        objectives: list[int] = []
        countries: list[str] = []
        for link in self.gcm_links.select_related("objective", "country"):
            if link.objective_id:
                objectives.append(link.objective.number)
            elif link.country_id:
                countries.append(link.country.iso2)
        body = "\n\n".join(
            part
            for part in (self.description, self.results, self.replication, self.partners)
            if part
        )
        return SearchDocument(
            kind=self._meta.label_lower,
            title=self.title,
            body=body,
            language=self.language,
            url=self.get_absolute_url(),
            created_at=self.published_at or self.created_at,
            objectives=sorted(objectives),
            countries=sorted(countries),
        )


class ReviewAssignment(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE,
        related_name="practice_assignments",
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=10, choices=ReviewerRole.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["practice", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "reviewer"], name="practice_reviewer_once")
        ]
        indexes = [models.Index(fields=["reviewer", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → #{self.practice_id} ({self.get_role_display()})"


class ReviewVerdict(models.Model):
    """A reviewer's verdict on the five criteria and a recommendation. One per assignment;
    the reviewer may revise it (e.g. after a clarification)."""

    assignment = models.OneToOneField(
        ReviewAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
        related_name="verdict",
    )  # fmt: skip
    objective = models.CharField(CRITERIA[0][1], max_length=8, choices=Answer.choices)
    objective_comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    principles = models.CharField(CRITERIA[1][1], max_length=8, choices=Answer.choices)
    principles_comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    timing = models.CharField(CRITERIA[2][1], max_length=8, choices=Answer.choices)
    timing_comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    completion = models.CharField(CRITERIA[3][1], max_length=8, choices=Answer.choices)
    completion_comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    innovation = models.CharField(CRITERIA[4][1], max_length=8, choices=Answer.choices)
    innovation_comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices
    )
    summary = models.TextField(_("overall comment"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review verdict")
        verbose_name_plural = _("review verdicts")

    def __str__(self) -> str:
        return f"{self.assignment}: {self.get_recommendation_display()}"

    def answers(self) -> list[tuple[str, Any, Any, str]]:
        """(key, label, answer label, comment) per criterion."""
        return [
            (key, label, Answer(getattr(self, key)).label, getattr(self, f"{key}_comment"))
            for key, label in CRITERIA
        ]


class Clarification(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE,
        related_name="clarifications",
    )  # fmt: skip
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    question = models.TextField(_("question"), max_length=QUESTION_MAX)
    answer = models.TextField(_("answer"), max_length=QUESTION_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


# What a practice may be adopted by: (app_label, model).
ADOPTABLE_MODELS = (("initiatives", "initiative"), ("proposals", "proposal"))


class Adoption(models.Model):
    """A LAC initiative or proposal that draws on a published practice."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="adoptions"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("item id"))
    item = GenericForeignKey("content_type", "object_id")
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "content_type", "object_id"], name="practice_adopted_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.practice_id} → {self.content_type.model}#{self.object_id}"

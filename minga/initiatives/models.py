"""State initiatives and pledges, their versions, dated updates, sources, civil-society
assessments against the GCM guiding principles and the State's right of reply."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped, language_field
from minga.core.search import SearchDocument
from minga.gcm.models import Country, GCMLink, GCMLinkedQuerySet, Principle
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

TITLE_MAX = 200
TITLE_MIN = 5
SUMMARY_MAX = 10_000
SUMMARY_MIN = 20
INSTITUTION_MAX = 200
EVIDENCE_MAX = 3_000
BUDGET_NOTE_MAX = 500
UPDATE_TITLE_MAX = 200
UPDATE_TEXT_MAX = 5_000
COMMENT_MAX = 5_000
REPLY_MAX = 5_000
SOURCE_TITLE_MAX = 200
LINKS_MAX = 5  # evidence links per principle
MAX_STATES = 12


# Sources (links and documents) one initiative may list.
MAX_SOURCES = 30


class Kind(models.TextChoices):
    LAW = "law", _("Law")
    POLICY = "policy", _("Policy")
    PROGRAMME = "programme", _("Programme")
    MECHANISM = "mechanism", _("Institutional mechanism")
    PLEDGE_FINANCIAL = "pledge_financial", _("Pledge — financial")
    PLEDGE_HUMAN = "pledge_human", _("Pledge — human resources")
    PLEDGE_PROCESS = "pledge_process", _("Pledge — process")
    PLEDGE_POLICY = "pledge_policy", _("Pledge — policy")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class Involvement(models.TextChoices):
    NONE = "none", _("Not at all")
    INFORMED = "informed", _("Informed")
    CONSULTED = "consulted", _("Consulted")
    CO_DESIGNED = "co_designed", _("Co-designed")
    CO_IMPLEMENTED = "co_implemented", _("Co-implemented")


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress reported")
    MILESTONE = "milestone", _("Milestone")
    SETBACK = "setback", _("Setback")


class Rating(models.IntegerChoices):
    """How consistent the initiative is with one guiding principle (0: not assessed)."""

    NOT_ASSESSED = 0, _("Not assessed")
    CONTRARY = 1, _("1 — Contrary to the principle")
    LARGELY_INCONSISTENT = 2, _("2 — Largely inconsistent")
    PARTLY = 3, _("3 — Partly consistent")
    LARGELY_CONSISTENT = 4, _("4 — Largely consistent")
    FULLY = 5, _("5 — Fully consistent")


RATING_LEVELS = [1, 2, 3, 4, 5]


class InitiativeQuerySet(GCMLinkedQuerySet):
    def of_state(self, iso2: str) -> "InitiativeQuerySet":
        return self.filter(states__code=iso2.upper())

    def champions(self) -> "InitiativeQuerySet":
        through = Initiative.states.through
        champions = through.objects.filter(country__is_champion=True)
        return self.filter(pk__in=champions.values("initiative_id"))


class Initiative(TimeStamped):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX)
    language = language_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lead_state = models.ForeignKey(
        Country, verbose_name=_("lead State"), on_delete=models.PROTECT, related_name="+"
    )
    # Every State of the initiative, the lead included (joint initiatives have several).
    states = models.ManyToManyField(Country, verbose_name=_("States"), related_name="initiatives")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    responsible_institution = models.CharField(
        _("responsible institution"), max_length=INSTITUTION_MAX
    )
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    budget_note = models.CharField(_("note on the budget"), max_length=BUDGET_NOTE_MAX, blank=True)
    cs_involvement = models.CharField(
        _("civil-society involvement"), max_length=16, choices=Involvement.choices,
        default=Involvement.NONE,
    )  # fmt: skip
    cs_evidence = models.TextField(
        _("evidence of civil-society involvement"), max_length=EVIDENCE_MAX, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    version_count = models.PositiveIntegerField(_("versions"), default=0)
    update_count = models.PositiveIntegerField(_("updates"), default=0)
    assessment_count = models.PositiveIntegerField(_("assessments"), default=0)
    gcm_links = GenericRelation(GCMLink)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="initiative_recent"),
            models.Index(fields=["status", "-updated_at"], name="initiative_status"),
            models.Index(fields=["kind", "-updated_at"], name="initiative_kind"),
            models.Index(fields=["cs_involvement", "-updated_at"], name="initiative_involvement"),
            models.Index(fields=["-created_at", "-id"], name="initiative_created"),
        ]
        constraints = [
            models.CheckConstraint(
                name="initiative_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_pledge(self) -> bool:
        return self.kind.startswith("pledge")

    @classmethod
    def linked_queryset(cls) -> InitiativeQuerySet:
        return cls.objects.select_related("lead_state")

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        base = reverse("initiatives:list")
        if target.get("country") is not None:
            return f"{base}?{urlencode({'country': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{base}?{urlencode({'objective': target['objective'].number})}"
        if target.get("principle") is not None:
            return f"{base}?{urlencode({'principle': target['principle'].key})}"
        return None

    def search_document(self) -> SearchDocument | None:
        objectives: list[int] = []
        countries: list[str] = []
        for link in self.gcm_links.select_related("objective", "country"):
            if link.objective_id:
                objectives.append(link.objective.number)
            elif link.country_id:
                countries.append(link.country.iso2)
        body = "\n\n".join(p for p in (self.summary, self.responsible_institution) if p)
        return SearchDocument(
            kind=self._meta.label_lower,
            title=self.title,
            body=body,
            language=self.language,
            url=self.get_absolute_url(),
            created_at=self.created_at,
            objectives=sorted(objectives),
            countries=sorted(countries),
        )


class InitiativeVersion(models.Model):
    """One change of an initiative: the fields before and after, who and when."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE,
        related_name="versions",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("version"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    changed_fields = models.JSONField(_("changed fields"), default=list)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("initiative version")
        verbose_name_plural = _("initiative versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="initiative_version_once")
        ]

    def __str__(self) -> str:
        return f"#{self.initiative_id} v{self.number}"


class Update(models.Model):
    """A dated entry of the initiative's timeline."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UpdateKind.choices)
    title = models.CharField(_("title"), max_length=UPDATE_TITLE_MAX)
    text = models.TextField(_("text"), max_length=UPDATE_TEXT_MAX, blank=True)
    language = language_field()
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("published at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["initiative", "-date"], name="initiative_update_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.initiative.get_absolute_url()}#update-{self.pk}"


def source_path(instance: "Source", filename: str) -> str:
    return f"initiatives/{instance.initiative_id}/{filename}"


class SourceKind(models.TextChoices):
    LINK = "link", _("Link")
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")


class Source(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(_("title"), max_length=SOURCE_TITLE_MAX)
    kind = models.CharField(_("kind"), max_length=8, choices=SourceKind.choices)
    url = models.URLField(_("address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=source_path, max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    original_name = models.CharField(_("original file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="source_link_or_file",
                condition=(Q(kind="link") & ~Q(url="")) | (~Q(kind="link") & ~Q(file="")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.kind == SourceKind.LINK:
            return self.url
        return reverse("initiatives:source", args=[self.initiative_id, self.pk])


class Assessment(models.Model):
    """An accredited organization's assessment of an initiative against the guiding
    principles; one per organization and initiative (it may be updated)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE,
        related_name="assessments",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="initiative_assessments",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    review = models.ForeignKey(
        Review, verbose_name=_("review"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    comment = models.TextField(_("overall comment"), max_length=COMMENT_MAX, blank=True)
    language = language_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="assessment_once_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → #{self.initiative_id}"

    def get_absolute_url(self) -> str:
        return f"{self.initiative.get_absolute_url()}#assessment-{self.pk}"


class PrincipleRating(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE,
        related_name="ratings",
    )  # fmt: skip
    principle = models.ForeignKey(
        Principle, verbose_name=_("guiding principle"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, default=Rating.NOT_ASSESSED
    )
    evidence = models.TextField(_("evidence"), max_length=EVIDENCE_MAX, blank=True)
    links = models.JSONField(_("evidence links"), default=list, blank=True)

    class Meta:
        verbose_name = _("rating against a principle")
        verbose_name_plural = _("ratings against principles")
        ordering = ["principle__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="rating_once_per_principle"
            ),
            models.CheckConstraint(name="rating_in_scale", condition=Q(rating__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.rating}"


class Reply(models.Model):
    """The State's right of reply: exactly one per assessment."""

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="reply"
    )
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="replies"
    )
    state = models.ForeignKey(
        Country, verbose_name=_("on behalf of the State"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    text = models.TextField(_("reply"), max_length=REPLY_MAX)
    language = language_field()
    created_at = models.DateTimeField(_("replied at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reply of the State")
        verbose_name_plural = _("replies of the States")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.state} → {self.assessment}"

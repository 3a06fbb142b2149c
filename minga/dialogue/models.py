"""Consultations: questions addressed to institutions (IOM, ECLAC, a State, the regional UN
Network), threaded contributions from civil society, and official responses with commitments.

State changes go through ``minga.dialogue.actions`` only.
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from minga.core.markdown import render_markdown
from minga.core.models import TimeStamped, language_field
from minga.core.search import SearchDocument
from minga.gcm.models import GCMLink, GCMLinkedQuerySet, StakeholderType
from minga.moderation.models import Moderated
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

# Organizations that can be addressed by a consultation and answer officially.
INSTITUTION_TYPES = (StakeholderType.UN, StakeholderType.IGO, StakeholderType.STATE)

TITLE_MAX = 200
QUESTION_MAX = 2000
BACKGROUND_MAX = 20000
CONCLUSION_MAX = 20000
CONTRIBUTION_MAX = 5000
RESPONSE_MAX = 20000
COMMITMENT_MAX = 1000
# Replies to replies are stored at any depth but displayed nested at most this many levels.
MAX_DISPLAY_DEPTH = 3


class ConsultationPhase(models.TextChoices):
    OPEN = "open", _("Open for contributions")
    ANSWERING = "answering", _("Institutions answer")
    CLOSED = "closed", _("Closed")


class ConsultationQuerySet(GCMLinkedQuerySet):
    def standing(self) -> "ConsultationQuerySet":
        return self.filter(is_standing=True)

    def addressed_to(self, institution: Organization) -> "ConsultationQuerySet":
        return self.filter(institutions=institution)


class Consultation(TimeStamped):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    question = models.TextField(_("question"), max_length=QUESTION_MAX)
    background = models.TextField(
        _("background"), blank=True, max_length=BACKGROUND_MAX,
        help_text=_("Context for the people who contribute. Markdown is allowed."),
    )  # fmt: skip
    language = language_field()
    review = models.ForeignKey(
        Review, verbose_name=_("review"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consultations",
    )  # fmt: skip
    institutions = models.ManyToManyField(
        Organization, verbose_name=_("addressed to"), related_name="consultations",
        limit_choices_to={"stakeholder_type__in": INSTITUTION_TYPES},
    )  # fmt: skip
    phase = models.CharField(
        _("phase"), max_length=12, choices=ConsultationPhase.choices,
        default=ConsultationPhase.OPEN, db_index=True,
    )  # fmt: skip
    is_standing = models.BooleanField(
        _("standing channel"), default=False,
        help_text=_("A channel that stays open permanently for one institution."),
    )  # fmt: skip
    closes_on = models.DateField(_("contributions until"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True, max_length=CONCLUSION_MAX)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    gcm_links = GenericRelation(GCMLink)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["is_standing", "phase", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:consultation", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.phase == ConsultationPhase.CLOSED

    @classmethod
    def linked_queryset(cls) -> ConsultationQuerySet:
        """How consultations appear on objective and country pages (gcm.queries.linked_items)."""
        return cls.objects.prefetch_related("institutions")

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        base = reverse("dialogue:list")
        if target.get("country") is not None:
            return f"{base}?{urlencode({'country': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{base}?{urlencode({'objective': target['objective'].number})}"
        return None

    def search_document(self) -> SearchDocument:
        links = list(self.gcm_links.select_related("objective", "country"))
        body = "\n\n".join(p for p in (self.question, self.background, self.conclusion) if p)
        return SearchDocument(
            kind="dialogue.consultation",
            title=self.title,
            body=body,
            language=self.language,
            url=self.get_absolute_url(),
            created_at=self.created_at,
            objectives=sorted(link.objective.number for link in links if link.objective),
            countries=sorted(link.country.iso2 for link in links if link.country),
        )


class Contribution(Moderated, TimeStamped):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE,
        related_name="contributions",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="consultation_contributions",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("on behalf of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="consultation_contributions",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="replies",
    )  # fmt: skip
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX)
    # The sanitised HTML of ``text``, rendered once when written (threads show hundreds).
    text_html = models.TextField(_("contribution (rendered)"), blank=True, editable=False)
    language = language_field()
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    agree_count = models.PositiveIntegerField(_("agree"), default=0)
    disagree_count = models.PositiveIntegerField(_("disagree"), default=0)
    useful_count = models.PositiveIntegerField(_("useful"), default=0)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["consultation", "created_at"])]

    def __str__(self) -> str:
        excerpt = self.text[:60] + ("…" if len(self.text) > 60 else "")
        return f"{self.author or '—'}: {excerpt}"

    def get_absolute_url(self) -> str:
        # The consultation page picks the thread page that shows this contribution.
        return (
            f"{self.consultation.get_absolute_url()}?contribution={self.pk}#contribution-{self.pk}"
        )

    @property
    def html(self) -> SafeString:
        """The rendered text (sanitised when stored; rendered now if it never was)."""
        if self.text_html:
            return mark_safe(self.text_html)  # noqa: S308 - sanitised by render_markdown
        return render_markdown(self.text)

    def search_document(self) -> SearchDocument | None:
        if self.is_hidden:
            return None
        consultation = self.consultation
        document = consultation.search_document()
        return SearchDocument(
            kind="dialogue.contribution",
            title=consultation.title,
            body=self.text,
            language=self.language,
            url=self.get_absolute_url(),
            created_at=self.created_at,
            objectives=document.objectives,
            countries=document.countries,
        )


class ReactionKind(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    USEFUL = "useful", _("Useful")


class Reaction(models.Model):
    """One person's agree / disagree / useful mark on a contribution; only counts are shown."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.CASCADE,
        related_name="reactions",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("reaction"), max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "person", "kind"], name="reaction_once_per_kind"
            )
        ]
        indexes = [models.Index(fields=["person", "contribution"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.contribution_id}"


class OfficialResponse(TimeStamped):
    """An institution's official answer to a consultation, signed by an entitled person."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE,
        related_name="responses",
    )  # fmt: skip
    institution = models.ForeignKey(
        Organization, verbose_name=_("institution"), on_delete=models.PROTECT,
        related_name="official_responses",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    text = models.TextField(_("response"), max_length=RESPONSE_MAX)
    language = language_field()
    is_official = models.BooleanField(_("official"), default=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")

    def __str__(self) -> str:
        return f"{self.institution} — {self.consultation}"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Fulfilled")
    DROPPED = "dropped", _("Dropped")


class Commitment(TimeStamped):
    """A promise made in an official response; later tracked as a follow-up item."""

    response = models.ForeignKey(
        OfficialResponse, verbose_name=_("official response"), on_delete=models.CASCADE,
        related_name="commitments",
    )  # fmt: skip
    text = models.TextField(_("commitment"), max_length=COMMITMENT_MAX)
    responsible = models.ForeignKey(
        Organization, verbose_name=_("responsible institution"), on_delete=models.PROTECT,
        related_name="commitments",
    )  # fmt: skip
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN, db_index=True,
    )  # fmt: skip

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text[:80]

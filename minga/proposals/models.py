"""Proposals from migrants, their families, communities and organizations, and what became of
them: endorsements, comments, official answers, merges."""

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
from minga.gcm.models import GCMLink, GCMLinkedQuerySet
from minga.moderation.models import Moderated
from minga.stakeholders.models import Organization

TITLE_MAX = 200
TITLE_MIN = 8
TEXT_MAX = 10_000
TEXT_MIN = 30
COMMENT_MAX = 3_000
EXPLANATION_MAX = 5_000


# Files one proposal may carry (each checked by minga.core.uploads).
MAX_ATTACHMENTS = 5


class CorridorRole(models.TextChoices):
    ORIGIN = "origin", _("Place of origin")
    TRANSIT = "transit", _("Place of transit")
    DESTINATION = "destination", _("Place of destination")
    RETURN = "return", _("Place of return")


class AuthorDisplay(models.TextChoices):
    PERSON = "person", _("Under my name")
    ORGANIZATION = "organization", _("Under the name of my organization")
    ANONYMOUS = "anonymous", _("Anonymous to the public (moderators still know who I am)")


class OnBehalfOf(models.TextChoices):
    NONE = "", _("Nobody else: it is my own proposal")
    MIGRANT = "migrant", _("A migrant or family member without an account")
    COMMUNITY = "community", _("A community meeting")


class AnswerStatus(models.TextChoices):
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    RETAINED = "retained", _("Retained for the report")
    ADDRESSED_ELSEWHERE = "addressed_elsewhere", _("Addressed elsewhere")
    NOT_RETAINED = "not_retained", _("Not retained")


# Filter value for proposals that have no official answer yet.
AWAITING = "awaiting"


class ProposalQuerySet(GCMLinkedQuerySet):
    def public(self) -> "ProposalQuerySet":
        """What anyone may list: not hidden by moderation, not merged into another."""
        return self.filter(is_hidden=False, merged_into__isnull=True)

    def with_corridor_role(self, role: str) -> "ProposalQuerySet":
        if role not in CorridorRole.values:
            return self.none()
        return self.filter(**{f"is_{role}": True})


class Proposal(Moderated, TimeStamped):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("proposal"), max_length=TEXT_MAX)
    language = language_field()
    is_origin = models.BooleanField(_("concerns a place of origin"), default=False)
    is_transit = models.BooleanField(_("concerns a place of transit"), default=False)
    is_destination = models.BooleanField(_("concerns a place of destination"), default=False)
    is_return = models.BooleanField(_("concerns a place of return"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposals",
    )  # fmt: skip
    author_display = models.CharField(
        _("author shown as"), max_length=12, choices=AuthorDisplay.choices,
        default=AuthorDisplay.PERSON,
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("presented by the organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposals",
    )  # fmt: skip
    # Intake through an intermediary (a CSO worker records it for people without accounts).
    on_behalf_of = models.CharField(
        _("recorded on behalf of"), max_length=12, choices=OnBehalfOf.choices, blank=True
    )
    consent_recorded = models.BooleanField(_("consent recorded"), default=False)
    consent_how = models.CharField(_("how consent was given"), max_length=300, blank=True)
    people_count = models.PositiveIntegerField(_("number of people behind it"), default=1)
    intermediary = models.ForeignKey(
        Organization, verbose_name=_("intermediary organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="recorded_proposals",
    )  # fmt: skip
    answer_status = models.CharField(
        _("status of the official answer"), max_length=20, choices=AnswerStatus.choices,
        blank=True,
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="merged_from",
    )  # fmt: skip
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    # Counters kept by the actions (lists sort on them without joins).
    endorsement_count = models.PositiveIntegerField(_("endorsements by people"), default=0)
    organization_endorsement_count = models.PositiveIntegerField(
        _("endorsements by organizations"), default=0
    )
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    gcm_links = GenericRelation(GCMLink)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="proposal_recent"),
            models.Index(
                fields=["-endorsement_count", "-organization_endorsement_count", "-id"],
                name="proposal_endorsed",
            ),
            models.Index(fields=["-comment_count", "-id"], name="proposal_discussed"),
            models.Index(fields=["answer_status", "-created_at"], name="proposal_status"),
            models.Index(fields=["language", "-created_at"], name="proposal_language"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    # --- What the public sees -------------------------------------------------------------

    @property
    def is_anonymous(self) -> bool:
        return self.author_display == AuthorDisplay.ANONYMOUS

    @property
    def public_author(self) -> Any:
        """The person shown publicly, or None (anonymous, or shown as the organization)."""
        if self.author_display == AuthorDisplay.PERSON:
            return self.author
        return None

    @property
    def public_organization(self) -> Organization | None:
        if self.author_display == AuthorDisplay.ORGANIZATION:
            return self.organization
        return None

    @property
    def corridor_roles(self) -> list[str]:
        return [role for role in CorridorRole.values if getattr(self, f"is_{role}")]

    def get_corridor_roles_display(self) -> list[str]:
        labels = dict(CorridorRole.choices)
        return [str(labels[role]) for role in self.corridor_roles]

    @property
    def total_endorsements(self) -> int:
        return self.endorsement_count + self.organization_endorsement_count

    # --- GCM pages and search --------------------------------------------------------------

    @classmethod
    def linked_queryset(cls) -> ProposalQuerySet:
        """How proposals appear on objective and country pages: public ones only."""
        return cls.objects.public().select_related("author", "organization")

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        base = reverse("proposals:list")
        if target.get("country") is not None:
            return f"{base}?{urlencode({'country': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{base}?{urlencode({'objective': target['objective'].number})}"
        return None

    def search_document(self) -> SearchDocument | None:
        if self.is_hidden or self.merged_into_id is not None:
            return None
        objectives: list[int] = []
        countries: list[str] = []
        for link in self.gcm_links.select_related("objective", "country"):
            if link.objective_id:
                objectives.append(link.objective.number)
            elif link.country_id:
                countries.append(link.country.iso2)
        return SearchDocument(
            kind=self._meta.label_lower,
            title=self.title,
            body=self.text,
            language=self.language,
            url=self.get_absolute_url(),
            created_at=self.created_at,
            objectives=sorted(objectives),
            countries=sorted(countries),
        )


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF document")


class Attachment(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=AttachmentKind.choices)
    content_type = models.CharField(_("content type"), max_length=40)
    original_name = models.CharField(_("original file name"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("proposals:attachment", args=[self.proposal_id, self.pk])


class Endorsement(models.Model):
    """Support by a person, or by an organization through its representative (``person`` is
    then the representative who endorsed in its name). Counted separately."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="endorsements"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="proposal_endorsements",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="proposal_endorsements",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=Q(organization__isnull=True),
                name="endorsement_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=Q(organization__isnull=False),
                name="endorsement_once_per_organization",
            ),
        ]
        indexes = [models.Index(fields=["proposal", "organization"])]

    def __str__(self) -> str:
        return f"{self.organization or self.person} → #{self.proposal_id}"


class Comment(Moderated):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposal_comments",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )  # fmt: skip
    text = models.TextField(_("comment"), max_length=COMMENT_MAX)
    language = language_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.proposal.get_absolute_url()}#comment-{self.pk}"


class Answer(models.Model):
    """An official answer; the latest one sets the proposal's status."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="answers"
    )
    status = models.CharField(_("status"), max_length=20, choices=AnswerStatus.choices)
    explanation = models.TextField(_("explanation"), max_length=EXPLANATION_MAX)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.proposal_id}: {self.get_status_display()}"

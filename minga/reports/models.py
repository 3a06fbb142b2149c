"""The review report: co-written in chapters, sections and versioned paragraphs, commented
during the consultation, linked to its evidence, approved by the committee, translated
paragraph by paragraph and published as frozen versions; plus the evaluation survey."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage, TimeStamped
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

TITLE_MAX = 200
PARAGRAPH_MAX = 10_000
COMMENT_MAX = 3_000
NOTE_MAX = 2_000


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Report(TimeStamped):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_translations = models.JSONField(_("translated titles"), default=dict, blank=True)
    language = models.CharField(
        _("language written in"), max_length=8, choices=InterfaceLanguage.choices, default="es"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    consultation_open = models.BooleanField(
        _("open for comments"), default=False,
        help_text=_("During the consultation phase, organizations and participants comment on paragraphs."),
    )  # fmt: skip
    majority_percent = models.PositiveSmallIntegerField(
        _("approval majority (%)"), default=50,
        help_text=_("Approved when more than this share of the committee members approve."),
    )  # fmt: skip
    requires_cosign = models.BooleanField(
        _("co-signed by the UN delegates"), default=False,
        help_text=_("If ticked, a UN delegate co-signs the approved report before publication."),
    )  # fmt: skip
    review_round = models.PositiveIntegerField(_("review round"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    def title_in(self, language: str) -> str:
        return str(self.title_translations.get(language) or self.title)


class Chapter(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="chapters"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_translations = models.JSONField(_("translated titles"), default=dict, blank=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return str(self.title_translations.get(language) or self.title)


class AssignmentRole(models.TextChoices):
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    EDITOR = "editor", _("Editor")


class ChapterAssignment(models.Model):
    """A rapporteur or editor assigned to a chapter by a committee member: they edit it."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="report_assignments",
    )  # fmt: skip
    role = models.CharField(
        _("role"), max_length=12, choices=AssignmentRole.choices, default=AssignmentRole.RAPPORTEUR
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chapter assignment")
        verbose_name_plural = _("chapter assignments")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "user"], name="reports_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.chapter}"


class Section(models.Model):
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_translations = models.JSONField(_("translated titles"), default=dict, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return str(self.title_translations.get(language) or self.title)


class Paragraph(models.Model):
    """The current text of one paragraph; every saved text is kept as a ParagraphVersion."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), max_length=PARAGRAPH_MAX)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last edited by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    evidence_count = models.PositiveIntegerField(_("evidence links"), default=0)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ParagraphVersion(models.Model):
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paragraph version")
        verbose_name_plural = _("paragraph versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "number"], name="reports_version_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.paragraph_id} v{self.number}"


class ParagraphTranslation(models.Model):
    """A human translation of a paragraph; outdated when the original changed since."""

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE,
        related_name="translations",
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=8, choices=InterfaceLanguage.choices)
    text = models.TextField(_("translation"), max_length=PARAGRAPH_MAX)
    source_version = models.PositiveIntegerField(_("translated from version"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("translated by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("paragraph translation")
        verbose_name_plural = _("paragraph translations")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "language"], name="reports_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.paragraph_id} [{self.language}]"


class CommentStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the authors")
    ADDRESSED = "addressed", _("Addressed")
    PARTLY = "partly", _("Partly addressed")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")


class Comment(models.Model):
    """A comment on one paragraph during the consultation phase, and the authors' answer."""

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="report_comments",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("on behalf of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    text = models.TextField(_("comment"), max_length=COMMENT_MAX)
    paragraph_version = models.PositiveIntegerField(_("on version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=14, choices=CommentStatus.choices, default=CommentStatus.OPEN
    )
    reply = models.TextField(_("reply and reason"), max_length=COMMENT_MAX, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class EvidenceLink(models.Model):
    """A paragraph cites an item of another app (kinds in ``minga.reports.evidence``)."""

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("item id"))
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "kind", "object_id"], name="reports_evidence_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    CHANGES = "changes", _("Request changes")


class ApprovalDecision(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveIntegerField(_("review round"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("committee member"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "round", "member"], name="reports_decision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.decision}"


class CoSignature(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="cosignatures"
    )
    round = models.PositiveIntegerField(_("review round"))
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("UN delegate"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "round", "delegate"], name="reports_cosign_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate} ({self.round})"


class PublishedVersion(models.Model):
    """A frozen published version: the whole report as it was, in every language, in one
    JSON snapshot (never changed; corrections publish a new version with a change note)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    change_note = models.TextField(_("change note"), max_length=NOTE_MAX, blank=True)
    snapshot = models.JSONField(_("content"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("reports:version", args=[self.report_id, self.number])


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PDFBuild(models.Model):
    """The PDF of one published version in one language, built by a background task."""

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("published version"), on_delete=models.CASCADE,
        related_name="pdfs",
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=8, choices=InterfaceLanguage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    seconds = models.FloatField(_("build time (s)"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF build")
        verbose_name_plural = _("PDF builds")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="reports_pdf_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version} [{self.language}]"


# Evaluation survey -------------------------------------------------------------------------


class Survey(TimeStamped):
    review = models.OneToOneField(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="evaluation"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    is_open = models.BooleanField(_("open for answers"), default=False)
    include_in_report = models.BooleanField(
        _("include the results as a report annex"), default=True
    )

    class Meta:
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    OPEN = "open", _("Open answer")


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_translations = models.JSONField(_("translated question"), default=dict, blank=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    def text_in(self, language: str) -> str:
        return str(self.text_translations.get(language) or self.text)


class Participation(models.Model):
    """That a person answered (once). Kept apart from the answers, which name nobody."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="reports_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}"


class SurveyAnswer(models.Model):
    """One answer to one question; no person, no time (cannot be linked to a participation)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("answer"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"{self.question_id}"

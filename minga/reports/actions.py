"""State changes of reports: one ``do_<verb>_<noun>`` per change (transaction, permission,
validation, audit, events)."""

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.accounts.models import Role, RoleAssignment
from minga.core import audit, events
from minga.core.models import InterfaceLanguage
from minga.moderation.permissions import require_writer
from minga.stakeholders.models import MembershipRole, MembershipStatus, Organization

from . import evidence, permissions
from .models import (
    COMMENT_MAX,
    NOTE_MAX,
    PARAGRAPH_MAX,
    TITLE_MAX,
    ApprovalDecision,
    AssignmentRole,
    BuildStatus,
    Chapter,
    ChapterAssignment,
    Comment,
    CommentStatus,
    CoSignature,
    Decision,
    EvidenceLink,
    Paragraph,
    ParagraphTranslation,
    ParagraphVersion,
    Participation,
    PDFBuild,
    PublishedVersion,
    Question,
    QuestionKind,
    Report,
    ReportStatus,
    Section,
    Survey,
    SurveyAnswer,
)


class EditConflict(ValidationError):
    """The paragraph changed since the editor loaded it: the save is refused, and the view
    shows both texts (``current`` and the person's own) so nothing is lost."""

    def __init__(self, current: Paragraph) -> None:
        super().__init__(
            _(
                "Someone else saved this paragraph while you were editing it. Your text was "
                "not saved: compare both versions below, then save again."
            ),
            code="conflict",
        )
        self.current = current


def _clean_text(value: str, *, field: str, maximum: int, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("%(label)s cannot be empty.") % {"label": label}})
    if len(text) > maximum:
        raise ValidationError(
            {
                field: _("%(label)s is too long (at most %(max)d characters).")
                % {"label": label, "max": maximum}
            }
        )
    return text


def _lock_report(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("review").get(pk=report.pk)


def _fresh(paragraph: Paragraph, *, lock: bool = False) -> Paragraph:
    """The paragraph and its report as they are now in the database (not as the caller
    loaded them: the report may have moved to committee review meanwhile)."""
    qs = Paragraph.objects.select_related("section__chapter__report__review")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=paragraph.pk)


def _reopen_if_published(report: Report) -> None:
    """A change after publication starts a correction: back to draft (versions stay frozen)."""
    if report.status == ReportStatus.PUBLISHED:
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
        report.status = ReportStatus.DRAFT


# Structure -----------------------------------------------------------------------------------


@transaction.atomic
def do_create_report(actor: Any, review: Any, *, title: str, language: str) -> Report:
    require_writer(actor)
    if not permissions.can_create_report(actor, review):
        raise PermissionDenied
    title = _clean_text(title, field="title", maximum=TITLE_MAX, label=_("The title"))
    if language not in InterfaceLanguage.values:
        raise ValidationError({"language": _("Choose one of the languages.")})
    report = Report.objects.create(review=review, title=title, language=language, created_by=actor)
    audit.record(actor, "reports.create", report)
    return report


@transaction.atomic
def do_add_chapter(actor: Any, report: Report, *, title: str) -> Chapter:
    require_writer(actor)
    report = _lock_report(report)
    if not permissions.can_manage_report(actor, report) or not permissions.is_editable(report):
        raise PermissionDenied
    title = _clean_text(title, field="title", maximum=TITLE_MAX, label=_("The title"))
    order = (report.chapters.aggregate(m=Max("order"))["m"] or 0) + 1
    chapter = Chapter.objects.create(report=report, order=order, title=title)
    _reopen_if_published(report)
    audit.record(actor, "reports.add_chapter", chapter, report=report.pk)
    return chapter


@transaction.atomic
def do_add_section(actor: Any, chapter: Chapter, *, title: str) -> Section:
    require_writer(actor)
    chapter.report = _lock_report(chapter.report)
    if not permissions.can_edit_chapter(actor, chapter):
        raise PermissionDenied
    title = _clean_text(title, field="title", maximum=TITLE_MAX, label=_("The title"))
    order = (chapter.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(chapter=chapter, order=order, title=title)
    _reopen_if_published(chapter.report)
    audit.record(actor, "reports.add_section", section, chapter=chapter.pk)
    return section


@transaction.atomic
def do_assign_chapter(
    actor: Any, chapter: Chapter, person: Any, *, role: str = AssignmentRole.RAPPORTEUR
) -> ChapterAssignment:
    require_writer(actor)
    if not permissions.can_manage_report(actor, chapter.report):
        raise PermissionDenied
    if role not in AssignmentRole.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if person is None or not person.is_active:
        raise ValidationError({"person": _("No active account has this e-mail address.")})
    assignment, _created = ChapterAssignment.objects.update_or_create(
        chapter=chapter, user=person, defaults={"role": role, "assigned_by": actor}
    )
    audit.record(actor, "reports.assign", chapter, person=person.pk, role=role)
    return assignment


@transaction.atomic
def do_unassign_chapter(actor: Any, assignment: ChapterAssignment) -> None:
    require_writer(actor)
    if not permissions.can_manage_report(actor, assignment.chapter.report):
        raise PermissionDenied
    audit.record(actor, "reports.unassign", assignment.chapter, person=assignment.user_id)
    assignment.delete()


# Paragraphs ----------------------------------------------------------------------------------


@transaction.atomic
def do_add_paragraph(actor: Any, section: Section, *, text: str) -> Paragraph:
    require_writer(actor)
    section.chapter.report = _lock_report(section.chapter.report)
    if not permissions.can_edit_chapter(actor, section.chapter):
        raise PermissionDenied
    text = _clean_text(text, field="text", maximum=PARAGRAPH_MAX, label=_("The paragraph"))
    order = (section.paragraphs.aggregate(m=Max("order"))["m"] or 0) + 1
    paragraph = Paragraph.objects.create(
        section=section, order=order, text=text, version=1, updated_by=actor
    )
    ParagraphVersion.objects.create(paragraph=paragraph, number=1, text=text, author=actor)
    _reopen_if_published(section.chapter.report)
    audit.record(actor, "reports.add_paragraph", paragraph, section=section.pk)
    return paragraph


@transaction.atomic
def do_save_paragraph(
    actor: Any, paragraph: Paragraph, *, text: str, base_version: Any
) -> Paragraph:
    """Save a new version. ``base_version`` is the version the editor started from: if the
    paragraph moved on since, raise ``EditConflict`` (nothing is overwritten)."""
    require_writer(actor)
    current = _fresh(paragraph, lock=True)
    chapter = current.section.chapter
    if not permissions.can_edit_chapter(actor, chapter):
        raise PermissionDenied
    text = _clean_text(text, field="text", maximum=PARAGRAPH_MAX, label=_("The paragraph"))
    try:
        base = int(base_version)
    except (TypeError, ValueError):
        base = -1
    if base != current.version:
        raise EditConflict(current)
    if text == current.text:
        return current
    current.version += 1
    current.text = text
    current.updated_by = actor
    current.save(update_fields=["version", "text", "updated_by", "updated_at"])
    ParagraphVersion.objects.create(
        paragraph=current, number=current.version, text=text, author=actor
    )
    _reopen_if_published(chapter.report)
    audit.record(actor, "reports.edit_paragraph", current, version=current.version)
    return current


@transaction.atomic
def do_translate_paragraph(
    actor: Any, paragraph: Paragraph, *, language: str, text: str
) -> ParagraphTranslation:
    require_writer(actor)
    paragraph = _fresh(paragraph)
    report = paragraph.section.chapter.report
    if not permissions.can_translate(actor, report) or not permissions.is_editable(report):
        raise PermissionDenied
    if language not in InterfaceLanguage.values or language == report.language:
        raise ValidationError({"language": _("Choose a language other than the original.")})
    text = _clean_text(text, field="text", maximum=PARAGRAPH_MAX, label=_("The translation"))
    translation, _created = ParagraphTranslation.objects.update_or_create(
        paragraph=paragraph,
        language=language,
        defaults={"text": text, "source_version": paragraph.version, "translated_by": actor},
    )
    _reopen_if_published(report)
    audit.record(actor, "reports.translate", paragraph, language=language)
    return translation


def _title_target(report: Report, key: str) -> Report | Chapter | Section | None:
    """``report``, ``chapter-<id>`` or ``section-<id>`` of this report (None otherwise)."""
    if key == "report":
        return report
    kind, _sep, ident = key.partition("-")
    if not ident.isdigit():
        return None
    if kind == "chapter":
        return Chapter.objects.filter(report=report, pk=int(ident)).first()
    if kind == "section":
        return Section.objects.filter(chapter__report=report, pk=int(ident)).first()
    return None


@transaction.atomic
def do_translate_titles(
    actor: Any, report: Report, *, language: str, titles: dict[str, str]
) -> int:
    """Set the titles of the report, its chapters and sections in ``language``. ``titles``
    maps ``report``/``chapter-<id>``/``section-<id>`` to the translated title; an empty
    title removes the translation (the original title is then shown). Returns how many
    titles changed."""
    require_writer(actor)
    report = Report.objects.select_for_update().select_related("review").get(pk=report.pk)
    if not permissions.can_translate(actor, report) or not permissions.is_editable(report):
        raise PermissionDenied
    if language not in InterfaceLanguage.values or language == report.language:
        raise ValidationError({"language": _("Choose a language other than the original.")})
    changed = []
    for key, value in titles.items():
        target = _title_target(report, key)
        if target is None:
            raise ValidationError(_("This title is not part of the report."))
        title = (value or "").strip()
        if len(title) > TITLE_MAX:
            raise ValidationError(
                {key: _("The title is too long (at most %(max)d characters).") % {"max": TITLE_MAX}}
            )
        if title == (target.title_translations.get(language) or ""):
            continue
        if title:
            target.title_translations[language] = title
        else:
            target.title_translations.pop(language, None)
        target.save(update_fields=["title_translations"])
        changed.append(key)
    if changed:
        _reopen_if_published(report)
        audit.record(actor, "reports.translate_titles", report, language=language, titles=changed)
    return len(changed)


# Consultation comments -----------------------------------------------------------------------


@transaction.atomic
def do_set_consultation(actor: Any, report: Report, *, is_open: bool) -> Report:
    require_writer(actor)
    if not permissions.can_manage_report(actor, report):
        raise PermissionDenied
    report = _lock_report(report)
    if is_open and report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Comments open only while the report is a draft."))
    report.consultation_open = is_open
    report.save(update_fields=["consultation_open", "updated_at"])
    audit.record(actor, "reports.consultation", report, open=is_open)
    return report


@transaction.atomic
def do_comment_paragraph(
    actor: Any, paragraph: Paragraph, *, text: str, organization: Organization | None = None
) -> Comment:
    require_writer(actor)
    paragraph = _fresh(paragraph)
    report = paragraph.section.chapter.report
    if not permissions.can_comment(actor, report):
        raise PermissionDenied
    text = _clean_text(text, field="text", maximum=COMMENT_MAX, label=_("The comment"))
    if organization is not None and organization not in permissions.commenting_organizations(
        actor, report
    ):
        raise ValidationError(
            {"organization": _("You do not represent this organization for this review.")}
        )
    comment = Comment.objects.create(
        paragraph=paragraph, author=actor, organization=organization, text=text,
        paragraph_version=paragraph.version,
    )  # fmt: skip
    Paragraph.objects.filter(pk=paragraph.pk).update(comment_count=F("comment_count") + 1)
    audit.record(actor, "reports.comment", comment, paragraph=paragraph.pk)
    return comment


@transaction.atomic
def do_reply_comment(actor: Any, comment: Comment, *, status: str, reply: str) -> Comment:
    require_writer(actor)
    if not permissions.can_reply_comment(actor, comment.paragraph.section.chapter):
        raise PermissionDenied
    if status not in (CommentStatus.ADDRESSED, CommentStatus.PARTLY, CommentStatus.NOT_TAKEN_UP):
        raise ValidationError({"status": _("Choose how the comment was taken into account.")})
    reply = (reply or "").strip()
    if status != CommentStatus.ADDRESSED and not reply:
        raise ValidationError({"reply": _("Give a reason when a comment is not fully taken up.")})
    if len(reply) > COMMENT_MAX:
        raise ValidationError({"reply": _("The reply is too long.")})
    comment.status = status
    comment.reply = reply
    comment.replied_by = actor
    comment.replied_at = timezone.now()
    comment.save(update_fields=["status", "reply", "replied_by", "replied_at"])
    audit.record(actor, "reports.reply_comment", comment, status=status)
    return comment


# Evidence ------------------------------------------------------------------------------------


def paragraph_number(paragraph: Paragraph) -> str:
    section = paragraph.section
    return f"{section.chapter.order}.{section.order}"


@transaction.atomic
def do_add_evidence(actor: Any, paragraph: Paragraph, *, kind: str, object_id: Any) -> EvidenceLink:
    """Cite a public item. Hidden, private, sealed or unpublished items are refused."""
    require_writer(actor)
    paragraph = _fresh(paragraph)
    chapter = paragraph.section.chapter
    if not permissions.can_edit_chapter(actor, chapter):
        raise PermissionDenied
    registered = evidence.get_kind(kind)
    if registered is None:
        raise ValidationError({"kind": _("Choose a kind of evidence.")})
    from minga.core.ids import parse_id

    pk = (registered.parse or parse_id)(object_id)
    item = registered.find(pk) if pk is not None else None
    if item is None:
        raise ValidationError(
            {
                "object_id": _(
                    "No public item of this kind has this number (hidden, private or unpublished items cannot be cited)."
                )
            }
        )
    assert pk is not None
    if EvidenceLink.objects.filter(paragraph=paragraph, kind=kind, object_id=pk).exists():
        raise ValidationError({"object_id": _("This paragraph already cites this item.")})
    link = EvidenceLink.objects.create(
        paragraph=paragraph, kind=kind, object_id=pk, title=evidence.title_of(item),
        url=evidence.url_of(item), added_by=actor,
    )  # fmt: skip
    Paragraph.objects.filter(pk=paragraph.pk).update(evidence_count=F("evidence_count") + 1)
    audit.record(actor, "reports.add_evidence", paragraph, kind=kind, item=pk)
    if registered.event:
        events.publish(
            registered.event, actor=actor, target=item, recipients=registered.notify(item),
            section=paragraph_number(paragraph), report=chapter.report.title,
        )  # fmt: skip
    return link


@transaction.atomic
def do_remove_evidence(actor: Any, link: EvidenceLink) -> None:
    require_writer(actor)
    if not permissions.can_edit_chapter(actor, link.paragraph.section.chapter):
        raise PermissionDenied
    Paragraph.objects.filter(pk=link.paragraph_id).update(evidence_count=F("evidence_count") - 1)
    audit.record(
        actor, "reports.remove_evidence", link.paragraph, kind=link.kind, item=link.object_id
    )
    link.delete()


# Approval and publication --------------------------------------------------------------------


def committee_size(report: Report) -> int:
    return (
        RoleAssignment.objects.filter(role=Role.COMMITTEE_MEMBER, review=report.review)
        .values("user")
        .distinct()
        .count()
    )


def approval_reached(report: Report) -> bool:
    approvals = ApprovalDecision.objects.filter(
        report=report, round=report.review_round, decision=Decision.APPROVE
    ).count()
    members = committee_size(report)
    return members > 0 and approvals * 100 > report.majority_percent * members


@transaction.atomic
def do_submit_for_review(actor: Any, report: Report) -> Report:
    require_writer(actor)
    if not permissions.can_manage_report(actor, report):
        raise PermissionDenied
    report = _lock_report(report)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.PUBLISHED):
        raise ValidationError(_("The report is already under committee review or approved."))
    if not Paragraph.objects.filter(section__chapter__report=report).exists():
        raise ValidationError(_("Write at least one paragraph before submitting the report."))
    report.status = ReportStatus.COMMITTEE_REVIEW
    report.review_round += 1
    report.consultation_open = False
    report.save(update_fields=["status", "review_round", "consultation_open", "updated_at"])
    audit.record(actor, "reports.submit", report, round=report.review_round)
    return report


@transaction.atomic
def do_decide_report(
    actor: Any, report: Report, *, decision: str, note: str = ""
) -> ApprovalDecision:
    """A committee member approves or requests changes. At the configured majority the report
    is approved; a request for changes sends it back to drafting."""
    require_writer(actor)
    report = _lock_report(report)
    if not permissions.can_decide(actor, report):
        raise PermissionDenied
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose approve or request changes.")})
    note = (note or "").strip()[:NOTE_MAX]
    if decision == Decision.CHANGES and not note:
        raise ValidationError({"note": _("Say which changes you request.")})
    row, _created = ApprovalDecision.objects.update_or_create(
        report=report, round=report.review_round, member=actor,
        defaults={"decision": decision, "note": note},
    )  # fmt: skip
    audit.record(actor, "reports.decide", report, decision=decision, round=report.review_round)
    if decision == Decision.CHANGES:
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status", "updated_at"])
    elif approval_reached(report):
        report.status = ReportStatus.APPROVED
        report.save(update_fields=["status", "updated_at"])
        audit.record(None, "reports.approved", report, round=report.review_round)
    return row


@transaction.atomic
def do_cosign_report(actor: Any, report: Report) -> CoSignature:
    require_writer(actor)
    report = _lock_report(report)
    if not permissions.can_cosign(actor, report):
        raise PermissionDenied
    signature, _created = CoSignature.objects.get_or_create(
        report=report, round=report.review_round, delegate=actor
    )
    audit.record(actor, "reports.cosign", report, round=report.review_round)
    return signature


def _accredited_representatives(review: Any) -> list[Any]:
    User = get_user_model()
    organizations = Organization.objects.accredited_for(review)
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization__in=organizations,
            memberships__role=MembershipRole.REPRESENTATIVE,
            memberships__status=MembershipStatus.APPROVED,
        ).distinct()
    )


@transaction.atomic
def do_publish_report(actor: Any, report: Report, *, change_note: str = "") -> PublishedVersion:
    """Freeze the approved report as a new published version (every language), tell the
    accredited organizations' representatives and the review's followers, build the PDFs."""
    from . import snapshot, tasks

    require_writer(actor)
    report = _lock_report(report)
    if not permissions.can_publish(actor, report):
        raise PermissionDenied
    if (
        report.requires_cosign
        and not report.cosignatures.filter(round=report.review_round).exists()
    ):
        raise ValidationError(_("A UN delegate must co-sign the report before it is published."))
    number = (report.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    change_note = (change_note or "").strip()
    if number > 1 and not change_note:
        raise ValidationError(
            {"change_note": _("Explain publicly what this new version corrects.")}
        )
    if len(change_note) > NOTE_MAX:
        raise ValidationError({"change_note": _("The change note is too long.")})
    version = PublishedVersion.objects.create(
        report=report, number=number, change_note=change_note,
        snapshot=snapshot.build(report), published_by=actor,
    )  # fmt: skip
    report.status = ReportStatus.PUBLISHED
    report.consultation_open = False
    report.save(update_fields=["status", "consultation_open", "updated_at"])
    audit.record(actor, "reports.publish", report, version=number)
    builds = [
        PDFBuild.objects.create(version=version, language=language, requested_by=actor)
        for language in version.snapshot["languages"]
    ]
    events.publish(
        "report.published", actor=actor, target=version,
        recipients=_accredited_representatives(report.review), topics=[report.review],
        version=number,
    )  # fmt: skip
    ids = [b.pk for b in builds]
    transaction.on_commit(lambda: [tasks.build_pdf.enqueue(build_id=pk) for pk in ids])
    return version


@transaction.atomic
def do_request_pdf(actor: Any, version: PublishedVersion, *, language: str) -> PDFBuild:
    """(Re)build the PDF of a published version in one language; progress shows to the person."""
    from . import tasks

    require_writer(actor)
    if not permissions.is_writer(actor, version.report):
        raise PermissionDenied
    if language not in version.snapshot.get("languages", []):
        raise ValidationError({"language": _("This version has no such language.")})
    build, _created = PDFBuild.objects.update_or_create(
        version=version, language=language,
        defaults={"status": BuildStatus.QUEUED, "progress": 0, "requested_by": actor},
    )  # fmt: skip
    audit.record(actor, "reports.request_pdf", version, language=language)
    transaction.on_commit(lambda: tasks.build_pdf.enqueue(build_id=build.pk))
    return build


def do_build_pdf(actor: Any, build_id: int) -> PDFBuild | None:
    """Run by the ``build_pdf`` task (actor None: the system). Reports progress as it goes."""
    import time

    from django.core.files.base import ContentFile

    from . import pdf

    build = PDFBuild.objects.select_related("version__report").filter(pk=build_id).first()
    if build is None:
        return None
    started = time.monotonic()

    def progress(percent: int) -> None:
        PDFBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RUNNING, progress=percent)

    progress(5)
    try:
        content = pdf.render_pdf(build.version, build.language, progress=progress)
    except Exception:
        PDFBuild.objects.filter(pk=build.pk).update(status=BuildStatus.FAILED)
        raise
    name = f"report-{build.version.report_id}-v{build.version.number}-{build.language}.pdf"
    build.file.save(name, ContentFile(content), save=False)
    build.status = BuildStatus.DONE
    build.progress = 100
    build.seconds = round(time.monotonic() - started, 2)
    build.finished_at = timezone.now()
    build.save(update_fields=["file", "status", "progress", "seconds", "finished_at"])
    return build


# Evaluation survey ---------------------------------------------------------------------------


@transaction.atomic
def do_define_survey(
    actor: Any, review: Any, *, title: str, is_open: bool, include_in_report: bool
) -> Survey:
    require_writer(actor)
    if not permissions.is_committee_member(actor, review):
        raise PermissionDenied
    title = _clean_text(title, field="title", maximum=TITLE_MAX, label=_("The title"))
    survey, _created = Survey.objects.update_or_create(
        review=review,
        defaults={"title": title, "is_open": is_open, "include_in_report": include_in_report},
    )
    audit.record(actor, "reports.define_survey", survey, open=is_open)
    return survey


@transaction.atomic
def do_add_question(actor: Any, survey: Survey, *, kind: str, text: str) -> Question:
    require_writer(actor)
    if not permissions.is_committee_member(actor, survey.review):
        raise PermissionDenied
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    if Participation.objects.filter(survey=survey).exists():
        raise ValidationError(
            _("People have already answered: the questions can no longer change.")
        )
    text = _clean_text(text, field="text", maximum=300, label=_("The question"))
    order = (survey.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question.objects.create(survey=survey, order=order, kind=kind, text=text)
    audit.record(actor, "reports.add_question", survey, question=question.pk)
    return question


@transaction.atomic
def do_answer_survey(actor: Any, survey: Survey, answers: dict[int, Any]) -> None:
    """Answer once. The answers are stored without the person and in random order; only the
    fact that the person answered is kept (to answer once)."""
    require_writer(actor)
    if not survey.is_open:
        raise ValidationError(_("The evaluation is not open for answers."))
    if Participation.objects.filter(survey=survey, user=actor).exists():
        raise ValidationError(_("You have already answered this evaluation. Thank you!"))
    rows = []
    for question in survey.questions.all():
        value = answers.get(question.pk)
        if question.kind == QuestionKind.RATING:
            if value in (None, ""):
                continue
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                raise ValidationError({f"q{question.pk}": _("Choose a rating from 1 to 5.")})
            rows.append(SurveyAnswer(question=question, rating=rating))
        else:
            text = str(value or "").strip()
            if len(text) > COMMENT_MAX:
                raise ValidationError({f"q{question.pk}": _("This answer is too long.")})
            if text:
                rows.append(SurveyAnswer(question=question, text=text))
    if not rows:
        raise ValidationError(_("Answer at least one question."))
    random.shuffle(rows)
    Participation.objects.create(survey=survey, user=actor)
    SurveyAnswer.objects.bulk_create(rows)
    audit.record(actor, "reports.answer_survey", survey)

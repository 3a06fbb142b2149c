"""The one way views reach reports and their parts.

Published versions are public. The working draft (chapters, paragraphs, comments) is seen by
its writers (committee members, UN delegates, assigned rapporteurs) and, during the
consultation, by every signed-in participant; anyone else gets a 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import Chapter, ChapterAssignment, Comment, EvidenceLink, Paragraph, Report, Section


def access_report(user: Any, report_id: Any, *, for_write: bool = False) -> Report:
    report = Report.objects.select_related("review").filter(pk=id_or_404(report_id)).first()
    if report is None:
        raise Http404
    if for_write:
        if not permissions.is_writer(user, report):
            raise PermissionDenied
    elif not permissions.can_see_draft(user, report):
        raise Http404
    return report


def access_chapter(user: Any, chapter_id: Any, *, for_write: bool = False) -> Chapter:
    chapter = (
        Chapter.objects.select_related("report__review").filter(pk=id_or_404(chapter_id)).first()
    )
    if chapter is None or not permissions.can_see_draft(user, chapter.report):
        raise Http404
    if for_write and not permissions.can_edit_chapter(user, chapter):
        raise PermissionDenied
    return chapter


def access_section(user: Any, section_id: Any, *, for_write: bool = False) -> Section:
    section = (
        Section.objects.select_related("chapter__report__review")
        .filter(pk=id_or_404(section_id))
        .first()
    )
    if section is None or not permissions.can_see_draft(user, section.chapter.report):
        raise Http404
    if for_write and not permissions.can_edit_chapter(user, section.chapter):
        raise PermissionDenied
    return section


def access_paragraph(user: Any, paragraph_id: Any, *, for_write: bool = False) -> Paragraph:
    paragraph = (
        Paragraph.objects.select_related("section__chapter__report__review")
        .filter(pk=id_or_404(paragraph_id))
        .first()
    )
    if paragraph is None:
        raise Http404
    chapter = paragraph.section.chapter
    if not permissions.can_see_draft(user, chapter.report):
        raise Http404
    if for_write and not permissions.can_edit_chapter(user, chapter):
        raise PermissionDenied
    return paragraph


def access_comment(user: Any, comment_id: Any, *, for_write: bool = False) -> Comment:
    comment = (
        Comment.objects.select_related("paragraph__section__chapter__report__review", "author")
        .filter(pk=id_or_404(comment_id))
        .first()
    )
    if comment is None:
        raise Http404
    chapter = comment.paragraph.section.chapter
    if not permissions.can_see_draft(user, chapter.report):
        raise Http404
    if for_write and not permissions.can_reply_comment(user, chapter):
        raise PermissionDenied
    return comment


def access_evidence(user: Any, link_id: Any, *, for_write: bool = False) -> EvidenceLink:
    link = (
        EvidenceLink.objects.select_related("paragraph__section__chapter__report__review")
        .filter(pk=id_or_404(link_id))
        .first()
    )
    if link is None or not permissions.can_see_draft(user, link.paragraph.section.chapter.report):
        raise Http404
    if for_write and not permissions.can_edit_chapter(user, link.paragraph.section.chapter):
        raise PermissionDenied
    return link


def access_assignment(user: Any, assignment_id: Any) -> ChapterAssignment:
    assignment = (
        ChapterAssignment.objects.select_related("chapter__report__review", "user")
        .filter(pk=id_or_404(assignment_id))
        .first()
    )
    if assignment is None:
        raise Http404
    if not permissions.can_manage_report(user, assignment.chapter.report):
        raise PermissionDenied
    return assignment

"""What awaits a person in the committee workspace (``minga.committee.workspace``): report
chapters assigned to them, reports awaiting their approval decision, and readers' comments
awaiting their reply. Reports sit above the committee app, so they plug in from
``ReportsConfig.ready``. Each provider reads with one SQL query."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from minga.committee import workspace

from . import permissions
from .models import (
    ApprovalDecision,
    ChapterAssignment,
    Comment,
    CommentStatus,
    Report,
    ReportStatus,
)

LIMIT = 50


def _draft_url(report_id: int, anchor: str) -> str:
    return f"{reverse('reports:draft', args=[report_id])}#{anchor}"


def chapters_assigned(user: Any, review: Any) -> workspace.Section | None:
    assignments = list(
        ChapterAssignment.objects.filter(user=user, chapter__report__review=review)
        .exclude(chapter__report__status=ReportStatus.PUBLISHED)
        .select_related("chapter__report")
        .order_by("chapter__report_id", "chapter__order", "chapter_id")[:LIMIT]
    )
    if not assignments and not permissions.is_committee_member(user, review):
        return None
    items = [
        workspace.Item(
            title=f"{a.chapter.order}. {a.chapter.title}",
            url=_draft_url(a.chapter.report_id, f"chapter-{a.chapter_id}"),
            detail=f"{a.chapter.report.title} · {a.get_role_display()} · "
            f"{a.chapter.report.get_status_display()}",
        )
        for a in assignments
    ]
    return workspace.Section(
        "report_chapters", _("Report chapters assigned to you"), items,
        empty=_("No report chapter is assigned to you."),
    )  # fmt: skip


def reports_to_decide(user: Any, review: Any) -> workspace.Section | None:
    if not permissions.is_committee_member(user, review):
        return None
    decided = ApprovalDecision.objects.filter(
        report=OuterRef("pk"), round=OuterRef("review_round"), member=user
    )
    reports = Report.objects.filter(review=review, status=ReportStatus.COMMITTEE_REVIEW).exclude(
        Exists(decided)
    )[:LIMIT]
    items = [
        workspace.Item(
            title=r.title,
            url=_draft_url(r.pk, "workflow-title"),
            detail=_("Review round %(round)d") % {"round": r.review_round},
        )
        for r in reports
    ]
    return workspace.Section(
        "report_decisions", _("Reports awaiting your approval decision"), items,
        empty=_("No report is waiting for your decision."),
    )  # fmt: skip


def comments_to_answer(user: Any, review: Any) -> workspace.Section | None:
    """Open comments on paragraphs of the chapters the person writes (they reply to them)."""
    comments = list(
        Comment.objects.filter(
            status=CommentStatus.OPEN,
            paragraph__section__chapter__report__review=review,
            paragraph__section__chapter__assignments__user=user,
        )
        .exclude(paragraph__section__chapter__report__status=ReportStatus.PUBLISHED)
        .select_related("paragraph__section__chapter", "organization")
        .distinct()
        .order_by("created_at", "id")[:LIMIT]
    )
    if not comments and not permissions.is_committee_member(user, review):
        return None
    items = []
    for c in comments:
        section = c.paragraph.section
        url = reverse("reports:paragraph", args=[c.paragraph_id]) + f"#comment-{c.pk}"
        detail = f"§{section.chapter.order}.{section.order}"
        if c.organization_id:
            detail += f" · {c.organization}"
        items.append(workspace.Item(Truncator(c.text).chars(120), url, detail))
    return workspace.Section(
        "report_comments", _("Comments awaiting your reply"), items,
        empty=_("No comment on your chapters is waiting for a reply."),
    )  # fmt: skip


def register() -> None:
    workspace.register("report_chapters", chapters_assigned)
    workspace.register("report_decisions", reports_to_decide)
    workspace.register("report_comments", comments_to_answer)

"""Who may do what with reports, built on minga.accounts.permissions (the only role checks).

Committee membership is the per-review role ``Role.COMMITTEE_MEMBER`` (privileged, MFA) until
the Civil Society Committee app exists. Rapporteurs and editors are people assigned to a
chapter by a committee member (``ChapterAssignment``).
"""

from typing import Any

from minga.accounts.models import Role
from minga.accounts.permissions import has_role
from minga.stakeholders.models import Organization
from minga.stakeholders.queries import represented_accredited_organizations

from .models import Chapter, Report, ReportStatus


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_committee_member(user: Any, review: Any) -> bool:
    return has_role(user, Role.COMMITTEE_MEMBER, review=review)


def is_un_delegate(user: Any, review: Any = None) -> bool:
    return has_role(user, Role.UN_DELEGATE, review=review)


def can_manage_report(user: Any, report: Report) -> bool:
    """Create chapters and sections, assign rapporteurs, open consultation, submit for review,
    publish: committee members of the review."""
    return is_committee_member(user, report.review)


def can_create_report(user: Any, review: Any) -> bool:
    return is_committee_member(user, review)


def assigned_chapter_ids(user: Any, report: Report) -> set[int]:
    if not _signed_in(user):
        return set()
    cached = getattr(user, "_minga_report_chapters", None)
    if cached is None or cached[0] != report.pk:
        from .models import ChapterAssignment

        ids = set(
            ChapterAssignment.objects.filter(user=user, chapter__report=report).values_list(
                "chapter_id", flat=True
            )
        )
        cached = (report.pk, ids)
        user._minga_report_chapters = cached
    return set(cached[1])


def is_writer(user: Any, report: Report) -> bool:
    """Sees the working draft: committee members, UN delegates and assigned rapporteurs."""
    return (
        can_manage_report(user, report)
        or is_un_delegate(user, report.review)
        or bool(assigned_chapter_ids(user, report))
    )


def is_editable(report: Report) -> bool:
    """Text changes only while drafting (committee review and approval freeze the draft)."""
    return report.status in (ReportStatus.DRAFT, ReportStatus.PUBLISHED)


def can_edit_chapter(user: Any, chapter: Chapter) -> bool:
    """Assigned rapporteurs/editors and committee members edit a chapter's paragraphs."""
    report = chapter.report
    if not is_editable(report) or not _signed_in(user):
        return False
    return can_manage_report(user, report) or chapter.pk in assigned_chapter_ids(user, report)


def commenting_organizations(user: Any, report: Report) -> list[Organization]:
    """Accredited organizations the user represents (to comment on their behalf)."""
    if not _signed_in(user):
        return []
    return represented_accredited_organizations(user, report.review)


def can_comment(user: Any, report: Report) -> bool:
    """During the consultation: representatives of accredited organizations and registered
    participants (signed-in people with a verified account)."""
    return _signed_in(user) and report.consultation_open and report.status == ReportStatus.DRAFT


def can_see_draft(user: Any, report: Report) -> bool:
    """The working draft: writers always; everybody signed in during the consultation."""
    return is_writer(user, report) or can_comment(user, report)


def can_reply_comment(user: Any, chapter: Chapter) -> bool:
    return _signed_in(user) and (
        can_manage_report(user, chapter.report)
        or chapter.pk in assigned_chapter_ids(user, chapter.report)
    )


def can_translate(user: Any, report: Report) -> bool:
    return is_writer(user, report)


def can_decide(user: Any, report: Report) -> bool:
    return report.status == ReportStatus.COMMITTEE_REVIEW and is_committee_member(
        user, report.review
    )


def can_cosign(user: Any, report: Report) -> bool:
    return (
        report.status == ReportStatus.APPROVED
        and report.requires_cosign
        and is_un_delegate(user, report.review)
    )


def can_publish(user: Any, report: Report) -> bool:
    return report.status == ReportStatus.APPROVED and (
        can_manage_report(user, report) or is_un_delegate(user, report.review)
    )

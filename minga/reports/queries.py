"""Reads of reports, each in a bounded number of SQL queries whatever the report's size.
Public reads (used by views now and by the open-data API later): ``public_reports``,
``latest_version``, ``published_version``, ``versions_of``, ``survey_results``."""

from typing import Any

from django.db.models import Avg, Count, Prefetch, QuerySet

from minga.core.models import InterfaceLanguage

from .models import (
    BuildStatus,
    Chapter,
    Comment,
    EvidenceLink,
    Paragraph,
    ParagraphTranslation,
    PDFBuild,
    PublishedVersion,
    QuestionKind,
    Report,
    Section,
    Survey,
    SurveyAnswer,
)

# Aggregates over fewer answers than this are not shown (people could be recognised).
MIN_GROUP = 5


def report_languages(report: Report) -> list[str]:
    """The original language first, then the review's other interface languages."""
    wanted = [report.language] + [
        code for code in (report.review.languages or []) if code in InterfaceLanguage.values
    ]
    return list(dict.fromkeys(wanted))


def public_reports(review: Any) -> list[Report]:
    """Reports of a review with at least one published version, latest version attached."""
    if review is None:
        return []
    reports = list(
        Report.objects.filter(review=review, versions__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PublishedVersion.objects.only(
                    "id", "report_id", "number", "published_at", "change_note"
                ),
            )
        )
        .order_by("-created_at")
    )
    for report in reports:
        report.latest = max(report.versions.all(), key=lambda v: v.number)  # type: ignore[attr-defined]
    return reports


def working_reports(review: Any) -> QuerySet[Report]:
    return Report.objects.filter(review=review).order_by("-created_at")


def latest_version(report_id: int) -> PublishedVersion | None:
    return (
        PublishedVersion.objects.select_related("report__review")
        .filter(report_id=report_id)
        .order_by("-number")
        .first()
    )


def published_version(report_id: int, number: int) -> PublishedVersion | None:
    return (
        PublishedVersion.objects.select_related("report__review")
        .filter(report_id=report_id, number=number)
        .first()
    )


def versions_of(report_id: int) -> list[PublishedVersion]:
    return list(
        PublishedVersion.objects.filter(report_id=report_id)
        .only("id", "report_id", "number", "published_at", "change_note")
        .order_by("-number")
    )


def pdf_builds(version: PublishedVersion) -> dict[str, PDFBuild]:
    return {b.language: b for b in PDFBuild.objects.filter(version=version)}


def ready_pdfs(version: PublishedVersion) -> dict[str, PDFBuild]:
    return {k: b for k, b in pdf_builds(version).items() if b.status == BuildStatus.DONE}


def draft_structure(report: Report, *, with_comments: bool = False) -> list[Chapter]:
    """Chapters → sections → paragraphs with their evidence and translations (and comments):
    a fixed number of queries (one per level) whatever the size."""
    paragraphs = Paragraph.objects.select_related("updated_by").prefetch_related(
        Prefetch("evidence", queryset=EvidenceLink.objects.order_by("created_at", "id")),
        Prefetch("translations", queryset=ParagraphTranslation.objects.order_by("language")),
    )
    if with_comments:
        paragraphs = paragraphs.prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author", "organization", "replied_by"),
            )
        )
    return list(
        Chapter.objects.filter(report=report).prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.prefetch_related(
                    Prefetch("paragraphs", queryset=paragraphs)
                ),
            ),
            "assignments__user",
        )
    )


def paragraph_versions(paragraph: Paragraph) -> list[Any]:
    return list(paragraph.versions.select_related("author").order_by("-number"))


def survey_for(review: Any) -> Survey | None:
    if review is None:
        return None
    return Survey.objects.filter(review=review).prefetch_related("questions").first()


def survey_results(survey: Survey, language: str) -> dict[str, Any]:
    """Public aggregates: per rating question the number of answers, mean and distribution,
    suppressed below MIN_GROUP answers; open questions show only their number of answers.
    Two queries."""
    questions = list(survey.questions.all())
    stats: dict[int, Any] = {
        row["question_id"]: row
        for row in SurveyAnswer.objects.filter(question__survey=survey, rating__isnull=False)
        .values("question_id")
        .annotate(n=Count("id"), mean=Avg("rating"))
    }
    distribution: dict[Any, dict[Any, int]] = {}
    for row in (
        SurveyAnswer.objects.filter(question__survey=survey, rating__isnull=False)
        .values("question_id", "rating")
        .annotate(n=Count("id"))
    ):
        distribution.setdefault(row["question_id"], {})[row["rating"]] = row["n"]
    open_counts = dict(
        SurveyAnswer.objects.filter(question__survey=survey)
        .exclude(text="")
        .values_list("question_id")
        .annotate(n=Count("id"))
    )
    rows = []
    for q in questions:
        if q.kind == QuestionKind.RATING:
            n = stats.get(q.pk, {}).get("n", 0)
            suppressed = n < MIN_GROUP
            rows.append(
                {
                    "question": q.text_in(language),
                    "kind": q.kind,
                    "n": n,
                    "suppressed": suppressed,
                    "mean": None if suppressed else round(stats[q.pk]["mean"], 1),
                    "distribution": []
                    if suppressed
                    else [(r, distribution.get(q.pk, {}).get(r, 0)) for r in range(1, 6)],
                }
            )
        else:
            rows.append(
                {"question": q.text_in(language), "kind": q.kind, "n": open_counts.get(q.pk, 0),
                 "suppressed": open_counts.get(q.pk, 0) < MIN_GROUP}
            )  # fmt: skip
    return {"title": survey.title, "participants": survey.participations.count(), "rows": rows,
            "min_group": MIN_GROUP}  # fmt: skip


def open_answers(survey: Survey) -> list[Any]:
    """Committee only: the open answers, without any person or time."""
    return list(
        SurveyAnswer.objects.filter(question__survey=survey)
        .exclude(text="")
        .select_related("question")
        .order_by("question__order", "text")
    )


def citations_of(kind: str, object_id: int) -> list[EvidenceLink]:
    return list(
        EvidenceLink.objects.filter(kind=kind, object_id=object_id).select_related(
            "paragraph__section__chapter__report"
        )
    )

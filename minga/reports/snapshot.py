"""The frozen content of a published version, and how it reads in one language.

A snapshot is plain JSON: titles and paragraphs in the original language and in each
translation (rendered to sanitised HTML once, at publication), translation state, evidence,
comment counts, the evaluation results when the survey is included. Public pages and PDFs
read only the snapshot: a published version never changes, and it renders in one query.
"""

from typing import Any

from django.utils import timezone

from minga.core.markdown import render_markdown

from . import evidence, queries
from .models import Report


def _titles(obj: Any, languages: list[str], original: str) -> dict[str, str]:
    titles = {original: obj.title}
    for language in languages:
        if language != original and obj.title_translations.get(language):
            titles[language] = obj.title_translations[language]
    return titles


def build(report: Report) -> dict[str, Any]:
    languages = queries.report_languages(report)
    original = report.language
    chapters = []
    for chapter in queries.draft_structure(report):
        sections = []
        for section in chapter.sections.all():
            paragraphs = []
            for position, paragraph in enumerate(section.paragraphs.all(), start=1):
                translations = {
                    t.language: {
                        "html": str(render_markdown(t.text)),
                        "outdated": t.source_version < paragraph.version,
                    }
                    for t in paragraph.translations.all()
                    if t.language in languages
                }
                paragraphs.append(
                    {
                        "id": paragraph.pk,
                        "n": f"{chapter.order}.{section.order}.{position}",
                        "version": paragraph.version,
                        "html": str(render_markdown(paragraph.text)),
                        "translations": translations,
                        "comments": paragraph.comment_count,
                        "evidence": [
                            {"kind": e.kind, "id": e.object_id, "title": e.title, "url": e.url}
                            for e in paragraph.evidence.all()
                        ],
                    }
                )
            sections.append(
                {
                    "n": f"{chapter.order}.{section.order}",
                    "titles": _titles(section, languages, original),
                    "paragraphs": paragraphs,
                }
            )
        chapters.append(
            {
                "n": str(chapter.order),
                "titles": _titles(chapter, languages, original),
                "sections": sections,
            }
        )
    survey = queries.survey_for(report.review)
    results = {}
    if survey is not None and survey.include_in_report:
        results = {language: queries.survey_results(survey, language) for language in languages}
    return {
        "titles": _titles(report, languages, original),
        "language": original,
        "languages": languages,
        "review": report.review.title,
        "published_on": timezone.localdate().isoformat(),
        "cosigned": list(
            report.cosignatures.filter(round=report.review_round).values_list(
                "delegate__display_name", flat=True
            )
        ),
        "chapters": chapters,
        "survey": results,
    }


def read(snapshot: dict[str, Any], language: str) -> dict[str, Any]:
    """The snapshot as it reads in ``language``: each paragraph's HTML, with a notice when the
    translation is missing or outdated (then the original is shown)."""
    original = snapshot["language"]
    if language not in snapshot["languages"]:
        language = original
    labels = {k.key: str(k.label) for k in evidence.kinds()}
    annex: list[dict[str, Any]] = []
    chapters = []
    missing = 0
    for chapter in snapshot["chapters"]:
        sections = []
        for section in chapter["sections"]:
            paragraphs = []
            for p in section["paragraphs"]:
                notice = ""
                html = p["html"]
                if language != original:
                    translated = p["translations"].get(language)
                    if translated is None:
                        notice = "missing"
                    elif translated["outdated"]:
                        notice = "outdated"
                    else:
                        html = translated["html"]
                    if notice:
                        missing += 1
                cites = []
                for e in p["evidence"]:
                    annex.append(
                        {**e, "label": labels.get(e["kind"], e["kind"]), "paragraph": p["n"]}
                    )
                    cites.append(
                        {**e, "label": labels.get(e["kind"], e["kind"]), "ref": len(annex)}
                    )
                paragraphs.append({**p, "html": html, "notice": notice, "cites": cites})
            sections.append(
                {"n": section["n"], "title": section["titles"].get(language) or section["titles"][original],
                 "paragraphs": paragraphs}
            )  # fmt: skip
        chapters.append(
            {"n": chapter["n"], "title": chapter["titles"].get(language) or chapter["titles"][original],
             "sections": sections}
        )  # fmt: skip
    return {
        "title": snapshot["titles"].get(language) or snapshot["titles"][original],
        "language": language,
        "original_language": original,
        "languages": snapshot["languages"],
        "review": snapshot["review"],
        "published_on": snapshot.get("published_on", ""),
        "cosigned": snapshot.get("cosigned", []),
        "chapters": chapters,
        "annex": annex,
        "untranslated": missing,
        "survey": snapshot.get("survey", {}).get(language),
    }

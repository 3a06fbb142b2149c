"""Open data of the review report and the follow-up of its recommendations (issue 7).

Registered with opendata's own patterns (see the docstrings of api.py, exports.py and
scorecard.py), in this module only:

- API v1 resources ``reports`` (published versions only) and ``recommendations``;
- exports ``recommendations`` and ``recommendation_addressees`` (CSV, NDJSON, Table Schema);
- the scorecard measure ``recommendations`` (objective × State addressed).

Privacy decisions, tested in tests/test_reporting.py:
- Reports: published versions of reports of published reviews only — never a draft, a version
  under review, comments or their authors, evidence added by whom, survey answers or the
  people who co-signed or published. The structure (chapters, sections, paragraph anchors),
  the change note and the links to the HTML page and the ready PDFs per language.
- Recommendations: of published reviews; the text, addressees (States and institutions),
  objectives, due date, responses, progress updates and civil-society verifications. The
  verifying party is the organization only; never who signed a response, posted an update or
  wrote a verification (no person at all).
"""

from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from minga.followup.models import (
    Addressee,
    Progress,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseStatus,
    Verification,
)
from minga.reports.models import BuildStatus, PDFBuild, PublishedVersion

from . import api, exports, scorecard
from .api import (
    COUNTRY_SCHEMA,
    DATETIME,
    INT,
    INT_LIST,
    ISO2_LIST,
    NULLABLE_STR,
    OBJECTIVE_SCHEMA,
    ORG_REF,
    SINCE_SCHEMA,
    STR,
    Filter,
    Resource,
    _gcm,
    _iso,
    _links_prefetch,
    _org_ref,
    date_filters,
    objective_filter,
    parse_country,
    parse_objective,
    parse_since,
)
from .exports import DATE, INTEGER, STRING, Column, Export, gcm_columns, id_column, timestamps

# --- API: reports -------------------------------------------------------------------------


def reports_qs() -> QuerySet[PublishedVersion]:
    """Published versions (the list pages by publication time, like ``created_at``)."""
    ready = PDFBuild.objects.filter(status=BuildStatus.DONE).exclude(file="").order_by("id")
    return (
        PublishedVersion.objects.filter(report__review__is_published=True)
        .select_related("report__review")
        .annotate(created_at=F("published_at"))
        .prefetch_related(Prefetch("pdfs", queryset=ready, to_attr="ready_pdfs"))
    )


def _version_url(version: PublishedVersion, language: str) -> str:
    with translation.override(language):
        return reverse("reports:version", args=[version.report_id, version.number])


def _pdf_url(version: PublishedVersion, language: str) -> str:
    with translation.override(language):
        return reverse("reports:pdf", args=[version.report_id, version.number, language])


def serialize_report(version: Any) -> dict[str, Any]:
    snapshot = version.snapshot or {}
    languages = [str(code) for code in snapshot.get("languages") or []]
    pdfs = {build.language for build in version.ready_pdfs}
    chapters = [
        {
            "n": str(chapter.get("n", "")),
            "titles": chapter.get("titles") or {},
            "anchor": f"ch-{chapter.get('n', '')}",
            "sections": [
                {
                    "n": str(section.get("n", "")),
                    "titles": section.get("titles") or {},
                    "anchor": f"s-{section.get('n', '')}",
                    "paragraphs": [
                        {"n": str(p.get("n", "")), "anchor": f"p-{p.get('n', '')}"}
                        for p in section.get("paragraphs") or []
                    ],
                }
                for section in chapter.get("sections") or []
            ],
        }
        for chapter in snapshot.get("chapters") or []
    ]
    report = version.report
    return {
        "id": version.pk,
        "url": reverse("api:detail", args=["reports", version.pk]),
        "html_url": version.get_absolute_url(),
        "report": report.pk,
        "review": {"id": report.review_id, "title": report.review.title},
        "version": version.number,
        "titles": snapshot.get("titles") or {},
        "language": str(snapshot.get("language") or report.language),
        "languages": languages,
        "published_at": _iso(version.published_at),
        "change_note": version.change_note,
        "chapters": chapters,
        "formats": [
            {
                "language": code,
                "html_url": _version_url(version, code),
                "pdf_url": _pdf_url(version, code) if code in pdfs else None,
            }
            for code in languages
        ],
    }


TITLES = {"type": "object", "additionalProperties": {"type": "string"}}
PARAGRAPH_REF = {
    "type": "object",
    "properties": {"n": STR, "anchor": STR},
    "required": ["n", "anchor"],
}
SECTION_REF = {
    "type": "object",
    "properties": {
        "n": STR,
        "titles": TITLES,
        "anchor": STR,
        "paragraphs": {"type": "array", "items": PARAGRAPH_REF},
    },
    "required": ["n", "titles", "anchor", "paragraphs"],
}
REPORT_FIELDS: dict[str, dict[str, Any]] = {
    "id": {**INT, "description": "Id of the published version"},
    "url": {"type": "string", "description": "API link to this item"},
    "html_url": {"type": "string", "description": "Web page of this version"},
    "report": {**INT, "description": "Id of the report (its versions share it)"},
    "review": {
        "type": "object",
        "properties": {"id": INT, "title": STR},
        "required": ["id", "title"],
    },
    "version": INT,
    "titles": {**TITLES, "description": "Title per language"},
    "language": {**STR, "description": "Language the report was written in"},
    "languages": ISO2_LIST,
    "published_at": DATETIME,
    "change_note": STR,
    "chapters": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "n": STR,
                "titles": TITLES,
                "anchor": STR,
                "sections": {"type": "array", "items": SECTION_REF},
            },
            "required": ["n", "titles", "anchor", "sections"],
        },
        "description": "Chapters, sections and the anchors of their paragraphs on the web page",
    },
    "formats": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"language": STR, "html_url": STR, "pdf_url": NULLABLE_STR},
            "required": ["language", "html_url", "pdf_url"],
        },
        "description": "The web page and, once built, the PDF in each language",
    },
}


def _published(op: str) -> Any:
    return lambda qs, moment: qs.filter(**{f"published_at__{op}": moment})


REPORTS = Resource(
    "reports",
    _("Review reports"),
    _(
        "Published versions of the review reports, with their structure and links to the web "
        "page and PDF in each language. Drafts and versions under review are left out."
    ),
    reports_qs,
    serialize_report,
    REPORT_FIELDS,
    [
        Filter(
            "objective",
            _("Only reports with recommendations linked to this GCM objective (1–23)."),
            OBJECTIVE_SCHEMA,
            parse_objective,
            lambda qs, number: qs.filter(
                report__in=Recommendation.objects.by_objective(number).values("report_id")
            ),
            "4",
        ),
        Filter(
            "country",
            _("Only reports with recommendations addressed to this State (ISO 3166 code)."),
            COUNTRY_SCHEMA,
            parse_country,
            lambda qs, iso2: qs.filter(
                report__in=Addressee.objects.filter(country__code=iso2).values(
                    "recommendation__report_id"
                )
            ),
            "MX",
        ),
        Filter(
            "created_since",
            _("Only versions published at or after this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            _published("gte"),
            "2026-01-01",
        ),
        Filter(
            "updated_since",
            _(
                "Only versions published at or after this date (ISO 8601): a published "
                "version never changes; corrections are new versions."
            ),
            SINCE_SCHEMA,
            parse_since,
            _published("gte"),
            "2026-01-01",
        ),
        Filter(
            "published_before",
            _("Only versions published before this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            _published("lt"),
            "2027-01-01",
        ),
    ],
)


# --- API: recommendations ---------------------------------------------------------------------


def recommendations_qs() -> QuerySet[Recommendation]:
    verifications = Verification.objects.select_related("organization").order_by("id")
    updates = ProgressUpdate.objects.order_by("id").prefetch_related(
        Prefetch("verifications", queryset=verifications)
    )
    addressees = (
        Addressee.objects.select_related("country", "institution")
        .order_by("id")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.order_by("id")),
            Prefetch("updates", queryset=updates),
        )
    )
    return (
        Recommendation.objects.filter(review__is_published=True)
        .select_related("review")
        .prefetch_related(_links_prefetch(), Prefetch("addressees", queryset=addressees))
    )


def _addressee(addressee: Addressee) -> dict[str, Any]:
    return {
        "kind": "state" if addressee.country_id else "institution",
        "state": addressee.country.iso2 if addressee.country is not None else None,
        "institution": _org_ref(addressee.institution),
        "response_status": addressee.response_status,
        "progress": addressee.progress,
        "responses": [
            {"status": r.status, "explanation": r.explanation, "created_at": _iso(r.created_at)}
            for r in addressee.responses.all()
        ],
        "progress_updates": [
            {
                "progress": u.progress,
                "text": u.text,
                "evidence_url": u.evidence_url,
                "created_at": _iso(u.created_at),
                "verifications": [
                    {
                        "organization": _org_ref(v.organization),
                        "verdict": v.verdict,
                        "evidence": v.evidence,
                        "created_at": _iso(v.created_at),
                    }
                    for v in u.verifications.all()
                ],
            }
            for u in addressee.updates.all()
        ],
    }


def serialize_recommendation(rec: Recommendation) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "url": reverse("api:detail", args=["recommendations", rec.pk]),
        "html_url": rec.get_absolute_url(),
        "created_at": _iso(rec.created_at),
        "updated_at": _iso(rec.updated_at),
        **_gcm(rec),
        "review": {"id": rec.review_id, "title": rec.review.title},
        "text": rec.text,
        "language": rec.language,
        "paragraph_number": rec.paragraph_number,
        "due_on": _iso(rec.due_on),
        "addressees": [_addressee(a) for a in rec.addressees.all()],
    }


def _addressed_state(qs: Any, iso2: str) -> Any:
    ids = Addressee.objects.filter(country__code=iso2).values("recommendation_id")
    return qs.filter(pk__in=ids)


def _due(op: str) -> Any:
    return lambda qs, moment: qs.filter(**{f"due_on__{op}": moment.date()})


VERIFICATION = {
    "type": "object",
    "properties": {
        "organization": ORG_REF,
        "verdict": {"type": "string", "enum": ["confirmed", "partly", "not_confirmed"]},
        "evidence": STR,
        "created_at": DATETIME,
    },
    "required": ["organization", "verdict", "evidence", "created_at"],
}
ADDRESSEE = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": ["state", "institution"]},
        "state": {**NULLABLE_STR, "description": "ISO 3166 code of the State addressed"},
        "institution": ORG_REF,
        "response_status": {"type": "string", "enum": list(ResponseStatus.values)},
        "progress": {"type": "string", "enum": list(Progress.values)},
        "responses": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"status": STR, "explanation": STR, "created_at": DATETIME},
                "required": ["status", "explanation", "created_at"],
            },
        },
        "progress_updates": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "progress": STR,
                    "text": STR,
                    "evidence_url": STR,
                    "created_at": DATETIME,
                    "verifications": {"type": "array", "items": VERIFICATION},
                },
                "required": ["progress", "text", "evidence_url", "created_at", "verifications"],
            },
        },
    },
    "required": [
        "kind", "state", "institution", "response_status", "progress", "responses",
        "progress_updates",
    ],
}  # fmt: skip
RECOMMENDATION_FIELDS: dict[str, dict[str, Any]] = {
    "id": INT,
    "url": {"type": "string", "description": "API link to this item"},
    "html_url": {"type": "string", "description": "Web page of this item"},
    "created_at": DATETIME,
    "updated_at": DATETIME,
    "objectives": INT_LIST,
    "countries": ISO2_LIST,
    "review": {
        "type": "object",
        "properties": {"id": INT, "title": STR},
        "required": ["id", "title"],
    },
    "text": STR,
    "language": STR,
    "paragraph_number": {**STR, "description": "Report paragraph it was drawn from (e.g. 3.2)"},
    "due_on": {"type": "string", "format": "date"},
    "addressees": {"type": "array", "items": ADDRESSEE},
}

RECOMMENDATIONS = Resource(
    "recommendations",
    _("Recommendations"),
    _(
        "Recommendations of the review with their addressees (States and institutions), "
        "responses, progress updates and civil-society verifications by organizations."
    ),
    recommendations_qs,
    serialize_recommendation,
    RECOMMENDATION_FIELDS,
    [
        objective_filter(),
        Filter(
            "country",
            _("Only recommendations addressed to this State (ISO 3166 two-letter code)."),
            COUNTRY_SCHEMA,
            parse_country,
            _addressed_state,
            "MX",
        ),
        *date_filters(),
        Filter(
            "due_since",
            _("Only recommendations due on or after this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            _due("gte"),
            "2026-01-01",
        ),
        Filter(
            "due_before",
            _("Only recommendations due before this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            _due("lt"),
            "2028-01-01",
        ),
    ],
)

api.RESOURCES[REPORTS.name] = REPORTS
api.RESOURCES[RECOMMENDATIONS.name] = RECOMMENDATIONS


# --- Exports ------------------------------------------------------------------------------------


def _published_recommendations() -> Any:
    return Recommendation.objects.filter(review__is_published=True)


exports.register(
    Export(
        name="recommendations",
        title=_("Recommendations"),
        description=_(
            "Recommendations of the review: text, due date, GCM objectives and the States "
            "addressed (the addressees' responses and progress are in recommendation_addressees)."
        ),
        queryset=_published_recommendations,
        columns=[
            id_column(),
            Column("text", STRING, required=True),
            Column("language", STRING),
            Column("paragraph_number", STRING, _("Report paragraph it was drawn from.")),
            Column("due_on", DATE, _("Due date."), required=True),
            *gcm_columns(Recommendation),
            *timestamps(),
        ],
    )
)
exports.register(
    Export(
        name="recommendation_addressees",
        title=_("Addressees of recommendations"),
        description=_(
            "One row per recommendation and addressee (a State or an institution), with its "
            "latest response and progress."
        ),
        queryset=lambda: Addressee.objects.filter(recommendation__review__is_published=True),
        columns=[
            id_column(),
            Column("recommendation", INTEGER, _("Id of the recommendation."), required=True,
                   path="recommendation_id"),
            Column("state", STRING, _("ISO 3166 code of the State addressed."),
                   path="country__code"),
            Column("institution", INTEGER, _("Id of the institution addressed (organization)."),
                   path="institution_id"),
            Column("response_status", STRING, required=True),
            Column("progress", STRING, required=True),
        ],
    )
)  # fmt: skip


# --- Scorecard ----------------------------------------------------------------------------------
# A recommendation counts in the cell of each objective it is linked to and each State it is
# addressed to; the cell page shows that State's progress on it.


def _cell_addressees(number: int, iso2: str) -> QuerySet[Addressee]:
    linked = _published_recommendations().by_objective(number).values("pk")
    return (
        Addressee.objects.filter(recommendation__in=linked, country__code=iso2.upper())
        .select_related("recommendation")
        .order_by("recommendation__due_on", "recommendation_id")
    )


def _recommendation_items(number: int, iso2: str, limit: int) -> list[scorecard.CellItem]:
    return [
        scorecard.CellItem(
            a.recommendation.title,
            a.recommendation.get_absolute_url(),
            f"{a.get_response_status_display()} · {a.get_progress_display()}",
        )
        for a in _cell_addressees(number, iso2)[:limit]
    ]


scorecard.register(
    scorecard.Measure(
        key="recommendations",
        label=_("Recommendations"),
        counts=lambda: scorecard.grouped(_published_recommendations(), "addressees__country_id"),
        list_url=lambda number, iso2: (
            f"{reverse('followup:list')}?{urlencode({'objective': number, 'addressee': iso2})}"
        ),
        items=_recommendation_items,
    )
)

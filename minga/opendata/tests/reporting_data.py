"""Reports and recommendations for the open-data tests (made directly, without the apps'
workflows, so that the generic API/export tests stay fast)."""

import datetime
from typing import Any

from django.utils import timezone

from minga.followup.models import Addressee, ProgressUpdate, Recommendation, Response, Verification
from minga.gcm.models import Country, GCMLink, Objective
from minga.reports.models import Chapter, Paragraph, PublishedVersion, Report, ReportStatus, Section
from minga.testing import factories as f

SNAPSHOT = {
    "titles": {"es": "Informe", "en": "Report"},
    "language": "es",
    "languages": ["es", "en"],
    "review": "Revisión",
    "published_on": "2026-11-01",
    "cosigned": ["Delegate Secret Name"],
    "chapters": [
        {
            "n": "1",
            "titles": {"es": "Capítulo", "en": "Chapter"},
            "sections": [
                {
                    "n": "1.1",
                    "titles": {"es": "Sección", "en": "Section"},
                    "paragraphs": [
                        {"id": 1, "n": "1.1.1", "version": 1, "html": "<p>Texto</p>",
                         "translations": {}, "comments": 2, "evidence": []},
                    ],
                }
            ],
        }
    ],
    "survey": {},
}  # fmt: skip


def make_version(review: Any, n: int = 0) -> PublishedVersion:
    report = Report.objects.create(
        review=review, title=f"Informe {n}", status=ReportStatus.PUBLISHED, language="es"
    )
    return PublishedVersion.objects.create(report=report, number=1, snapshot=SNAPSHOT)


def make_recommendation(review: Any, org: Any, n: int = 0, report: Any = None) -> Recommendation:
    author = f.make_user(display_name="Verifier Secret Person")
    rec = Recommendation.objects.create(
        review=review, report=report, text=f"Recomendación {n}", language="es",
        due_on=timezone.localdate() + datetime.timedelta(days=30), paragraph_number="1.1",
    )  # fmt: skip
    GCMLink.objects.create(item=rec, objective=Objective.objects.get(number=4))
    mexico = Country.objects.get(code="MX")
    GCMLink.objects.create(item=rec, country=mexico)
    state = Addressee.objects.create(
        recommendation=rec, country=mexico, response_status="accepted", progress="in_progress"
    )
    Addressee.objects.create(recommendation=rec, institution=org)
    Response.objects.create(addressee=state, status="accepted", explanation="Sí.", author=author)
    update = ProgressUpdate.objects.create(
        addressee=state, progress="in_progress", text="Avances.", author=author
    )
    Verification.objects.create(
        update=update, organization=org, author=author, verdict="partly", evidence="Parcial."
    )
    return rec


def add_reporting(data: dict[str, Any]) -> None:
    """A published report version, a draft report and a recommendation with its follow-up."""
    review = f.make_review("lac-reports", title="Revisión con informe")
    version = make_version(review)
    draft = Report.objects.create(review=review, title="Borrador secreto del informe")
    chapter = Chapter.objects.create(report=draft, title="Capítulo secreto")
    section = Section.objects.create(chapter=chapter, title="Sección secreta")
    Paragraph.objects.create(section=section, text="Párrafo secreto")
    data["report_version"] = version
    data["recommendation"] = make_recommendation(review, data["org"], report=version.report)

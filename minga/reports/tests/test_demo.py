import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from minga.hearings.models import Session
from minga.reports.models import (
    BuildStatus,
    Comment,
    CommentStatus,
    EvidenceLink,
    PDFBuild,
    PublishedVersion,
    Report,
)


@pytest.mark.django_db
def test_demo_report_drafted_commented_approved_published(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent
    report = Report.objects.get()
    version = PublishedVersion.objects.get(report=report)
    # A rapporteur drafted a section citing two proposals, a session summary and a contribution.
    cited = EvidenceLink.objects.filter(paragraph__section__chapter__report=report)
    assert sorted(cited.values_list("kind", flat=True)) == [
        "contribution", "proposal", "proposal", "session_summary",
    ]  # fmt: skip
    summary_link: Any = cited.get(kind="session_summary")
    assert Session.objects.public().get(pk=summary_link.object_id).summary_published_at
    assert client.get(f"/es/reports/{report.pk}/").text.count(summary_link.url) >= 1
    assert {e.added_by.email.split("@")[0] for e in cited if e.added_by} == {"lucia"}
    # A CSO commented and the rapporteur marked it addressed.
    comment: Any = Comment.objects.get()
    assert comment.author.email.startswith("carla@") and comment.status == CommentStatus.ADDRESSED
    # Approved by the committee, published in Spanish and English, HTML and PDF.
    assert set(report.decisions.values_list("decision", flat=True)) == {"approve"}
    spanish = client.get(f"/es/reports/{report.pk}/")
    english = client.get(f"/en/reports/{report.pk}/")
    assert spanish.status_code == english.status_code == 200
    assert (
        "Civil-society report" in english.text and "one-stop regularisation offices" in english.text
    )
    builds = {b.language: b for b in PDFBuild.objects.filter(version=version)}
    assert builds["es"].status == builds["en"].status == BuildStatus.DONE
    text = PdfReader(io.BytesIO(builds["en"].file.read())).pages[0].extract_text()
    assert "Civil-society report" in text
    # The accredited organizations received the e-mail; the cited proposal's author was notified.
    published_to = {
        address
        for m in mail.outbox
        if "Report published" in m.subject or "Informe publicado" in m.subject
        for address in m.to
    }
    assert any(address.startswith("carla@") for address in published_to)
    link: Any = cited.filter(kind="proposal").first()
    from minga.proposals.models import Proposal

    proposal: Any = Proposal.objects.get(pk=link.object_id)
    assert proposal.author.notifications.filter(event="proposal.cited").exists()

import io
from typing import Any

import feedparser
from django.core.files.storage import default_storage  # noqa: F401
from pypdf import PdfReader

from minga.reports import actions, pdf
from minga.reports.models import Decision, Paragraph, PDFBuild
from minga.testing import factories as f


def _publish(report, committee_member, django_capture_on_commit_callbacks):
    actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    actions.do_decide_report(committee_member, report, decision=Decision.APPROVE)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        return actions.do_publish_report(committee_member, report)


def test_editing_without_javascript_and_conflict_shows_both(
    client, paragraph, rapporteur, committee_member
):
    client.force_login(rapporteur)
    page = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
    assert page.status_code == 200 and 'name="base_version" value="1"' in page.text
    response = client.post(
        f"/en/reports/paragraphs/{paragraph.pk}/edit/",
        {"text": "Versión de Rita.", "base_version": "1"},
    )
    assert response.status_code == 302
    # The committee member loaded version 1 too and saves after Rita: refused, both shown.
    client.force_login(committee_member)
    response = client.post(
        f"/en/reports/paragraphs/{paragraph.pk}/edit/",
        {"text": "Versión del comité.", "base_version": "1"},
    )
    assert response.status_code == 409
    assert "Versión de Rita." in response.text and "Versión del comité." in response.text
    assert 'name="base_version" value="2"' in response.text
    paragraph.refresh_from_db()
    assert paragraph.text == "Versión de Rita."
    history = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
    assert "<ins>" in history.text and "<del>" in history.text


def test_who_reaches_the_draft(client, paragraph, outsider, rapporteur, report, committee_member):
    client.force_login(outsider)
    assert client.get(f"/en/reports/{report.pk}/draft/").status_code == 404
    assert client.get(f"/en/reports/paragraphs/{paragraph.pk}/").status_code == 404
    assert client.get(f"/en/reports/{report.pk}/").status_code == 404
    assert client.get("/en/reports/paragraphs/99999999999999999999/").status_code == 404
    other = f.make_user("other@example.org")
    client.force_login(other)
    assert client.get(f"/en/reports/{report.pk}/draft/").status_code == 404
    actions.do_set_consultation(committee_member, report, is_open=True)
    assert client.get(f"/en/reports/{report.pk}/draft/").status_code == 200
    response = client.post(
        f"/en/reports/paragraphs/{paragraph.pk}/edit/", {"text": "x", "base_version": "1"}
    )
    assert response.status_code == 403
    client.force_login(rapporteur)
    page = client.get(f"/en/reports/{report.pk}/draft/")
    assert page.status_code == 200 and "1 comment" not in page.text and "0 comments" in page.text


def test_comment_and_reply_through_pages(
    client, paragraph, report, committee_member, rapporteur, accredited_rep, organization
):
    actions.do_set_consultation(committee_member, report, is_open=True)
    client.force_login(accredited_rep)
    response = client.post(
        f"/en/reports/paragraphs/{paragraph.pk}/comment/",
        {"text": "", "organization": str(organization.pk)},
    )
    assert response.status_code == 400
    response = client.post(
        f"/en/reports/paragraphs/{paragraph.pk}/comment/",
        {"text": "Falta la niñez.", "organization": str(organization.pk)},
    )
    assert response.status_code == 302
    comment = paragraph.comments.get()
    assert comment.organization == organization
    client.force_login(rapporteur)
    response = client.post(
        f"/en/reports/comments/{comment.pk}/reply/", {"status": "partly", "reply": ""}
    )
    assert response.status_code == 400 and "Give a reason" in response.text
    response = client.post(
        f"/en/reports/comments/{comment.pk}/reply/", {"status": "addressed", "reply": "Hecho."}
    )
    assert response.status_code == 302
    draft = client.get(f"/en/reports/{report.pk}/draft/")
    assert "1 comment" in draft.text


def test_published_html_is_public_with_toc_anchors_and_versions(
    client,
    paragraph,
    report,
    committee_member,
    rapporteur,
    migrant,
    django_capture_on_commit_callbacks,
):
    from .conftest import make_proposal

    proposal = make_proposal(migrant)
    actions.do_add_evidence(rapporteur, paragraph, kind="proposal", object_id=proposal.pk)
    version = _publish(report, committee_member, django_capture_on_commit_callbacks)
    listing = client.get("/es/reports/")
    assert listing.status_code == 200 and "Informe regional" in listing.text
    page = client.get(f"/es/reports/{report.pk}/")
    assert page.status_code == 200
    assert 'id="toc-title"' in page.text and 'id="p-1.1.1"' in page.text
    assert 'id="annex-evidence"' in page.text and proposal.title in page.text
    english = client.get(f"/en/reports/{report.pk}/")
    assert "Not yet translated: original text." in english.text
    assert client.get(f"/en/reports/{report.pk}/v/1/").status_code == 200
    assert client.get(f"/en/reports/{report.pk}/v/2/").status_code == 404
    assert client.get(f"/en/reports/{report.pk}/v/1/pdf/es/")["Content-Type"] == "application/pdf"
    status = client.get(f"/en/reports/{report.pk}/v/1/pdf/")
    assert status.status_code == 200 and "Download" in status.text
    feed = feedparser.parse(client.get("/feeds/reports/?lang=en").content)
    assert feed.entries and feed.entries[0].title.startswith("Report published: Informe regional")
    assert feed.entries[0].link.endswith(f"/en/reports/{report.pk}/v/{version.number}/")


def test_pdf_text_toc_and_language(
    paragraph, report, committee_member, rapporteur, django_capture_on_commit_callbacks
):
    actions.do_translate_paragraph(
        rapporteur, paragraph, language="en", text="States must regularise everyone."
    )
    version = _publish(report, committee_member, django_capture_on_commit_callbacks)
    build = PDFBuild.objects.get(version=version, language="en")
    reader = PdfReader(io.BytesIO(build.file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Contents" in text  # the table of contents, in English
    assert "States must regularise everyone." in text
    assert "Los Estados deben regularizar." not in text
    assert len(reader.pages) >= 3  # cover, contents, body
    root: Any = reader.trailer["/Root"]
    assert root.get("/Lang") == "en"
    spanish = PdfReader(io.BytesIO(pdf.render_pdf(version, "es")))
    spanish_text = "\n".join(page.extract_text() for page in spanish.pages)
    assert "Contenido" in spanish_text and "Los Estados deben regularizar." in spanish_text
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        font_dict: Any = resources.get_object()["/Font"]
        for font in font_dict.values():
            fonts.add(font.get_object()["/BaseFont"])
    assert fonts and all("+" in str(name) for name in fonts)  # embedded subsets


def test_pdf_progress_for_the_requester(
    client, paragraph, report, committee_member, django_capture_on_commit_callbacks
):
    version = _publish(report, committee_member, django_capture_on_commit_callbacks)
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/reports/{report.pk}/v/{version.number}/pdf/", {"language": "fr"}
        )
    assert response.status_code == 302
    assert PDFBuild.objects.get(version=version, language="fr").status == "done"
    assert (
        client.post(
            f"/en/reports/{report.pk}/v/{version.number}/pdf/", {"language": "xx"}
        ).status_code
        == 302
    )


def test_workflow_through_pages(client, report, paragraph, committee_member):
    client.force_login(committee_member)
    assert client.post(f"/en/reports/{report.pk}/state/submit/").status_code == 302
    response = client.post(
        f"/en/reports/{report.pk}/state/decide/", {"decision": "changes", "note": ""}
    )
    assert response.status_code == 400
    assert (
        client.post(f"/en/reports/{report.pk}/state/decide/", {"decision": "approve"}).status_code
        == 302
    )
    assert client.post(f"/en/reports/{report.pk}/state/nonsense/").status_code == 404
    response = client.post(f"/en/reports/{report.pk}/state/publish/", {"change_note": ""})
    assert response.status_code == 302 and "/pdf/" in response["Location"]


def test_evaluation_page(client, review, committee_member, migrant):
    assert client.get("/en/evaluation/").status_code == 200
    client.force_login(committee_member)
    assert (
        client.post(
            "/en/evaluation/",
            {"step": "survey", "title": "Evaluación", "is_open": "on", "include_in_report": "on"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/en/evaluation/", {"step": "question", "kind": "rating", "text": "Transparencia"}
        ).status_code
        == 302
    )
    client.force_login(migrant)
    page = client.get("/en/evaluation/")
    assert "Transparencia" in page.text
    question = review.evaluation.questions.get()
    assert (
        client.post("/en/evaluation/", {"step": "answer", f"q{question.pk}": "4"}).status_code
        == 302
    )
    assert "You have answered" in client.get("/en/evaluation/").text
    assert (
        client.post("/en/evaluation/", {"step": "answer", f"q{question.pk}": "4"}).status_code
        == 400
    )
    assert Paragraph.objects.count() == 0

"""Translated titles of the report, chapters and sections (plain form, action, snapshot per
language with the original as fallback) and the paragraph editor's preview endpoint."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from minga.core.models import AuditEntry
from minga.reports import actions
from minga.reports.models import Decision, PDFBuild, ReportStatus


def _publish(report, committee_member, capture, change_note=""):
    actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    actions.do_decide_report(committee_member, report, decision=Decision.APPROVE)
    report.refresh_from_db()
    with capture(execute=True):
        return actions.do_publish_report(committee_member, report, change_note=change_note)


def _titles(report, chapter, section, **values):
    data = {"report": "", f"chapter-{chapter.pk}": "", f"section-{section.pk}": ""}
    data.update({k.replace("_", "-"): v for k, v in values.items()})
    return data


def test_only_writers_translate_titles(client, report, chapter, section, rapporteur, outsider):
    client.force_login(outsider)
    assert client.get(f"/en/reports/{report.pk}/titles/").status_code == 404
    response = client.post(
        f"/en/reports/{report.pk}/titles/en/", {"titles-en-report": "Regional report"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        actions.do_translate_titles(outsider, report, language="en", titles={"report": "X"})
    report.refresh_from_db()
    assert report.title_translations == {}

    client.force_login(rapporteur)
    page = client.get(f"/en/reports/{report.pk}/titles/")
    assert page.status_code == 200
    # One plain form per other language of the review, each title labelled with the original.
    assert 'id="titles-en"' in page.text and 'id="titles-fr"' in page.text
    assert 'id="titles-es"' not in page.text
    assert "Chapter 1: Protección" in page.text and 'lang="fr"' in page.text
    assert (
        f'href="/en/reports/{report.pk}/titles/"'
        in client.get(f"/en/reports/{report.pk}/draft/").text
    )


def test_titles_are_refused_in_the_original_language_too_long_or_foreign(
    client, report, chapter, section, rapporteur, review, committee_member
):
    with pytest.raises(ValidationError):
        actions.do_translate_titles(rapporteur, report, language="es", titles={"report": "X"})
    other = actions.do_create_report(committee_member, review, title="Otro", language="es")
    foreign = actions.do_add_chapter(committee_member, other, title="Ajeno")
    with pytest.raises(ValidationError):
        actions.do_translate_titles(
            rapporteur, report, language="en", titles={f"chapter-{foreign.pk}": "Foreign"}
        )
    client.force_login(rapporteur)
    response = client.post(
        f"/en/reports/{report.pk}/titles/en/",
        {"titles-en-report": "R" * 201, f"titles-en-chapter-{chapter.pk}": "Protection"},
    )
    assert response.status_code == 400 and "error-summary" in response.text
    assert "Protection" in response.text  # what the person typed is kept
    assert client.post(f"/en/reports/{report.pk}/titles/xx/", {}).status_code == 404
    chapter.refresh_from_db()
    assert chapter.title_translations == {}


def test_titles_cannot_change_during_committee_review(report, chapter, section, committee_member):
    actions.do_add_paragraph(committee_member, section, text="Texto.")
    actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.COMMITTEE_REVIEW
    with pytest.raises(PermissionDenied):
        actions.do_translate_titles(
            committee_member, report, language="en", titles={"report": "Regional report"}
        )


def test_translated_titles_show_per_language_with_the_original_as_fallback(
    client, report, chapter, section, paragraph, rapporteur, committee_member,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(rapporteur)
    response = client.post(
        f"/en/reports/{report.pk}/titles/en/",
        {
            "titles-en-report": "Regional report",
            f"titles-en-chapter-{chapter.pk}": "Protection",
            f"titles-en-section-{section.pk}": "",  # left empty: the original is shown
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#titles-en")
    entry = AuditEntry.objects.get(action="reports.translate_titles")
    assert entry.data == {"language": "en", "titles": ["report", f"chapter-{chapter.pk}"]}
    client.logout()

    _publish(report, committee_member, django_capture_on_commit_callbacks)
    english = client.get(f"/en/reports/{report.pk}/").text
    assert "<h1>Regional report</h1>" in english and "1. Protection" in english
    assert "1.1 Documentación" in english
    portuguese = client.get(f"/pt/reports/{report.pk}/").text
    assert "<h1>Informe regional</h1>" in portuguese and "1. Protección" in portuguese

    build = PDFBuild.objects.get(version__report=report, language="en")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(build.file.read())).pages)
    assert "Regional report" in text and "Protection" in text


def test_titles_translated_after_publication_appear_in_the_correction_only(
    client, report, chapter, section, paragraph, rapporteur, committee_member,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _publish(report, committee_member, django_capture_on_commit_callbacks)
    changed = actions.do_translate_titles(
        rapporteur, report, language="fr", titles={f"section-{section.pk}": "Documents"}
    )
    assert changed == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # a change after publication starts a correction
    # The published version is frozen: still the original title in French.
    assert "1.1 Documentación" in client.get(f"/fr/reports/{report.pk}/v/1/").text
    _publish(
        report, committee_member, django_capture_on_commit_callbacks, change_note="Titres en FR."
    )
    assert "1.1 Documents" in client.get(f"/fr/reports/{report.pk}/").text
    assert "1.1 Documentación" in client.get(f"/fr/reports/{report.pk}/v/1/").text
    # Clearing a translation brings the original back (and saving the same value is a no-op).
    assert (
        actions.do_translate_titles(
            rapporteur, report, language="fr", titles={f"section-{section.pk}": "Documents"}
        )
        == 0
    )
    actions.do_translate_titles(
        rapporteur, report, language="fr", titles={f"section-{section.pk}": "  "}
    )
    section.refresh_from_db()
    assert section.title_translations == {}


def test_preview_renders_sanitised_markdown_for_editors_only(
    client, paragraph, rapporteur, accredited_rep, report, committee_member
):
    url = f"/en/reports/paragraphs/{paragraph.pk}/preview/"
    client.force_login(rapporteur)
    response = client.post(
        url, {"text": "**Fuerte** <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    assert response.status_code == 200
    assert "<strong>Fuerte</strong>" in response.text
    assert "<script>" not in response.text and "javascript:" not in response.text
    assert client.get(url).status_code == 405
    page = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
    assert 'id="paragraph-editor"' in page.text and "reports/editor.js" in page.text
    assert 'data-preview-url="' + url + '"' in page.text

    # A commenter sees the paragraph but neither the editor nor its script nor the preview.
    actions.do_set_consultation(committee_member, report, is_open=True)
    client.force_login(accredited_rep)
    page = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
    assert page.status_code == 200 and "reports/editor.js" not in page.text
    assert client.post(url, {"text": "hola"}).status_code == 403

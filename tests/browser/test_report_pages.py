"""Issue 7 in a real browser: a rapporteur edits a paragraph with JavaScript off, the working
draft, paragraph page and published report pass the axe check, and the published page has its
table of contents and paragraph anchors."""

import pytest

from minga.reports import actions
from minga.reports.models import Decision
from minga.testing import factories as f

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rapporteur_edits_without_javascript_and_pages_are_accessible(
    browser, live_server, review, committee_member, django_capture_on_commit_callbacks
):
    rapporteur = f.make_user("rita@example.org", display_name="Rita")
    report = actions.do_create_report(
        committee_member, review, title="Informe regional", language="es"
    )
    chapter = actions.do_add_chapter(committee_member, report, title="Protección")
    actions.do_assign_chapter(committee_member, chapter, rapporteur)
    section = actions.do_add_section(rapporteur, chapter, title="Documentación")
    paragraph = actions.do_add_paragraph(rapporteur, section, text="Texto inicial del párrafo.")

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/accounts/login/")
    page.locator("input[name=login]").fill(rapporteur.email)
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/es/reports/paragraphs/{paragraph.pk}/")
    page.locator("#id_text").fill("Texto revisado por la relatora.")
    page.locator("form[action$='/edit/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Texto revisado por la relatora." in page.content()
    assert "<ins>" in page.content()
    context.close()

    # axe runs JavaScript: check the same pages in a context with JavaScript on.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/es/accounts/login/")
    page.locator("input[name=login]").fill(rapporteur.email)
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/es/reports/paragraphs/{paragraph.pk}/")
    assert axe_violations(page) == []
    page.goto(f"/es/reports/{report.pk}/draft/")
    assert axe_violations(page) == []
    context.close()

    actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    actions.do_decide_report(committee_member, report, decision=Decision.APPROVE)
    report.refresh_from_db()
    actions.do_publish_report(committee_member, report)
    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(f"/en/reports/{report.pk}/")
    assert public.locator("#toc-title").is_visible()
    assert public.locator("[id='p-1.1.1']").count() == 1
    assert "Not yet translated" in public.content()
    assert axe_violations(public) == []

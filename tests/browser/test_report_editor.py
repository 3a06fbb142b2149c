"""Issue 7, "the editor works without JavaScript and better with it": with JavaScript on, the
paragraph editor shows a live server-rendered preview and a character counter, warns of
unsaved changes, and the page passes the axe check."""

import pytest

from minga.reports import actions
from minga.testing import factories as f

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paragraph_editor_previews_markdown_and_counts_characters(
    browser, live_server, review, committee_member
):
    rapporteur = f.make_user("rita@example.org", display_name="Rita")
    report = actions.do_create_report(
        committee_member, review, title="Informe regional", language="es"
    )
    chapter = actions.do_add_chapter(committee_member, report, title="Protección")
    actions.do_assign_chapter(committee_member, chapter, rapporteur)
    section = actions.do_add_section(rapporteur, chapter, title="Documentación")
    paragraph = actions.do_add_paragraph(rapporteur, section, text="Texto inicial.")

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(rapporteur.email)
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/en/reports/paragraphs/{paragraph.pk}/")

    counter = page.locator("#editor-counter")
    assert counter.is_visible() and counter.inner_text() == "14 of 10000 characters"
    assert page.locator("#editor-preview").is_hidden()

    area = page.locator("#id_text")
    area.fill("")
    area.press_sequentially("Los Estados **deben** <b>x</b>", delay=5)
    preview = page.locator("#editor-preview-body")
    preview.locator("strong", has_text="deben").wait_for()
    assert page.locator("#editor-preview").is_visible()
    assert preview.locator("b").count() == 0  # raw HTML is escaped by the server
    assert counter.inner_text() == "30 of 10000 characters"
    assert page.locator("#editor-unsaved").inner_text() == "You have unsaved changes."
    assert axe_violations(page) == []

    # Leaving with unsaved changes asks first; saving does not.
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    with page.expect_event("dialog"):
        page.locator("nav.breadcrumbs a").click()
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/paragraphs/{paragraph.pk}/")
    page.locator("form#paragraph-editor button[type=submit]").click()
    page.wait_for_url(f"**/paragraphs/{paragraph.pk}/")
    page.wait_for_load_state()
    assert "<strong>deben</strong>" in page.locator("blockquote").inner_html()
    assert dialogs == ["beforeunload"]

    # The translated-titles page (plain forms, one per language) is accessible too.
    page.goto(f"/en/reports/{report.pk}/titles/")
    page.locator(f"#id_titles-en-chapter-{chapter.pk}").fill("Protection")
    page.locator("#titles-en button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"#id_titles-en-chapter-{chapter.pk}").input_value() == "Protection"
    assert axe_violations(page) == []
    context.close()

"""Issue 7 wiring in a browser: the paragraph page's "Draw a recommendation" link (committee
member), the committee workspace's report items, and the bulletin's unsubscribe page pass the
axe check; the link leads to the prefilled recommendation form."""

import pytest
from django.conf import settings
from django.test import Client

from minga.followup import actions as followup_actions
from minga.reports import actions

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in_context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_paragraph_link_workspace_and_unsubscribe_pages(
    browser, live_server, review, committee_member, migrant, tmp_path
):
    report = actions.do_create_report(committee_member, review, title="Informe", language="es")
    chapter = actions.do_add_chapter(committee_member, report, title="Protección")
    actions.do_assign_chapter(committee_member, chapter, committee_member)
    section = actions.do_add_section(committee_member, chapter, title="Documentación")
    paragraph = actions.do_add_paragraph(
        committee_member, section, text="Recomendamos documentos para todas las personas."
    )
    context = logged_in_context(browser, live_server, committee_member)
    page = context.new_page()
    page.goto(f"/en/reports/paragraphs/{paragraph.pk}/")
    link = page.get_by_role("link", name="Draw a recommendation from this paragraph")
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "paragraph.png"), full_page=True)
    link.click()
    page.wait_for_load_state()
    assert "Recomendamos documentos" in page.locator("textarea").first.input_value()
    page.goto("/en/committee/")
    assert page.get_by_role("heading", name="Report chapters assigned to you").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "workspace.png"), full_page=True)
    context.close()

    token = followup_actions.bulletin_unsubscribe_token(migrant)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/en/recommendations/bulletins/unsubscribe/{token}/")
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state()
    assert "You will no longer receive the bulletin." in page.content()
    context.close()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/en/recommendations/bulletins/unsubscribe/{token}/")
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "unsubscribe.png"), full_page=True)
    context.close()

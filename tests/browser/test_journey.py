"""The foundation's main journey in a real browser, JavaScript on, keyboard-reachable controls."""

import re

import pytest
from django.core import mail

from minga.stakeholders.models import Membership, MembershipStatus
from minga.testing import factories as f

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "una-clave-larga-y-segura-2026"


def test_sign_up_verify_join_and_appear_in_directory(browser, live_server, organization, cso_rep):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()

    # Sign up.
    page.goto("/en/accounts/signup/")
    assert axe_violations(page) == []
    page.locator("input[name=email]").fill("nueva@example.org")
    page.get_by_label("Display name").fill("Nueva Persona")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password1]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    # Verify the e-mail address with the link from the outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+/", str(mail.outbox[0].body))
    assert link is not None
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Choose to be public, so the organization page may list this person.
    page.goto("/en/accounts/profile/")
    page.get_by_label("Show me in public lists").check()
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_load_state()

    # Ask to join the organization.
    page.goto(f"/en/organizations/{organization.slug}/")
    page.get_by_role("link", name="Ask to join").click()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(re.compile(rf"/organizations/{organization.slug}/$"))
    membership = Membership.objects.get(person__email="nueva@example.org")
    assert membership.status == MembershipStatus.PENDING

    # The representative approves the request in their own session.
    rep_context = browser.new_context(base_url=live_server.url)
    rep = rep_context.new_page()
    rep.goto("/en/accounts/login/")
    rep.locator("input[name=login]").fill(cso_rep.email)
    rep.locator("input[name=password]").fill(f.PASSWORD)
    rep.locator("main form button[type=submit]").click()
    rep.wait_for_load_state()
    rep.goto(f"/en/organizations/{organization.slug}/members/")
    rep.get_by_role("button", name="Approve Nueva Persona").click()
    rep.wait_for_load_state()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    rep_context.close()

    # The new member appears on the organization's public page and the directory lists it.
    anonymous = browser.new_context(base_url=live_server.url).new_page()
    anonymous.goto(f"/es/organizations/{organization.slug}/")
    assert "Nueva Persona" in anonymous.locator("main").inner_text()
    anonymous.goto("/es/organizations/?q=Andina")
    assert organization.name in anonymous.locator("main").inner_text()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/es/organizations/", "/en/accounts/login/", "/fr/objectives/", "/pt/accounts/signup/"],
)
def test_core_pages_have_no_serious_axe_violations(page, organization, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_organization_page_has_no_serious_axe_violations(page, organization, cso_rep):
    page.goto(f"/es/organizations/{organization.slug}/")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_sign_up_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/accounts/signup/")
    page.locator("input[name=email]").fill("sinjs@example.org")
    page.locator("input[name=display_name]").fill("Sin JS")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill("otra-clave-distinta-2026")
    page.locator("form:has(input[name=password1]) button[type=submit]").click()
    page.wait_for_load_state()
    # A clear error, and what was typed is kept.
    assert page.locator(".error-summary").count() == 1
    assert page.locator("input[name=email]").input_value() == "sinjs@example.org"
    assert page.locator("input[name=display_name]").input_value() == "Sin JS"
    context.close()

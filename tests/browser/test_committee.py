"""The committee's selection in a browser: the chair ticks nominees and the balance panel
updates without reload; the decision is recorded; a UN delegate confirms; the selected
person appears on the public call page. Privileged people are logged in by session cookie
(they have MFA set up; the TOTP login flow itself is tested by accounts)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from minga.accounts.models import Role
from minga.committee import actions
from minga.committee.models import CommitteeMember, Nomination
from minga.hearings.models import Session, SessionRole
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


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


def seat(user, organization, review, chair=False):
    f.add_member(user, organization)
    assignment = f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    f.give_mfa(user)
    CommitteeMember.objects.create(
        review=review, person=user, organization=organization, is_chair=chair,
        role_assignment=assignment,
    )  # fmt: skip


def test_chair_composes_a_balanced_slate_and_un_confirms(browser, live_server, review):
    org_a = f.make_organization("Red Migrante", iso2="EC", is_migrant_led=True)
    org_b = f.make_organization("Caribe Unido", iso2="DO")
    for org in (org_a, org_b):
        f.accredit(org, review)
    chair = f.make_user("chair@example.org", display_name="Chair")
    seat(chair, org_b, review, chair=True)
    delegate = f.make_user("un@example.org", display_name="Delegate")
    f.grant(delegate, Role.UN_DELEGATE, review=review)
    f.give_mfa(delegate)
    starts = timezone.now() + datetime.timedelta(days=30)
    session = Session.objects.create(
        review=review, title="Audiencia multiactor", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), status="published",
    )  # fmt: skip
    call = actions.do_open_call(
        chair, session, role="rapporteur", seats=1, eligibility="Relatoras.",
        deadline=timezone.now() + datetime.timedelta(days=3),
        rules={"min_migrant_led": 1},
    )  # fmt: skip
    reps = []
    for org, name, gender in ((org_a, "Lucía", "woman"), (org_b, "Pedro", "man")):
        rep = f.make_user(display_name=name, gender=gender)
        f.add_member(rep, org, role=MembershipRole.REPRESENTATIVE)
        reps.append(actions.do_nominate(
            rep, call, organization=org, nominee_email=rep.email, nominee_name=name,
            languages=["es"], justification="Experiencia de relatoría en consultas regionales.",
        ))  # fmt: skip
    lucia, pedro = reps
    assert pedro.consent == lucia.consent == "confirmed"  # self-nominations
    actions.do_close_call(chair, call)

    context = logged_in_context(browser, live_server, chair)
    page = context.new_page()
    page.goto(f"/en/committee/calls/{call.pk}/nominations/")
    region = page.locator("#balance-region")
    assert "(0 people)" in region.inner_text()
    page.get_by_label(f"Pedro — {org_b.name}").check()
    expect(region).to_contain_text("(1 person)")
    assert "migrant-led" in region.inner_text()  # the rule is broken: a warning
    page.get_by_label(f"Pedro — {org_b.name}").uncheck()
    page.get_by_label(f"Lucía — {org_a.name}").check()
    expect(region).to_contain_text("meets every balance rule")
    assert axe_violations(page) == []
    page.get_by_label("Rationale of the decision").fill(
        "Lucía brings rapporteur experience and a migrant-led constituency."
    )
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/committee/calls/{call.pk}/nominations/")
    assert Nomination.objects.get(pk=lucia.pk).in_slate
    context.close()

    context = logged_in_context(browser, live_server, delegate)
    page = context.new_page()
    page.goto(f"/en/committee/calls/{call.pk}/nominations/")
    page.get_by_role("button", name="Confirm the selection").click()
    page.wait_for_url(f"**/committee/calls/{call.pk}/nominations/")
    context.close()
    assert SessionRole.objects.filter(session=session, person__display_name="Lucía").exists()

    anonymous = browser.new_context(base_url=live_server.url)
    page = anonymous.new_page()
    page.goto(f"/en/committee/calls/{call.pk}/")
    selected = page.locator("#selected-title + ul")
    assert "Lucía" in selected.inner_text() and "Migrant-led" in selected.inner_text()
    assert axe_violations(page) == []
    anonymous.close()


def test_a_visitor_finds_an_open_call_from_the_home_page_and_the_programme(
    page, live_server, review
):
    """Without the account menu: home → call, programme → session → call; no axe issues."""
    starts = timezone.now() + datetime.timedelta(days=30)
    session = Session.objects.create(
        review=review, title="Mesa redonda abierta", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), status="published",
    )  # fmt: skip
    from minga.committee.models import Call

    call = Call.objects.create(
        session=session, role="panelist", eligibility="Personas migrantes.",
        deadline=timezone.now() + datetime.timedelta(days=5),
    )  # fmt: skip
    page.goto("/en/")
    home_link = page.get_by_role("link", name="Panelist at “Mesa redonda abierta”")
    expect(home_link).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/en/sessions/")
    expect(page.get_by_role("link", name="Call for nominations: Panelist")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Mesa redonda abierta").click()
    expect(page.get_by_role("heading", name="Open calls for nominations")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Call for nominations: Panelist").click()
    expect(page).to_have_url(f"{live_server.url}{call.get_absolute_url()}")

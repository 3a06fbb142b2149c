"""Issue 4's journey in a real browser: a migrant submits a proposal in Portuguese with
JavaScript off, a CSO endorses it, a UN delegate (with two-factor login) answers "retained for
the report", the author gets the e-mail, the timeline shows both steps, and a Portuguese search
finds it by a stemmed word."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.utils import translation

from minga.accounts.models import Role
from minga.gcm.models import Objective
from minga.proposals.models import AnswerStatus, Proposal
from minga.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str, totp_secret: str | None = None) -> None:
    page.goto("/pt/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if totp_secret:
        page.wait_for_url(re.compile(r"/2fa/authenticate/"))
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        page.locator("input[name=code]").fill(code)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()


def test_portuguese_proposal_endorsed_answered_and_found(
    browser, live_server, review, organization, cso_rep
):
    migrant = f.make_user("joana@example.org", display_name="Joana", preferred_language="pt")
    delegate = f.make_user("delegada@example.org", display_name="Delegada ONU")
    f.grant(delegate, Role.UN_DELEGATE, review=review)
    secret = f.give_mfa(delegate)

    # 1. The migrant submits in Portuguese, JavaScript off.
    no_js = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = no_js.new_page()
    log_in(page, migrant.email)
    page.goto("/pt/proposals/new/")
    page.locator("input[name=title]").fill(
        "Acesso à saúde para trabalhadores migrantes sem documentos"
    )
    page.locator("textarea[name=text]").fill(
        "Propomos que os trabalhadores migrantes possam usar os postos de saúde sem que os seus "
        "dados sejam partilhados com as autoridades migratórias."
    )
    page.locator("main select[name=language]").select_option("pt")
    objective = Objective.objects.get(number=15)
    page.locator(f"input[name=gcm_objectives][value='{objective.pk}']").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    proposal = Proposal.objects.get(author=migrant)
    assert proposal.language == "pt"
    assert page.url.endswith(f"/pt/proposals/{proposal.pk}/")
    no_js.close()

    # 2. A CSO representative endorses it on behalf of the organization.
    cso = browser.new_context(base_url=live_server.url).new_page()
    log_in(cso, cso_rep.email)
    cso.goto(f"/pt/proposals/{proposal.pk}/")
    cso.locator(f"form:has(input[name=organization][value='{organization.pk}']) button").click()
    cso.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.organization_endorsement_count == 1

    # 3. The UN delegate logs in with two factors and answers.
    un = browser.new_context(base_url=live_server.url).new_page()
    log_in(un, delegate.email, totp_secret=secret)
    un.goto(f"/pt/proposals/{proposal.pk}/")
    un.locator(f"input[name=status][value='{AnswerStatus.RETAINED}']").check()
    un.locator("textarea[name=explanation]").fill("Será citada no capítulo sobre saúde.")
    un.locator(f"form[action='/pt/proposals/{proposal.pk}/answer/'] button").click()
    un.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.answer_status == AnswerStatus.RETAINED

    # 4. The author got the e-mail, in Portuguese.
    to_author = [m for m in mail.outbox if migrant.email in m.to]
    assert to_author, [m.subject for m in mail.outbox]
    assert "/pt/" in str(to_author[-1].body)

    # 5. The timeline shows both steps, and a stemmed Portuguese word finds the proposal.
    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(f"/pt/proposals/{proposal.pk}/")
    journey = public.locator("section[aria-labelledby=journey-title] li").all_inner_texts()
    assert len(journey) == 2, journey
    with translation.override("pt"):
        retained = str(AnswerStatus.RETAINED.label)
    assert retained in journey[1]
    public.goto("/pt/search/?q=trabalhador")
    assert "Acesso à saúde para trabalhadores migrantes" in public.locator("main").inner_text()

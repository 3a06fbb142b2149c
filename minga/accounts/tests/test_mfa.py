"""A committee member (any privileged role) must set up MFA before acting."""

import pytest
from allauth.mfa.models import Authenticator

from minga.accounts import permissions
from minga.accounts.models import Role
from minga.testing import factories as f

from .helpers import login, reauthenticate

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def committee_without_mfa(review):
    user = f.make_user("new-committee@example.org", display_name="New Committee Member")
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    return user


def test_predicates_false_without_mfa_true_with(committee_without_mfa, review):
    user = committee_without_mfa
    assert permissions.is_privileged(user)
    assert permissions.needs_mfa_setup(user)
    assert not permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)
    assert not permissions.can_decide_accreditation(user, review)

    f.give_mfa(user)
    permissions.clear_cache(user)
    assert not permissions.needs_mfa_setup(user)
    assert permissions.has_role(user, Role.COMMITTEE_MEMBER, review=review)
    assert permissions.can_decide_accreditation(user, review)


def test_staff_predicates_need_mfa(db):
    staff = f.make_user(is_staff=True, is_superuser=True)
    assert permissions.needs_mfa_setup(staff)
    assert not permissions.is_platform_admin(staff)
    assert not permissions.can_manage_roles(staff)
    f.give_mfa(staff)
    permissions.clear_cache(staff)
    assert permissions.can_manage_roles(staff)


def test_committee_member_without_mfa_is_sent_to_setup_when_acting(client, committee_without_mfa):
    login(client, committee_without_mfa.email, language="es")
    # Reading is fine.
    assert client.get("/es/").status_code == 200
    # Acting (any POST outside the account pages) is redirected to the MFA setup.
    response = client.post("/es/organizations/new/", {"name": "Anything"})
    assert response.status_code == 302
    assert response["Location"] == "/es" + ACTIVATE
    # So is the admin.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith(ACTIVATE)
    # The setup page explains why.
    reauthenticate(client, language="es")
    page = client.get("/es" + ACTIVATE).content.decode()
    assert 'class="message message--warning"' in page


def test_account_pages_stay_usable_without_mfa(client, committee_without_mfa):
    login(client, committee_without_mfa.email, language="en")
    response = client.post(
        "/en/accounts/profile/",
        {"display_name": "Renamed", "preferred_language": "en"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"
    committee_without_mfa.refresh_from_db()
    assert committee_without_mfa.display_name == "Renamed"
    # Logging out is always possible.
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_setting_up_totp_lifts_the_block(client, committee_without_mfa, totp_code):
    login(client, committee_without_mfa.email, language="en")
    reauthenticate(client)
    page = client.get("/en" + ACTIVATE)
    secret = page.context["form"].secret
    bad = client.post("/en" + ACTIVATE, {"code": "000000"})
    assert bad.status_code == 200
    assert 'id="id_code_error"' in bad.content.decode()
    response = client.post("/en" + ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=committee_without_mfa, type="totp").exists()
    # Recovery codes were generated and are shown next.
    assert response["Location"].endswith("/accounts/2fa/recovery-codes/")
    # Now acting goes through (the view answers instead of the MFA redirect).
    response = client.post("/en/organizations/new/", {})
    assert not (response.status_code == 302 and ACTIVATE in response["Location"])


def test_admin_without_mfa_is_refused_admin_site(client, db):
    staff = f.make_user("staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].endswith(ACTIVATE)


def test_admin_with_mfa_reaches_admin_site(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_people_without_privileged_roles_are_not_asked_for_mfa(client, cso_rep):
    client.force_login(cso_rep)
    response = client.post("/es/organizations/new/", {})
    assert not (response.status_code == 302 and ACTIVATE in response.get("Location", ""))


def test_profile_shows_mfa_notice_when_role_requires_it(client, committee_without_mfa):
    client.force_login(committee_without_mfa)
    html = client.get("/en/accounts/profile/").content.decode()
    assert "Your role requires two-factor authentication, and it is not set up yet." in html
    assert f'href="/en{ACTIVATE}"' in html
    index = client.get("/en/accounts/2fa/").content.decode()
    assert "Your role requires two-factor authentication." in index

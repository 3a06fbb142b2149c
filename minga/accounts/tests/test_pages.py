"""Every account page renders in the Minga layout, in each language, without scripts."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str

from minga.testing import factories as f

from .helpers import login, reauthenticate

LANGUAGES = ["es", "en", "pt", "fr"]


def assert_minga_page(response, language: str) -> str:
    assert response.status_code == 200, response
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="skip-link"' in html  # templates/base.html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    # Nothing needs JavaScript: no scripts at all on account pages (CSP is strict anyway).
    assert "<script" not in html
    return html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "accounts/login/",
        "accounts/signup/",
        "accounts/password/reset/",
        "accounts/password/reset/done/",
        "accounts/password/reset/key/done/",
        "accounts/confirm-email/",
        "accounts/inactive/",
    ],
)
def test_anonymous_pages(client, db, language, path):
    html = assert_minga_page(client.get(f"/{language}/{path}"), language)
    if "login" in path or "signup" in path or path.endswith("reset/"):
        assert 'class="form"' in html
        assert "novalidate" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_email_page(client, db, language):
    user = f.make_user(verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    html = assert_minga_page(client.get(f"/{language}/accounts/confirm-email/{key}/"), language)
    assert user.email in html
    html = assert_minga_page(client.get(f"/{language}/accounts/confirm-email/bad-key/"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_from_key_page(client, db, language):
    user = f.make_user()
    uid = user_pk_to_url_str(user)
    key = default_token_generator.make_token(user)
    response = client.get(f"/{language}/accounts/password/reset/key/{uid}-{key}/")
    # allauth stores the key in the session and redirects to a key-less URL.
    assert response.status_code == 302
    html = assert_minga_page(client.get(response["Location"]), language)
    assert 'name="password1"' in html
    bad = client.get(f"/{language}/accounts/password/reset/key/{uid}-bad-key/")
    assert_minga_page(bad, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "accounts/profile/",
        "accounts/profile/delete/",
        "accounts/email/",
        "accounts/password/change/",
        "accounts/logout/",
        "accounts/2fa/",
        "accounts/2fa/totp/activate/",
        "accounts/reauthenticate/",
    ],
)
def test_logged_in_pages(client, outsider, language, path):
    login(client, outsider.email)
    reauthenticate(client)
    html = assert_minga_page(client.get(f"/{language}/{path}"), language)
    assert 'aria-label="' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "accounts/2fa/",
        "accounts/2fa/totp/deactivate/",
        "accounts/2fa/recovery-codes/",
        "accounts/2fa/recovery-codes/generate/",
        "accounts/2fa/reauthenticate/",
    ],
)
def test_pages_with_mfa(client, outsider, totp_code, language, path):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    secret = f.give_mfa(outsider)
    RecoveryCodes.activate(outsider)
    login(client, outsider.email, code=totp_code(secret))
    if "reauthenticate" not in path:
        reauthenticate(client)
    assert_minga_page(client.get(f"/{language}/{path}"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_mfa_authenticate_page(client, outsider, language):
    f.give_mfa(outsider)
    response = login(client, outsider.email, language=language)
    assert response.status_code == 302
    html = assert_minga_page(client.get(response["Location"]), language)
    assert 'autocomplete="one-time-code"' in html


def test_activate_totp_page_shows_qr_code_and_secret(client, outsider):
    login(client, outsider.email)
    reauthenticate(client)
    html = assert_minga_page(client.get("/en/accounts/2fa/totp/activate/"), "en")
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'id="authenticator_secret"' in html
    assert "readonly" in html


def test_login_page_links_password_reset_and_signup(client, db):
    html = client.get("/es/accounts/login/").content.decode()
    assert 'href="/es/accounts/password/reset/"' in html
    assert 'href="/es/accounts/signup/' in html

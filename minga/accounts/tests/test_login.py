"""Logging in switches the interface to the person's preferred language."""

from django.contrib.messages import get_messages
from django.core import mail
from django.utils.translation import gettext, override

from minga.testing import factories as f

from .helpers import last_link, login


def test_login_redirects_to_preferred_language_and_sets_cookie(client, db):
    user = f.make_user("pt@example.org", preferred_language="pt")
    response = login(client, user.email, language="en")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"
    assert response.cookies["django_language"].value == "pt"
    page = client.get(response["Location"])
    assert '<html lang="pt">' in page.content.decode()


def test_login_keeps_the_requested_page_in_the_preferred_language(client, db):
    user = f.make_user("fr@example.org", preferred_language="fr")
    response = login(client, user.email, language="es", next_url="/es/accounts/profile/")
    assert response["Location"] == "/fr/accounts/profile/"


def test_login_message_is_in_the_preferred_language(client, db):
    user = f.make_user("es@example.org", preferred_language="es", display_name="Lucía")
    response = login(client, user.email, language="en")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    with override("es"):
        expected = gettext("Successfully signed in as %(name)s.") % {"name": "Lucía"}
    assert expected in texts


def test_login_with_second_factor_also_switches_language(client, committee_member, totp_code):
    committee_member.preferred_language = "fr"
    committee_member.save()
    secret = committee_member.authenticator_set.get(type="totp")
    from allauth.mfa.utils import decrypt

    code = totp_code(decrypt(secret.data["secret"]))
    response = login(client, committee_member.email, language="es", code=code)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies["django_language"].value == "fr"
    assert client.session["_auth_user_id"] == str(committee_member.pk)


def test_wrong_password_gives_a_clear_error_and_keeps_the_email(client, outsider):
    response = login(client, outsider.email, password="wrong-password-123", language="es")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="outsider@example.org"' in html
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_link(client, outsider):
    response = client.post("/es/accounts/password/reset/", {"email": "Outsider@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["outsider@example.org"]
    key_url = client.get(last_link(message))["Location"]
    new_password = "a-brand-new-passphrase-77"
    response = client.post(key_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(new_password)


def test_password_reset_does_not_reveal_unknown_addresses(client, outsider):
    known = client.post("/en/accounts/password/reset/", {"email": outsider.email})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_logout_is_a_post(client, outsider):
    client.force_login(outsider)
    page = client.get("/en/accounts/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session

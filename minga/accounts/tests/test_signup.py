"""Sign-up, e-mail verification, and what happens with bad input."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils.translation import gettext, override

from minga.accounts.models import User
from minga.testing import factories as f

from .helpers import last_link, login

GOOD = {
    "email": "Nueva.Persona@Example.org",
    "display_name": "Rosa M.",
    "password1": f.PASSWORD,
    "password2": f.PASSWORD,
    "preferred_language": "fr",
}


def signup(client, language: str = "es", **changes: str):
    return client.post(f"/{language}/accounts/signup/", {**GOOD, **changes})


def test_signup_form_asks_for_name_passwords_and_language(client, db):
    html = client.get("/pt/accounts/signup/").content.decode()
    for name in ("email", "display_name", "password1", "password2", "preferred_language"):
        assert f'name="{name}"' in html
    # Order: e-mail, display name, passwords, language.
    positions = [html.index(f'name="{n}"') for n in ("email", "display_name", "password1")]
    assert positions == sorted(positions)
    # The language of the page is preselected.
    assert '<option value="pt" selected>' in html


def test_signup_verify_email_then_logged_in_in_preferred_language(client, db):
    response = signup(client, "es")
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/confirm-email/"
    user = User.objects.get(email="nueva.persona@example.org")
    assert user.display_name == "Rosa M."
    assert user.preferred_language == "fr"
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in before verification.
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nueva.persona@example.org"]
    with override("fr"):
        subject = gettext("Please Confirm Your Email Address")
    assert subject in message.subject  # written in the person's language

    confirm_url = last_link(message)
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "nueva.persona@example.org" in page.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies["django_language"].value == "fr"
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_unverified_email_is_blocked(client, db):
    user = f.make_user("unverified@example.org", verified=False)
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session
    # A fresh verification e-mail is sent.
    assert [m.to for m in mail.outbox] == [["unverified@example.org"]]
    assert client.get("/en/accounts/profile/")["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        (
            {"password1": "1234567890", "password2": "1234567890"},
            "password1",
            "This password is entirely numeric.",
        ),
        ({"password1": "short", "password2": "short"}, "password1", None),
        (
            {"password2": "something-else-42"},
            "password2",
            "You must type the same password each time.",
        ),
        ({"display_name": "   "}, "display_name", "This field is required."),
        (
            {"display_name": "rosa@example.org"},
            "display_name",
            "Do not use an e-mail address as your display name: it is shown publicly. "
            "A first name or a pseudonym is enough.",
        ),
    ],
)
@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
def test_bad_input_message_next_to_field_and_values_kept(
    client, db, language, changes, field, message
):
    response = signup(client, language, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_error"' in html
    error_block = html.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
    if message:
        with override(language):
            translated = gettext(message)
        assert translated.replace("'", "&#x27;") in error_block
    # Everything else typed is kept (passwords are never sent back, by design).
    if field != "display_name":
        assert 'value="Rosa M."' in html
    if field != "email":
        assert (
            'value="nueva.persona@example.org"' in html
            or 'value="Nueva.Persona@Example.org"' in html
        )
    assert '<option value="fr" selected>' in html
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_bad_input_messages_are_translated(client, db, language):
    html = signup(client, language, password2="something-else-42").content.decode()
    assert "You must type the same password each time." not in html
    html = signup(client, language, email="not-an-email").content.decode()
    assert "Enter a valid email address." not in html


def test_duplicate_email_reveals_nothing_and_tells_the_owner(client, outsider):
    """Privacy of people at risk: the sign-up page never says whether an address is
    registered. The owner of the address gets an e-mail saying so, in their language."""
    outsider.preferred_language = "fr"
    outsider.save()
    fresh = signup(client, "es", email="someone-new@example.org")
    mail.outbox.clear()

    response = signup(client, "es", email="OUTSIDER@example.org", display_name="Impostor")
    assert response.status_code == 302
    assert response["Location"] == fresh["Location"]  # same answer as a new address
    page = client.get(response["Location"]).content.decode()
    with override("es"):
        assert gettext("Check your e-mail") in page
    assert User.objects.filter(email="outsider@example.org").count() == 1
    outsider.refresh_from_db()
    assert outsider.display_name == "Outsider"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["outsider@example.org"]
    assert "/accounts/password/reset/" in str(message.body)
    with override("fr"):
        subject = gettext("Account Already Exists")
    assert subject != "Account Already Exists"
    assert subject in message.subject


def test_signup_works_without_javascript_and_has_labels(client, db):
    html = client.get("/en/accounts/signup/").content.decode()
    assert "<script" not in html
    for name in ("email", "display_name", "password1", "password2", "preferred_language"):
        assert f'for="id_{name}"' in html

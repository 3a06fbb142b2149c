"""Functions shared by account tests."""

import re

from django.core import mail
from django.test import Client

from minga.testing import factories as f


def login(
    client: Client,
    email: str,
    *,
    password: str = f.PASSWORD,
    language: str = "en",
    code: str | None = None,
    next_url: str | None = None,
):
    """Log in through the real forms; returns the last response (not followed)."""
    data = {"login": email, "password": password}
    if next_url:
        data["next"] = next_url
    response = client.post(f"/{language}/accounts/login/", data)
    if code is not None:
        assert response.status_code == 302
        assert "/accounts/2fa/authenticate/" in response["Location"]
        response = client.post(response["Location"], {"code": code})
    return response


def last_link(message: mail.EmailMessage) -> str:
    """The last http(s) link in an e-mail body, as a path."""
    links = re.findall(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert links, message.body
    return links[-1]


def reauthenticate(client: Client, *, password: str = f.PASSWORD, language: str = "en"):
    """Confirm the password again, as allauth asks before MFA changes."""
    response = client.post(f"/{language}/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response
    return response

"""How allauth fits Minga: the interface and e-mails follow each person's preferred language."""

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils import translation

from minga.core.models import InterfaceLanguage

from .models import User


def preferred_language(user: Any) -> str | None:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in InterfaceLanguage.values else None


def url_in_language(url: str, language: str) -> str:
    """The same local page in another interface language (/es/x/ → /pt/x/)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    current = translation.get_language_from_path(parts.path)
    if current is None:
        return url
    with translation.override(current):
        return translate_url(url, language)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie Django's set_language view sets: unprefixed URLs then open in this language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        language = preferred_language(request.user)
        if language is None:
            return super().get_login_redirect_url(request)
        with translation.override(language):
            return super().get_login_redirect_url(request)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """After login (with or without a second factor, or on e-mail confirmation), continue in
        the person's preferred language: the redirect goes to that language's URL, the
        "logged in" message is in it, and the language cookie remembers it."""
        language = preferred_language(user)
        if language is None:
            return super().post_login(request, user, **kwargs)
        with translation.override(language):
            response = super().post_login(request, user, **kwargs)
        location = response.get("Location") if response.has_header("Location") else None
        if location:
            response["Location"] = url_in_language(location, language)
        set_language_cookie(response, language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to people who have an account in their preferred language."""
        user = context.get("user")
        language = preferred_language(user)
        if language is None:
            known = (
                User.objects.filter(email__iexact=email)
                .values_list("preferred_language", flat=True)
                .first()
            )
            language = known if known in InterfaceLanguage.values else None
        if language is None:
            super().send_mail(template_prefix, email, context)
            return
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

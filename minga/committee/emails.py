"""Transactional e-mails to nominees, in their language: the consent request and the outcome
(selected or not, with thanks). Sent once the action's transaction has committed."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from minga.core.models import InterfaceLanguage


def _language(nomination: Any) -> str:
    nominee = nomination.nominee
    language = getattr(nominee, "preferred_language", "") or nomination.language
    return language if language in InterfaceLanguage.values else settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(nomination: Any, subject: str, template: str, context: dict[str, Any]) -> None:
    body = render_to_string(f"committee/email/{template}.txt", context)
    send_mail(subject, body, None, [nomination.nominee_email])


def send_consent_request(nomination: Any, token: str) -> None:
    with translation.override(_language(nomination)):
        call = nomination.call
        context = {
            "nomination": nomination,
            "call": call,
            "role": call.get_role_display(),
            "consent_url": _absolute(reverse("committee:consent", args=[token])),
            "call_url": _absolute(call.get_absolute_url()),
        }
        subject = _("You have been nominated as %(role)s: do you agree?") % {
            "role": context["role"]
        }
        _send(nomination, subject, "consent", context)


def send_outcome(nomination: Any, call: Any) -> None:
    with translation.override(_language(nomination)):
        context = {
            "nomination": nomination,
            "call": call,
            "role": call.get_role_display(),
            "call_url": _absolute(call.get_absolute_url()),
        }
        if nomination.selected:
            subject = _("You have been selected as %(role)s") % {"role": context["role"]}
        else:
            subject = _("Thank you for your nomination as %(role)s") % {"role": context["role"]}
        _send(nomination, subject, "outcome", context)

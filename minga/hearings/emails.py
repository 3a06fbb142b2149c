"""Participants' e-mails (confirmation with a QR ticket, reminder), in their own language."""

from typing import Any

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from minga.core.models import InterfaceLanguage


def language_of(user: Any) -> str:
    language = getattr(user, "preferred_language", "")
    return language if language in InterfaceLanguage.values else settings.LANGUAGE_CODE


def check_in_url(registration: Any) -> str:
    from .actions import ticket_token

    path = reverse(
        "hearings:check_in_token", args=[registration.session_id, ticket_token(registration)]
    )
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no XML declaration), for the ticket page."""
    return segno.make(url, error="m").svg_inline(scale=4, title=_("Ticket QR code"))


def qr_png(url: str) -> bytes:
    import io

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6)
    return out.getvalue()


def _send(registration: Any, template: str, subject: str, *, attach_qr: bool) -> None:
    person = registration.person
    session = registration.session
    context = {
        "person": person,
        "session": session,
        "registration": registration,
        "site_url": settings.SITE_URL.rstrip("/"),
        "session_url": settings.SITE_URL.rstrip("/") + session.get_absolute_url(),
        "ticket_url": settings.SITE_URL.rstrip("/") + reverse("hearings:ticket", args=[session.pk]),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"hearings/email/{template}.txt", context),
        to=[person.email],
    )
    if attach_qr:
        message.attach("ticket-qr.png", qr_png(check_in_url(registration)), "image/png")
    message.send()


def send_ticket(registration: Any) -> None:
    with translation.override(language_of(registration.person)):
        subject = _("Your place at “%(title)s”") % {"title": registration.session.title}
        _send(registration, "ticket", subject, attach_qr=True)


def send_reminder(registration: Any) -> None:
    with translation.override(language_of(registration.person)):
        subject = _("Reminder: “%(title)s” starts soon") % {"title": registration.session.title}
        _send(registration, "reminder", subject, attach_qr=True)

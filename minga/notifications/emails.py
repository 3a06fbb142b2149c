"""E-mails in each recipient's language, with an unsubscribe link that works without login."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from minga.core.models import InterfaceLanguage

from .followable import localized
from .models import Follow, Notification


def language_of(user: Any) -> str:
    language = getattr(user, "preferred_language", "")
    return language if language in InterfaceLanguage.values else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def unsubscribe_url(user: Any, follow: Follow | None = None) -> str:
    from .actions import unsubscribe_token

    # reverse() under the active language gives the /<lang>/ prefix.
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, follow)]))


def _send(
    user: Any,
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    follow: Follow | None = None,
) -> None:
    """Render ``template`` (.txt and .html) and send it. Call under the user's language."""
    unsubscribe = unsubscribe_url(user, follow)
    context = {
        **context,
        "user": user,
        "language": translation.get_language(),
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "unsubscribe_all_url": unsubscribe if follow is None else unsubscribe_url(user),
        "follow": follow,
        "settings_url": absolute(reverse("notifications:settings")),
        "list_url": absolute(reverse("notifications:list")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    message.send()


def send_notification_email(notification: Notification, follow: Follow | None) -> None:
    """One e-mail for one notification, in the recipient's preferred language."""
    user = notification.recipient
    language = language_of(user)
    with translation.override(language):
        text = notification.message
        _send(
            user,
            subject=Truncator(" ".join(text.split())).chars(120),
            template="notification",
            context={
                "notification": notification,
                "message": text,
                "target_url": absolute(localized(notification.url, language)),
            },
            follow=follow,
        )


def send_digest_email(user: Any, notifications: Sequence[Notification], period: str) -> None:
    """One e-mail grouping a person's pending notifications."""
    language = language_of(user)
    with translation.override(language):
        items = [
            {"message": n.message, "url": absolute(localized(n.url, language)), "n": n}
            for n in notifications
        ]
        if period == "weekly":
            subject = _("Your weekly Minga digest: %(count)d notifications") % {"count": len(items)}
        else:
            subject = _("Your daily Minga digest: %(count)d notifications") % {"count": len(items)}
        _send(
            user,
            subject=subject,
            template="digest",
            context={"items": items, "period": period, "count": len(items)},
        )

"""Privileged roles must set up MFA before they act."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import permissions

# Paths a privileged person without MFA may still use: setting up MFA, logging out, reading.
ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/healthz")


class PrivilegedMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and permissions.needs_mfa_setup(user)
            and not self._allowed(request)
        ):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set it up before you continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        path = request.path
        # Strip the language prefix (/es/accounts/... → /accounts/...).
        parts = path.split("/", 2)
        if len(parts) > 2 and len(parts[1]) == 2:
            path = "/" + parts[2]
        if request.method in ("GET", "HEAD") and not path.startswith("/admin/"):
            return True
        return path.startswith(ALLOWED_PREFIXES)

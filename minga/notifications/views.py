from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import actions, queries
from .access import access_followable, access_notification
from .followable import localized
from .forms import FollowForm, NotificationSettingsForm


def _safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_http_methods(["GET"])
def notification_list(request: HttpRequest) -> HttpResponse:
    page = queries.notifications_page(request.user, request.GET.get("page"))
    language = get_language() or "es"
    for n in page.object_list:
        n.local_url = localized(n.url, language)
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = actions.do_mark_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    notification = access_notification(request.user, pk)
    actions.do_mark_read(request.user, [notification.pk])
    return redirect(localized(notification.url, get_language() or "es") or "notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = actions.settings_for(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                actions.do_update_notification_settings(
                    request.user,
                    email_mode=form.cleaned_data["email_mode"],
                    in_app=form.cleaned_data["in_app"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:settings")
    else:
        form = NotificationSettingsForm(
            initial={"email_mode": current.email_mode, "in_app": current.in_app}
        )
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "follows": queries.follows_of(request.user)},
    )


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    default_next = reverse("notifications:settings")
    next_url = _safe_next(request, request.POST.get("next"), default_next)
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if not form.is_valid():
        return HttpResponseBadRequest(_("This cannot be followed."))
    target = access_followable(
        request.user, form.cleaned_data["target"], form.cleaned_data["target_id"], for_write=True
    )
    if form.cleaned_data["action"] == "follow":
        try:
            actions.do_follow(request.user, target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You follow “%(title)s” now.") % {"title": _title(target)})
    else:
        actions.do_unfollow(request.user, target)
        messages.success(
            request, _("You no longer follow “%(title)s”.") % {"title": _title(target)}
        )
    return redirect(next_url)


def _title(target: Any) -> str:
    from .followable import target_title

    return target_title(target)


@csrf_exempt  # the signed token is the right; mail clients' one-click POST has no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person, follow = actions.read_unsubscribe_token(token)
    except ValidationError as error:
        return render(
            request, "notifications/unsubscribe.html", {"error": error.messages[0]}, status=400
        )
    target = follow.target if follow is not None else None
    done = ""
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == "One-Click":
            scope = "follow" if follow is not None else "all"  # RFC 8058 one-click
        else:
            scope = "follow" if request.POST.get("scope") == "follow" else "all"
        done = actions.do_unsubscribe(None, token, scope=scope)
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "token": token,
            "has_follow": target is not None,
            "follow_title": _title(target) if target is not None else "",
            "done": done,
            "person": person,
        },
    )

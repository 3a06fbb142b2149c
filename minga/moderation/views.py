from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors

from . import actions, queries
from .access import access_item
from .forms import BlockForm, FlagForm, HideForm
from .permissions import can_moderate


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _require_moderator(request: HttpRequest) -> None:
    if not can_moderate(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    item = access_item(request.user, content_type_id, object_id)
    back = _safe_next(request, queries.item_url(item) or reverse("home"))
    already = queries.has_flagged(request.user, item)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and not already and form.is_valid():
        try:
            actions.do_flag_content(
                request.user,
                item,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Thank you. Moderators will look at your report."))
            return redirect(back)
    return render(
        request,
        "moderation/flag.html",
        {"item": item, "form": form, "back": back, "already": already},
    )


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return render(
        request,
        "moderation/queue.html",
        {
            "page_obj": queries.flag_queue(request.GET.get("page")),
            "hidden": queries.hidden_items(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    _require_moderator(request)
    obj = access_item(request.user, content_type_id, object_id, for_write=True)
    hide_form = HideForm(initial={"reason": obj.hidden_reason})
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        back = _safe_next(request, request.path)
        try:
            if decision == "hide":
                hide_form = HideForm(request.POST)
                if hide_form.is_valid():
                    actions.do_hide_content(
                        request.user, obj, reason=hide_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The content is hidden."))
                    return redirect(back)
            elif decision == "restore":
                actions.do_restore_content(request.user, obj)
                messages.success(request, _("The content is visible again."))
                return redirect(back)
            elif decision == "dismiss":
                actions.do_dismiss_flags(request.user, obj)
                messages.success(request, _("The reports are dismissed."))
                return redirect(back)
            else:
                messages.error(request, _("The decision could not be read. Try again."))
                return redirect(request.path)
        except ValidationError as error:
            add_action_errors(hide_form, error)
    return render(
        request,
        "moderation/item.html",
        {
            "item": obj,
            "url": queries.item_url(obj),
            "flags": queries.open_flags_of(obj),
            "revisions": queries.revisions_of(obj),
            "hide_form": hide_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def blocked(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"].strip())
            .first()
        )
        if person is None:
            form.add_error("email", _("Nobody on Minga has this e-mail address."))
        else:
            try:
                actions.do_block_person(request.user, person, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("%(person)s is blocked.") % {"person": person})
                return redirect("moderation:blocked")
    return render(
        request,
        "moderation/blocked.html",
        {"form": form, "blocks": queries.blocked_people()},
    )


@login_required
@require_POST
def unblock(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    person_id = request.POST.get("person", "")
    person = get_user_model().objects.filter(pk=person_id).first() if person_id.isdigit() else None
    if person is None:
        messages.error(request, _("The person could not be found."))
    else:
        try:
            actions.do_unblock_person(request.user, person)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(person)s can write again.") % {"person": person})
    return redirect("moderation:blocked")

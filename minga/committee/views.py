from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors
from minga.core.ids import parse_id
from minga.reviews.queries import current_review

from . import actions, balance, permissions, queries, workspace
from .access import access_call, access_nomination, access_seat
from .forms import (
    CallForm,
    NominationForm,
    ReturnForm,
    SeatForm,
    SeatUpdateForm,
    SlateForm,
    VoteForm,
)
from .models import Call, CallStatus


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "committee/forbidden.html", {"message": message}, status=403)


@require_GET
def workspace_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    review = current_review()
    if review is None or not permissions.can_use_workspace(request.user, review):
        return _forbidden(
            request, _("The committee workspace is for members of the Civil Society Committee.")
        )
    return render(
        request,
        "committee/workspace.html",
        {
            "review": review,
            "sections": workspace.sections(request.user, review),
            "seat": queries.seat_of(request.user, review),
            "is_chair": permissions.is_chair(request.user, review),
            "can_manage_seats": permissions.can_manage_seats(request.user, review),
        },
    )


def _seats_page(request: HttpRequest, review: Any, form: Any, status: int = 200) -> HttpResponse:
    admin = permissions.can_manage_committee(request.user)
    seats = queries.committee_of(review)
    return render(
        request,
        "committee/members.html",
        {
            "review": review,
            "form": form,
            "is_admin": admin,
            "rows": [
                (
                    seat,
                    SeatUpdateForm(
                        initial={"focal_region": seat.focal_region, "is_chair": seat.is_chair},
                        can_appoint_chair=admin,
                        prefix=f"seat{seat.pk}",
                    ),
                    admin or not seat.is_chair,
                )
                for seat in seats
            ],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    """Committee seats: platform administrators manage all; the chair, ordinary seats."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    review = current_review()
    if review is None or not permissions.can_manage_seats(request.user, review):
        return _forbidden(
            request, _("Committee seats are managed by platform administrators and the chair.")
        )
    admin = permissions.can_manage_committee(request.user)
    form = SeatForm(request.POST or None, review=review, can_appoint_chair=admin)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_add_committee_member(
                    request.user,
                    review,
                    data["person"],
                    data["organization"],
                    is_chair=bool(data.get("is_chair")),
                    focal_region=data["focal_region"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not do this."))
            else:
                messages.success(request, _("The person now sits on the committee."))
                return redirect("committee:members")
        return _seats_page(request, review, form, status=400)
    return _seats_page(request, review, form)


@login_required
@require_POST
def member_update(request: HttpRequest, pk: int) -> HttpResponse:
    review = current_review()
    if review is None:
        raise PermissionDenied
    seat = access_seat(request.user, pk, review)
    admin = permissions.can_manage_committee(request.user)
    form = SeatUpdateForm(request.POST, can_appoint_chair=admin, prefix=f"seat{seat.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a valid subregion."))
        return redirect("committee:members")
    try:
        actions.do_update_committee_member(
            request.user,
            seat,
            is_chair=form.cleaned_data["is_chair"] if admin else seat.is_chair,
            focal_region=form.cleaned_data["focal_region"],
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
    else:
        messages.success(request, _("The seat was updated."))
    return redirect("committee:members")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    review = current_review()
    if review is None:
        raise PermissionDenied
    seat = access_seat(request.user, pk, review)
    try:
        actions.do_remove_committee_member(request.user, seat)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
    else:
        messages.success(request, _("The seat was removed."))
    return redirect("committee:members")


@require_GET
def calls(request: HttpRequest) -> HttpResponse:
    review = current_review()
    return render(
        request,
        "committee/calls.html",
        {
            "review": review,
            "calls": queries.public_calls(review),
            "members": queries.committee_of(review) if review else [],
            "can_open": review is not None and permissions.can_open_call(request.user, review),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_call(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if review is None or not permissions.can_open_call(request.user, review):
        raise PermissionDenied
    form = CallForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            call = actions.do_open_call(
                request.user, form.cleaned_data["session"], **form.action_kwargs()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The call for nominations is open."))
            return redirect(call)
    return render(
        request, "committee/call_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def call(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = access_call(request.user, pk)
    review = the_call.session.review
    return render(
        request,
        "committee/call.html",
        {
            "call": the_call,
            "rules": balance.describe_rules(the_call.rules),
            "selected": queries.selected_people(the_call),
            "mine": queries.nominations_by(request.user, the_call),
            "nomination_count": the_call.nominations.count(),
            "is_committee": permissions.can_see_nominations(request.user, review),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = access_call(request.user, pk)
    if not the_call.accepts_nominations:
        return render(
            request,
            "committee/nominate.html",
            {"call": the_call, "closed": True},
            status=400 if request.method == "POST" else 200,
        )
    organizations = queries.nominating_organizations(request.user, the_call.session.review)
    if not organizations:
        return _forbidden(
            request,
            _(
                "Only representatives of organizations accredited to the review can nominate. "
                "Ask your organization's representative, or apply for accreditation."
            ),
        )
    form = NominationForm(request.POST or None, organizations=organizations, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = actions.do_nominate(request.user, the_call, **form.action_kwargs())
        except ValidationError as error:
            if error.code == "closed":
                return render(
                    request,
                    "committee/nominate.html",
                    {"call": the_call, "closed": True},
                    status=400,
                )
            add_action_errors(form, error)
        else:
            if nomination.consent == "confirmed":
                messages.success(request, _("Your nomination is registered."))
            else:
                messages.success(
                    request,
                    _("The nomination is registered. We asked the nominee for their consent."),
                )
            return redirect(the_call)
    return render(
        request,
        "committee/nominate.html",
        {"call": the_call, "form": form},
        status=400 if form.errors else 200,
    )


def _nominations_context(
    request: HttpRequest, the_call: Call, slate_form: SlateForm | None = None
) -> dict[str, Any]:
    review = the_call.session.review
    is_chair = permissions.can_compose_slate(request.user, review)
    ticked: set[int] | None = None
    if slate_form is None:
        slate_form = SlateForm(
            call=the_call,
            initial={"nominations": list(the_call.nominations.filter(in_slate=True))},
        )
    elif slate_form.is_bound:
        ticked = {i for i in (parse_id(v) for v in request.POST.getlist("nominations")) if i}
    return {
        "call": the_call,
        "rows": queries.nomination_rows(the_call, request.user),
        "vote_form": VoteForm(),
        "slate_form": slate_form,
        "return_form": ReturnForm(),
        "balance": queries.slate_balance(the_call, ticked),
        "rules": balance.describe_rules(the_call.rules),
        "is_member": permissions.is_member(request.user, review),
        "is_chair": is_chair,
        "can_compose": is_chair and the_call.status in (CallStatus.OPEN, CallStatus.CLOSED),
        "can_confirm": permissions.can_confirm_selection(request.user, review)
        and the_call.status == CallStatus.DECIDED,
        "selected": queries.selected_people(the_call),
    }


@login_required
@require_GET
def nominations(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = access_call(request.user, pk, for_write=True)
    return render(request, "committee/nominations.html", _nominations_context(request, the_call))


@login_required
@require_GET
def balance_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The balance panel for the ticked nominations (the slate form's live update)."""
    the_call = access_call(request.user, pk, for_write=True)
    ids = {i for i in (parse_id(v) for v in request.GET.getlist("nominations")) if i}
    return render(
        request,
        "committee/_balance.html",
        {"call": the_call, "balance": queries.slate_balance(the_call, ids)},
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = access_nomination(request.user, pk)
    form = VoteForm(request.POST)
    target = reverse("committee:nominations", args=[nomination.call_id])
    if not form.is_valid():
        messages.error(request, _("Choose support, oppose or abstain."))
        return redirect(f"{target}#nomination-{nomination.pk}")
    try:
        actions.do_vote(request.user, nomination, **form.cleaned_data)
    except PermissionDenied as error:
        return _forbidden(request, str(error) or _("You cannot vote on this nomination."))
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Your vote is recorded."))
    return redirect(f"{target}#nomination-{nomination.pk}")


@login_required
@require_POST
def slate(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = access_call(request.user, pk, for_write=True)
    if not permissions.can_compose_slate(request.user, the_call.session.review):
        return _forbidden(request, _("Only the chair of the committee composes the slate."))
    form = SlateForm(request.POST, call=the_call)
    status = 200
    if request.POST.get("decide") and form.is_valid():
        try:
            actions.do_decide_slate(
                request.user,
                the_call,
                form.cleaned_data["nominations"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
            status = 400
        else:
            messages.success(request, _("The slate is decided; a UN delegate will confirm it."))
            return redirect("committee:nominations", pk=the_call.pk)
    elif form.errors:
        status = 400
    return render(
        request,
        "committee/nominations.html",
        _nominations_context(request, the_call, form),
        status=status,
    )


def _call_action(request: HttpRequest, pk: int, run: Any, success: str) -> HttpResponse:
    the_call = access_call(request.user, pk, for_write=True)
    try:
        run(the_call)
    except PermissionDenied as error:
        return _forbidden(request, str(error) or _("You cannot do this."))
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("committee:nominations", pk=the_call.pk)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(
        request,
        pk,
        lambda c: actions.do_close_call(request.user, c),
        _("The call is closed to new nominations."),
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(
        request,
        pk,
        lambda c: actions.do_confirm_selection(request.user, c),
        _("The selection is confirmed; the nominees are being told."),
    )


@login_required
@require_POST
def return_slate(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(
        request,
        pk,
        lambda c: actions.do_return_slate(request.user, c, reason=request.POST.get("reason", "")),
        _("The slate went back to the committee."),
    )


@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, token: str) -> HttpResponse:
    try:
        nomination = actions.read_consent_token(token)
    except ValidationError as error:
        return render(
            request, "committee/consent.html", {"errors": _messages_of(error)}, status=400
        )
    errors: list[str] = []
    needs_login = False
    if request.method == "POST":
        agree = request.POST.get("answer") == "agree"
        try:
            nomination = actions.do_answer_consent(request.user, token, agree=agree)
        except ValidationError as error:
            errors = _messages_of(error)
            needs_login = error.code == "login"
        else:
            if agree:
                messages.success(request, _("Thank you: you agreed to the nomination."))
            else:
                messages.success(
                    request, _("You declined the nomination. Thank you for answering.")
                )
            return redirect("committee:consent", token=token)
    return render(
        request,
        "committee/consent.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "errors": errors,
            "needs_login": needs_login,
            "decided": nomination.call.status in (CallStatus.DECIDED, CallStatus.CONFIRMED),
        },
        status=400 if errors else 200,
    )

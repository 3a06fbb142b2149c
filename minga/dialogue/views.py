from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors
from minga.core.text import name_sort_key
from minga.gcm.models import Country, Objective
from minga.gcm.queries import set_links_query
from minga.reviews.queries import current_review

from . import actions, permissions, queries
from .access import access_consultation, access_contribution
from .forms import (
    CloseForm,
    CommitmentFormSet,
    ConsultationFilterForm,
    ConsultationForm,
    ContributionEditForm,
    ContributionForm,
    PhaseForm,
    ReactionForm,
    ReplyForm,
    ResponseForm,
    filled_commitments,
)
from .models import Consultation


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    institutions = queries.institutions()
    countries = sorted(Country.objects.lac(), key=lambda c: name_sort_key(c.name))
    form = ConsultationFilterForm(
        request.GET or None,
        objectives=list(Objective.objects.all()),
        countries=countries,
        institutions=institutions,
    )
    form.is_valid()
    filters = queries.ConsultationFilters(**form.filters_kwargs() if form.is_bound else {})
    page = queries.consultation_list(filters, request.GET.get("page"))
    return render(
        request,
        "dialogue/list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "standing": queries.standing_channels(),
            "can_open": permissions.can_open_consultation(request.user),
        },
    )


def _detail_context(
    request: HttpRequest,
    consultation: Consultation,
    *,
    form: ContributionForm | None = None,
    reply_form: ReplyForm | None = None,
    reply_to: int | None = None,
) -> dict[str, Any]:
    user: Any = request.user
    organizations = queries.speaking_organizations(user)
    can_contribute = permissions.can_contribute(user, consultation)
    if reply_to is None and request.GET.get("reply"):
        parent = queries.contribution_by_id(request.GET["reply"])
        if parent is not None and parent.consultation_id == consultation.pk:
            reply_to = parent.pk
    if can_contribute and form is None:
        form = ContributionForm(
            organizations=organizations, initial={"language": _default_language(request)}
        )
    if can_contribute and reply_to is not None and reply_form is None:
        reply_form = ReplyForm(
            organizations=organizations,
            initial={"parent": reply_to, "language": _default_language(request)},
            prefix="reply",
        )
    can_react = permissions.can_react(user, consultation)
    page = queries.consultation_page(
        consultation,
        user,
        request.GET.get("page"),
        showing=reply_to if reply_to is not None else request.GET.get("contribution"),
        can_react=can_react,
        can_contribute=can_contribute,
    )
    return {
        "page": page,
        "thread_page": page.thread_page,
        "consultation": consultation,
        "form": form,
        "reply_form": reply_form,
        "reply_to": reply_to,
        "can_contribute": can_contribute,
        "can_react": can_react,
        "can_manage": permissions.can_manage_consultation(user, consultation),
        "can_respond": permissions.can_respond(user, consultation),
        "phase_form": PhaseForm(initial={"phase": consultation.phase}),
    }


def _default_language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "es") or "es"


@require_GET
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk)
    return render(request, "dialogue/consultation.html", _detail_context(request, item))


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if not permissions.can_open_consultation(request.user, review):
        raise PermissionDenied
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                item = actions.do_open_consultation(
                    request.user, review=review, **form.open_kwargs()
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The consultation is open for contributions."))
                return redirect(item)
    else:
        form = ConsultationForm(initial={"language": _default_language(request)})
    return render(request, "dialogue/consultation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk, for_write=True)
    if request.method == "POST":
        form = ConsultationForm(request.POST, editing=True)
        if form.is_valid():
            try:
                actions.do_update_consultation(request.user, item, **form.update_kwargs())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The consultation is updated."))
                return redirect(item)
    else:
        form = ConsultationForm(
            editing=True,
            gcm_initial=set_links_query(item),
            initial={
                "title": item.title,
                "question": item.question,
                "background": item.background,
                "language": item.language,
                "institutions": [i.pk for i in item.institutions.all()],
                "closes_on": item.closes_on,
            },
        )
    return render(request, "dialogue/consultation_form.html", {"form": form, "consultation": item})


@login_required
@require_POST
def consultation_phase(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk, for_write=True)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase from the list."))
        return redirect(item)
    try:
        actions.do_move_consultation_phase(request.user, item, form.cleaned_data["phase"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The phase is changed."))
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk, for_write=True)
    if request.method == "POST":
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                actions.do_close_consultation(
                    request.user, item, conclusion=form.cleaned_data["conclusion"]
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The consultation is closed."))
                return redirect(item)
    else:
        form = CloseForm()
    return render(request, "dialogue/close.html", {"form": form, "consultation": item})


@login_required
@require_POST
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk)
    organizations = queries.speaking_organizations(request.user)
    is_reply = "reply-text" in request.POST
    form: ContributionForm = (
        ReplyForm(request.POST, organizations=organizations, prefix="reply")
        if is_reply
        else ContributionForm(request.POST, organizations=organizations)
    )
    parent = None
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        if parent_id:
            parent = queries.contribution_by_id(parent_id)
            if parent is None:
                form.add_error(None, _("The contribution you reply to no longer exists."))
    if form.is_valid():
        try:
            contribution = actions.do_contribute(
                request.user,
                item,
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
                organization=form.cleaned_data.get("organization"),
                parent=parent,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Thank you: your contribution is published."))
            return redirect(queries.contribution_url(contribution))
    if is_reply and parent is not None and parent.consultation_id == item.pk:
        context = _detail_context(request, item, reply_form=form, reply_to=parent.pk)  # type: ignore[arg-type]
    else:
        # A new contribution, or a reply whose parent is not in this thread: the errors and
        # the typed text go where the main form is.
        context = _detail_context(request, item, form=form)
    return render(request, "dialogue/consultation.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access_contribution(request.user, pk, for_write=True)
    if request.method == "POST":
        form = ContributionEditForm(request.POST)
        if form.is_valid():
            try:
                actions.do_edit_contribution(request.user, contribution, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Your contribution is updated."))
                return redirect(queries.contribution_url(contribution))
    else:
        form = ContributionEditForm(
            initial={"text": contribution.text, "language": contribution.language}
        )
    return render(
        request,
        "dialogue/contribution_edit.html",
        {"form": form, "contribution": contribution, "consultation": contribution.consultation},
    )


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access_contribution(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown reaction."))
    else:
        kind, undo = form.reaction()
        try:
            if undo:
                actions.do_unreact(request.user, contribution, kind)
            else:
                actions.do_react(request.user, contribution, kind)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect(queries.contribution_url(contribution))


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_consultation(request.user, pk)
    institutions = permissions.answerable_institutions(request.user, item)
    if not institutions:
        raise PermissionDenied
    if request.method == "POST":
        form = ResponseForm(request.POST, institutions=institutions)
        formset = CommitmentFormSet(request.POST, prefix="commitments")
        if form.is_valid() & formset.is_valid():
            try:
                actions.do_respond_officially(
                    request.user,
                    item,
                    institution=form.cleaned_data["institution"],
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                    commitments=filled_commitments(formset),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The official response is published."))
                return redirect(f"{item.get_absolute_url()}#responses")
    else:
        form = ResponseForm(
            institutions=institutions, initial={"language": _default_language(request)}
        )
        formset = CommitmentFormSet(prefix="commitments")
    return render(
        request,
        "dialogue/respond.html",
        {"form": form, "formset": formset, "consultation": item},
    )

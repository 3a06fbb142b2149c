from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.gcm.models import Principle
from minga.gcm.queries import set_links_query

from . import actions, permissions, queries
from .access import access_assessment, access_initiative, access_source
from .forms import AssessmentForm, FilterForm, InitiativeForm, ReplyForm, SourceForm, UpdateForm
from .models import Initiative, SourceKind


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put an action's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    page = queries.initiative_list(filters, request.GET.get("page"))
    return render(
        request,
        "initiatives/list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "can_create": permissions.can_create_initiatives(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_initiatives(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = InitiativeForm(request.POST)
        if form.is_valid():
            try:
                initiative = actions.do_create_initiative(request.user, **form.action_kwargs())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The initiative is published."))
                return redirect(initiative)
    else:
        form = InitiativeForm(initial={"language": request.LANGUAGE_CODE, "cs_involvement": "none"})
    status = 400 if form.errors else 200
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk, for_write=True)
    links = set_links_query(initiative)
    if request.method == "POST":
        form = InitiativeForm(request.POST, gcm_initial=links)
        if form.is_valid():
            try:
                actions.do_update_initiative(request.user, initiative, **form.action_kwargs())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The initiative is updated."))
                return redirect(initiative)
    else:
        initial: dict[str, Any] = {
            name: getattr(initiative, name)
            for name in (
                "title", "summary", "language", "kind", "start_date", "end_date", "status",
                "responsible_institution", "budget_amount", "budget_currency", "budget_note",
                "cs_involvement", "cs_evidence",
            )
        }  # fmt: skip
        initial["lead_state"] = initiative.lead_state_id
        initial["partner_states"] = [
            c.pk for c in initiative.states.all() if c.pk != initiative.lead_state_id
        ]
        form = InitiativeForm(initial=initial, gcm_initial=links)
    status = 400 if form.errors else 200
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": initiative}, status=status
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access_initiative(request.user, pk))


def _detail_page(
    request: HttpRequest,
    initiative: Initiative,
    *,
    update_form: UpdateForm | None = None,
    source_form: SourceForm | None = None,
    reply_form: ReplyForm | None = None,
    reply_to: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    can_reply = permissions.can_reply(user, initiative)
    context: dict[str, Any] = {
        "initiative": initiative,
        "page": queries.initiative_page(initiative),
        "can_edit": permissions.can_edit_initiative(user, initiative),
        "can_reply": can_reply,
        "can_assess": bool(queries.accredited_organizations(user)),
        "update_form": update_form
        or UpdateForm(initial={"language": initiative.language, "kind": "progress"}),
        "source_form": source_form or SourceForm(),
        "reply_form": ReplyForm(initial={"language": request.LANGUAGE_CODE}),
        "bad_reply_form": reply_form,
        "reply_to": reply_to,
    }
    return render(request, "initiatives/detail.html", context, status=status)


@login_required
@require_POST
def add_update(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk, for_write=True)
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            update = actions.do_add_initiative_update(request.user, initiative, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The update is published."))
            return redirect(update.get_absolute_url())
    return _detail_page(request, initiative, update_form=form, status=400)


@login_required
@require_POST
def add_source(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk, for_write=True)
    form = SourceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.do_add_source(request.user, initiative, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The source is added."))
            return redirect(f"{initiative.get_absolute_url()}#sources")
    return _detail_page(request, initiative, source_form=form, status=400)


@require_GET
def source(request: HttpRequest, pk: int, source_id: int) -> HttpResponseBase:
    initiative = access_initiative(request.user, pk)
    item = access_source(request.user, initiative, source_id)
    if item.kind == SourceKind.LINK:
        return redirect(item.url)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.kind == SourceKind.PDF,
        filename=item.original_name if item.kind == SourceKind.PDF else "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk)
    organizations = queries.accredited_organizations(request.user)
    if not organizations:
        raise PermissionDenied
    principles = list(Principle.objects.order_by("position"))
    if request.method == "POST":
        form = AssessmentForm(request.POST, organizations=organizations, principles=principles)
        if form.is_valid():
            try:
                assessment = actions.do_submit_assessment(
                    request.user, initiative, **form.action_kwargs()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your assessment is published."))
                return redirect(assessment.get_absolute_url())
        status = 400
    else:
        initial = queries.assessment_initial(initiative, organizations)
        initial.setdefault("language", request.LANGUAGE_CODE)
        form = AssessmentForm(initial=initial, organizations=organizations, principles=principles)
        status = 200
    return render(
        request,
        "initiatives/assess.html",
        {"initiative": initiative, "form": form},
        status=status,
    )


@login_required
@require_POST
def reply(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk)
    if not permissions.can_reply(request.user, initiative):
        raise PermissionDenied
    assessment = access_assessment(request.user, initiative, assessment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reply_to_assessment(request.user, assessment, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        else:
            messages.success(request, _("The reply of the State is published."))
            return redirect(assessment.get_absolute_url())
    return _detail_page(request, initiative, reply_form=form, reply_to=assessment.pk, status=400)


@require_GET
def changes(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "week")
    if period not in queries.PERIODS:
        period = "week"
    page = queries.changes(period, request.GET.get("page"))
    return render(request, "initiatives/changes.html", {"period": period, "page_obj": page})

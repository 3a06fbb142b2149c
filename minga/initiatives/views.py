from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors
from minga.gcm.models import Principle
from minga.gcm.queries import set_links_query

from . import actions, import_csv, permissions, queries
from .access import access_assessment, access_initiative, access_source
from .forms import (
    AssessmentForm,
    FilterForm,
    ImportConfirmForm,
    ImportUploadForm,
    InitiativeForm,
    ReplyForm,
    SourceForm,
    UpdateForm,
)
from .models import Initiative, SourceKind


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
            "can_import": permissions.can_import_initiatives(request.user),
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
                add_action_errors(form, error)
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
                add_action_errors(form, error)
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
            add_action_errors(form, error)
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
            add_action_errors(form, error)
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
                add_action_errors(form, error)
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
                add_action_errors(form, error)
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


# CSV import ----------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "initiatives_import"


def _import_page(
    request: HttpRequest,
    *,
    upload: Form,
    confirm: Form | None = None,
    report: import_csv.Report | None = None,
    file_name: str = "",
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "initiatives/import.html",
        {
            "upload": upload,
            "confirm": confirm or ImportConfirmForm(),
            "report": report,
            "file_name": file_name,
            "problem": problem,
            "columns": [(name, import_csv.COLUMN_HELP[name]) for name in import_csv.COLUMNS],
            "optional_columns": [
                (name, import_csv.COLUMN_HELP[name]) for name in import_csv.OPTIONAL_COLUMNS
            ],
            "choice_codes": import_csv.choice_codes(),
            "principles": Principle.objects.order_by("position"),
            "header_line": ",".join(import_csv.COLUMNS),
            "max_rows": import_csv.MAX_ROWS,
        },
        status=status,
    )


def _pending(request: HttpRequest) -> tuple[str, str] | None:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if isinstance(stored, dict) and isinstance(stored.get("text"), str):
        return stored["text"], str(stored.get("name", ""))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def import_initiatives(request: HttpRequest) -> HttpResponse:
    """Upload → row-by-row report (the checked file is kept in the session) → confirm."""
    if not permissions.can_import_initiatives(request.user):
        raise PermissionDenied
    pending = _pending(request)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "check":
        upload = ImportUploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return _import_page(request, upload=upload, status=400)
        file = upload.cleaned_data["file"]
        try:
            import_csv.check_size(file.size or 0)
            text = import_csv.read_file(file.read())
            report = import_csv.validate(text)
        except import_csv.ImportFileError as error:
            upload.add_error("file", error)
            return _import_page(request, upload=upload, status=400)
        name = str(file.name or "")[:200]
        request.session[IMPORT_SESSION_KEY] = {"text": text, "name": name}
        return _import_page(request, upload=ImportUploadForm(), report=report, file_name=name)
    if step == "discard":
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.info(request, _("The checked file was discarded. Nothing was imported."))
        return redirect("initiatives:import")
    if step == "import":
        confirm = ImportConfirmForm(request.POST)
        if pending is None:
            problem = _(
                "The checked file is no longer here (it was imported, discarded or expired). "
                "Send it again."
            )
            return _import_page(request, upload=ImportUploadForm(), problem=problem, status=400)
        text, name = pending
        confirm.is_valid()
        valid_only = bool(confirm.cleaned_data.get("valid_only"))
        try:
            created = import_csv.do_import_initiatives(request.user, text, valid_only=valid_only)
        except import_csv.ImportFileError as error:
            request.session.pop(IMPORT_SESSION_KEY, None)
            return _import_page(
                request, upload=ImportUploadForm(), problem=error.messages[0], status=400
            )
        except ValidationError as error:
            confirm.add_error("valid_only" if error.code == "invalid_rows" else None, error)
            report = import_csv.validate(text)
            return _import_page(
                request,
                upload=ImportUploadForm(),
                confirm=confirm,
                report=report,
                file_name=name,
                status=400,
            )
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            ngettext(
                "%(count)d initiative imported.", "%(count)d initiatives imported.", len(created)
            )
            % {"count": len(created)},
        )
        return redirect("initiatives:changes")
    shown: import_csv.Report | None = None
    name = ""
    if pending is not None:
        text, name = pending
        try:
            shown = import_csv.validate(text)
        except import_csv.ImportFileError:
            request.session.pop(IMPORT_SESSION_KEY, None)
    return _import_page(request, upload=ImportUploadForm(), report=shown, file_name=name)

"""Views of the monitoring mechanism.

Intake and follow-up (anonymous): no cookie is set before or after submission, nothing about
the sender is read (no IP address, no user agent), uploads stay in memory, responses are
``no-store`` with ``no-referrer``. CSRF: these views are exempt from the cookie-based check
(there is no cookie to compare against); a cross-site POST is refused by its ``Origin`` /
``Sec-Fetch-Site`` headers instead, and a signed-in person (reporting for an organization)
goes through Django's usual CSRF check with their session's token.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors
from minga.core.ids import parse_id
from minga.gcm import maps
from minga.stakeholders.models import Membership, MembershipStatus

from . import actions, permissions, queries, uploads, vocab
from .access import access_report, access_reviewer_key
from .forms import (
    AddInformationForm,
    AssessmentForm,
    CodedRecordForm,
    ConfirmReceiptForm,
    PublicKeyForm,
    QuestionForm,
    ReceiptForm,
    ReportForm,
    WithdrawForm,
)
from .models import SealedFile, Status

View = Callable[..., HttpResponse]


def private_page(view: View) -> View:
    """Headers of every reporter-facing page: not cached, no referrer, never framed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        # Signed-in people (organizations) keep the site's policy: Django's CSRF check needs
        # their browser's Origin, which "no-referrer" turns into "null".
        if not request.user.is_authenticated:
            response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def same_origin(request: HttpRequest) -> bool:
    """Refuse cross-site POSTs without a cookie. Browsers send ``Sec-Fetch-Site`` (trusted
    first: under ``no-referrer`` a same-site form is sent with ``Origin: null``), else a real
    ``Origin`` is compared with this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
        return origin in allowed
    # No browser header at all (command-line clients): an anonymous POST carries no ambient
    # authority to forge; a signed-in one still needs its session's CSRF token (below).
    return True


def _ok(request: HttpRequest) -> HttpResponse:
    """A view that is not csrf_exempt, for running Django's CSRF check by hand."""
    return HttpResponse()


def _csrf_refused(request: HttpRequest) -> HttpResponse | None:
    if not same_origin(request):
        return HttpResponseForbidden(_("This form must be sent from this site."))
    if request.user.is_authenticated:
        return CsrfViewMiddleware(_ok).process_view(request, _ok, (), {})
    return None


def _organizations(user: Any) -> list[Any]:
    if not user.is_authenticated:
        return []
    return [
        m.organization
        for m in Membership.objects.filter(
            person=user, status=MembershipStatus.APPROVED
        ).select_related("organization")
    ]


def _skipped_error(handler: uploads.MemoryOnlyUploadHandler) -> str:
    if not handler.skipped:
        return ""
    return _(
        "Some files were too large and were not received (at most %(size)d MB each). "
        "Your text is kept below; choose the files again or leave them out."
    ) % {"size": handler.max_file // (1024 * 1024)}


@csrf_exempt
@private_page
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    organizations = _organizations(request.user)
    if request.method != "POST":
        return render(
            request, "monitoring/report.html", {"form": ReportForm(organizations=organizations)}
        )
    handler = uploads.use_memory_only(request)
    refused = _csrf_refused(request)
    if refused is not None:
        return refused
    form = ReportForm(request.POST, request.FILES, organizations=organizations)
    skipped = _skipped_error(handler)
    if skipped:
        form.is_valid()
        form.add_error("attachments", skipped)
    elif form.is_valid():
        files, problem = uploads.clean_uploads(
            form.cleaned_data["attachments"], form.cleaned_data["keep_originals"]
        )
        if problem:
            form.add_error("attachments", problem)
        else:
            data = form.cleaned_data
            try:
                receipt = actions.do_submit_report(
                    request.user if request.user.is_authenticated else None,
                    answers=form.answers(),
                    uploads=files,
                    contact=data.get("contact") or "",
                    urgent=data["urgent"],
                    consent_aggregates=data["consent_aggregates"],
                    consent_share=data["share_with"],
                    consent_contact=data["consent_contact"],
                    organization=form.organization(),
                    person_consented=bool(data.get("person_consented")),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return render(
                    request,
                    "monitoring/receipt.html",
                    {
                        "receipt": receipt.code,
                        "form": ConfirmReceiptForm(initial={"receipt": receipt.code}),
                    },
                )
    return render(request, "monitoring/report.html", {"form": form}, status=400)


@csrf_exempt
@private_page
@require_POST
def confirm_receipt(request: HttpRequest) -> HttpResponse:
    refused = _csrf_refused(request)
    if refused is not None:
        return refused
    form = ConfirmReceiptForm(request.POST)
    if form.is_valid():
        return render(request, "monitoring/thanks.html")
    receipt = request.POST.get("receipt", "")[:80]
    return render(
        request, "monitoring/receipt.html", {"receipt": receipt, "form": form}, status=400
    )


def _follow_up_context(report: Any, secret: str, code: str) -> dict[str, Any]:
    return {
        "report": report,
        "status_label": Status(report.status).label,
        "questions": actions.read_questions(report, secret),
        "add_form": AddInformationForm(initial={"receipt": code}),
        "withdraw_form": WithdrawForm(initial={"receipt": code}),
        "closed": report.status == Status.WITHDRAWN or report.keys_destroyed_at is not None,
    }


@csrf_exempt
@private_page
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "monitoring/follow_up.html", {"form": ReceiptForm()})
    handler = uploads.use_memory_only(request)
    refused = _csrf_refused(request)
    if refused is not None:
        return refused
    step = request.POST.get("step", "open")
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return render(request, "monitoring/follow_up.html", {"form": form}, status=400)
    code = form.cleaned_data["receipt"]
    try:
        report, secret = actions.find_by_receipt(code)
    except ValidationError as error:
        add_action_errors(form, error)
        return render(request, "monitoring/follow_up.html", {"form": form}, status=400)
    context = _follow_up_context(report, secret, code)
    if step == "add":
        add_form = AddInformationForm(request.POST, request.FILES)
        context["add_form"] = add_form
        skipped = _skipped_error(handler)
        if skipped:
            add_form.is_valid()
            add_form.add_error("attachments", skipped)
        elif add_form.is_valid():
            files, problem = uploads.clean_uploads(add_form.cleaned_data["attachments"], False)
            if problem:
                add_form.add_error("attachments", problem)
            else:
                try:
                    actions.do_add_information(
                        code, text=add_form.cleaned_data["text"], uploads=files
                    )
                except ValidationError as error:
                    add_action_errors(add_form, error)
                else:
                    context["add_form"] = AddInformationForm(initial={"receipt": code})
                    context["notice"] = _("Thank you. Your information was sealed and added.")
                    return render(request, "monitoring/follow_up_case.html", context)
        return render(request, "monitoring/follow_up_case.html", context, status=400)
    if step == "withdraw":
        withdraw_form = WithdrawForm(request.POST)
        context["withdraw_form"] = withdraw_form
        if withdraw_form.is_valid():
            report = actions.do_withdraw_report(code)
            return render(request, "monitoring/follow_up_case.html", {
                **_follow_up_context(report, secret, code),
                "notice": _("Your report was withdrawn and its content destroyed."),
            })  # fmt: skip
        return render(request, "monitoring/follow_up_case.html", context, status=400)
    return render(request, "monitoring/follow_up_case.html", context)


@require_GET
def aggregates(request: HttpRequest) -> HttpResponse:
    data = queries.aggregates()
    values = queries.counts_by_country(data)
    country_map = maps.choropleth(
        values,
        title=_("Verified incidents by country"),
        description=_(
            "Map of Latin America and the Caribbean; the darker a country, the more verified "
            "incidents are published for it. The table below gives the numbers."
        ),
        svg_id="monitoring-map-svg",
    )
    return render(
        request,
        "monitoring/aggregates.html",
        {"data": data, "country_map": country_map, "country_map_legend": maps.legend_html(values)},
    )


# Reviewers -----------------------------------------------------------------------------------


def reviewer_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_reviewer(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        return response

    return wrapper


@reviewer_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    return render(
        request,
        "monitoring/workspace.html",
        {
            "reports": queries.report_list(status)[:200],
            "status": status,
            "statuses": Status.choices,
            "counts": queries.status_counts(),
            "own_key": actions.reviewer_key_of(request.user),
            "can_manage_keys": permissions.can_manage_keys(request.user),
        },
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def key_setup(request: HttpRequest) -> HttpResponse:
    form = PublicKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_upload_reviewer_key(request.user, form.cleaned_data["public_key"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("monitoring:key_setup")
    return render(
        request,
        "monitoring/key_setup.html",
        {"form": form, "keys": queries.keys_of(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_admin(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_keys(request.user):
        raise PermissionDenied
    if request.method == "POST":
        key = access_reviewer_key(request.user, request.POST.get("key"), for_write=True)
        try:
            if request.POST.get("do") == "revoke":
                actions.do_revoke_reviewer_key(request.user, key)
            else:
                actions.do_approve_reviewer_key(request.user, key)
        except ValidationError as error:
            return render(
                request,
                "monitoring/key_admin.html",
                {
                    "error": error.messages[0],
                    "pending": queries.pending_keys(),
                    "approved": queries.approved_keys(),
                },
                status=400,
            )
        return redirect("monitoring:key_admin")
    return render(
        request,
        "monitoring/key_admin.html",
        {"pending": queries.pending_keys(), "approved": queries.approved_keys()},
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest) -> HttpResponse:
    own = actions.reviewer_key_of(request.user)
    if request.method == "POST":
        try:
            body = json.loads(request.body or b"{}")
            target = access_reviewer_key(request.user, body.get("key_id"))
            sealed = {
                int(sid): str(value)
                for sid, value in dict(body.get("sealed") or {}).items()
                if parse_id(sid) is not None
            }
            stored = actions.do_grant_access(request.user, target, sealed)
        except (ValueError, TypeError, AttributeError):
            return JsonResponse({"error": _("The request is malformed.")}, status=400)
        except ValidationError as error:
            return JsonResponse({"error": error.messages[0]}, status=400)
        return JsonResponse({"stored": stored})
    if request.GET.get("format") == "json":
        return JsonResponse(queries.grants_to_make(own) if own else {"targets": []})
    return render(request, "monitoring/grant.html", {"own_key": own})


@reviewer_required
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    coded_form = CodedRecordForm()
    assess_form = AssessmentForm()
    question_form = QuestionForm()
    status = 200
    if request.method == "POST":
        do = request.POST.get("do", "")
        try:
            if do == "move":
                actions.do_move_report(request.user, report, request.POST.get("status", ""))
            elif do == "urgent":
                actions.do_mark_urgent(request.user, report)
            elif do == "publish":
                actions.do_publish_report(request.user, report)
            elif do == "code":
                coded_form = CodedRecordForm(request.POST)
                if not coded_form.is_valid():
                    raise ValidationError("")
                actions.do_save_coded_record(request.user, report, **coded_form.cleaned_data)
            elif do == "assess":
                assess_form = AssessmentForm(request.POST)
                if not assess_form.is_valid():
                    raise ValidationError("")
                actions.do_assess_report(request.user, report, **assess_form.cleaned_data)
            elif do == "question":
                question_form = QuestionForm(request.POST)
                if not question_form.is_valid():
                    raise ValidationError("")
                actions.do_ask_question(request.user, report, question_form.cleaned_data["text"])
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            status = 400
            target = {"code": coded_form, "assess": assess_form, "question": question_form}.get(do)
            messages_ = [m for m in error.messages if m]
            if target is not None and messages_:
                add_action_errors(target, error)
            elif messages_:
                return render(request, "monitoring/case.html", {
                    **_case_context(request, report, coded_form, assess_form, question_form),
                    "error": messages_[0],
                }, status=400)  # fmt: skip
        else:
            return redirect("monitoring:case", pk=report.pk)
    context = _case_context(request, report, coded_form, assess_form, question_form)
    return render(request, "monitoring/case.html", context, status=status)


def _case_context(
    request: HttpRequest, report: Any, coded_form: Any, assess_form: Any, question_form: Any
) -> dict[str, Any]:
    data = queries.case(report)
    coded = data["coded"]
    if coded is not None and not coded_form.is_bound:
        coded_form = CodedRecordForm(
            initial={
                "incident_types": coded.incident_types,
                "month": coded.month,
                "country": coded.country_id,
                "region": coded.region,
                "affected": coded.affected,
                "perpetrator": coded.perpetrator,
                "objectives": list(coded.objectives.all()),
                "principles": list(coded.principles.all()),
            }
        )
    return {
        "report": report,
        **data,
        "coded_form": coded_form,
        "assess_form": assess_form,
        "question_form": question_form,
        "next_statuses": [
            (value, Status(value).label)
            for value in sorted(actions.TRANSITIONS.get(report.status, set()))
        ],
        "own_key": actions.reviewer_key_of(request.user),
        "labels": _payload_labels(),
    }


def _payload_labels() -> dict[str, dict[str, str]]:
    """Field and code labels for the browser to show a decrypted report in the reader's
    language."""
    fields = {name: str(field.label) for name, field in ReportForm.base_fields.items()}
    fields["text"] = str(_("Text"))
    codes: dict[str, str] = {}
    for vocabulary in (
        vocab.IncidentType,
        vocab.AffectedCategory,
        vocab.CountBand,
        vocab.Perpetrator,
    ):
        codes.update({str(code): str(label) for code, label in vocabulary.choices})
    return {"fields": fields, "codes": codes}


@reviewer_required
@require_GET
def sealed(request: HttpRequest, pk: int) -> HttpResponse:
    """The sealed parts of a report for the reviewer's browser to open. Logged."""
    report = access_report(request.user, pk)
    key = actions.reviewer_key_of(request.user)
    actions.record_opened(request.user, report, "opened")
    return JsonResponse(queries.sealed_for(report, key))


@reviewer_required
@require_GET
def sealed_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    report = access_report(request.user, pk)
    found = SealedFile.objects.filter(pk=file_id, submission__report=report).first()
    if found is None or not found.ciphertext:
        return JsonResponse({"error": _("This file no longer exists.")}, status=404)
    actions.record_opened(request.user, report, "file_opened")
    response = HttpResponse(bytes(found.ciphertext), content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment"
    return response

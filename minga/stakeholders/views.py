import copy
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minga.accounts import permissions
from minga.gcm.queries import set_links_query
from minga.reviews.queries import current_review

from . import actions, queries
from .access import access_accreditation, access_membership, access_organization
from .forms import (
    AccreditationApplicationForm,
    AccreditationDecisionForm,
    DirectoryFilterForm,
    MembershipDecisionForm,
    MembershipRequestForm,
    OrganizationForm,
)
from .models import AccreditationStatus, MembershipStatus

FILE_NOT_KEPT = gettext_lazy(
    "Browsers cannot keep a chosen file when a form comes back with errors: "
    "choose the logo again before you send the form."
)


def _validation_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    review = current_review()
    form = DirectoryFilterForm(request.GET or None, show_accredited=review is not None)
    form.is_valid()
    filters = form.filters()
    page = queries.directory(filters, review, request.GET.get("page"))
    can_decide = review is not None and permissions.can_decide_accreditation(request.user, review)
    return render(
        request,
        "stakeholders/directory.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "review": review,
            "can_decide": can_decide,
        },
    )


@require_GET
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    data = queries.organization_page(slug)
    if data is None:
        raise Http404
    org = data.organization
    user: Any = request.user
    review = current_review()
    membership = queries.membership_of(user, org)
    can_edit = permissions.can_edit_organization(user, org)
    context: dict[str, Any] = {
        "page": data,
        "organization": org,
        "review": review,
        "membership": membership,
        "can_edit": can_edit,
        "can_apply": permissions.can_apply_accreditation(user, org),
        "current_accreditation": None,
        "pending_requests": 0,
    }
    if review is not None:
        context["current_accreditation"] = next(
            (a for a in data.accreditations if a.review_id == review.pk), None
        )
    if can_edit:
        context["pending_requests"] = queries.pending_request_count(org)
    return render(request, "stakeholders/organization.html", context)


def _organization_form_context(form: OrganizationForm, request: HttpRequest) -> None:
    if form.errors and request.FILES.get("logo"):
        # Bound fields copy the help text when first built (during validation): set both.
        form.fields["logo"].help_text = FILE_NOT_KEPT
        form["logo"].help_text = FILE_NOT_KEPT


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OrganizationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                org = actions.do_register_organization(request.user, **form.organization_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("“%(name)s” is registered. You are its representative.") % {"name": org},
                )
                return redirect(org)
        _organization_form_context(form, request)
    else:
        form = OrganizationForm()
    return render(request, "stakeholders/organization_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = access_organization(request.user, slug, for_write=True)
    # The form works on a copy so that what was typed never shows as saved.
    instance = copy.copy(org)
    if request.method == "POST":
        form = OrganizationForm(
            request.POST, request.FILES, instance=instance, gcm_initial=set_links_query(org)
        )
        if form.is_valid():
            try:
                actions.do_update_organization(request.user, org, **form.update_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The organization's page is updated."))
                return redirect(org)
        _organization_form_context(form, request)
    else:
        form = OrganizationForm(instance=instance, gcm_initial=set_links_query(org))
    return render(
        request, "stakeholders/organization_form.html", {"form": form, "organization": org}
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    org = access_organization(request.user, slug)
    membership = queries.membership_of(request.user, org)
    if membership is not None and membership.status != MembershipStatus.DECLINED:
        return redirect(org)
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_request_membership(
                request.user,
                org,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request is sent. The representatives of %(name)s will decide on it.")
                % {"name": org},
            )
            return redirect(org)
    return render(
        request,
        "stakeholders/join.html",
        {"form": form, "organization": org, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    org = access_organization(request.user, slug)
    membership = queries.membership_of(request.user, org)
    if membership is None or membership.status == MembershipStatus.DECLINED:
        raise Http404
    if request.method == "POST":
        try:
            actions.do_leave_organization(request.user, org)
        except ValidationError as error:
            for message in _validation_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("You have left %(name)s.") % {"name": org})
        return redirect(org)
    return render(
        request, "stakeholders/leave.html", {"organization": org, "membership": membership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    org = access_organization(request.user, slug)
    if not permissions.can_manage_members(request.user, org):
        raise PermissionDenied
    if request.method == "POST":
        form = MembershipDecisionForm(request.POST)
        if form.is_valid():
            membership = access_membership(
                request.user, form.cleaned_data["membership"], for_write=True
            )
            if membership.organization_id != org.pk:
                raise Http404
            approve = form.cleaned_data["decision"] == "approve"
            try:
                actions.do_decide_membership(request.user, membership, approve=approve)
            except ValidationError as error:
                for message in _validation_messages(error):
                    messages.error(request, message)
            else:
                text = (
                    _("%(person)s is now a member.")
                    if approve
                    else _("The request of %(person)s is declined.")
                )
                messages.success(request, text % {"person": membership.person})
        else:
            messages.error(request, _("The decision could not be read. Try again."))
        return redirect("stakeholders:members", slug=org.slug)
    return render(
        request,
        "stakeholders/members.html",
        {"organization": org, "overview": queries.members_overview(org)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def accreditation_apply(request: HttpRequest, slug: str) -> HttpResponse:
    org = access_organization(request.user, slug)
    if not permissions.can_apply_accreditation(request.user, org):
        raise PermissionDenied
    review = current_review()
    if review is None:
        raise Http404
    existing = queries.accreditation_of(org, review)
    may_apply = existing is None or existing.status == AccreditationStatus.DECLINED
    form = AccreditationApplicationForm(request.POST or None)
    if request.method == "POST" and may_apply and form.is_valid():
        try:
            actions.do_apply_accreditation(
                request.user, org, review, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error("motivation", error)
        else:
            messages.success(
                request,
                _("The application is sent. You will see the decision on this page."),
            )
            return redirect(org)
    return render(
        request,
        "stakeholders/accreditation_apply.html",
        {
            "form": form,
            "organization": org,
            "review": review,
            "existing": existing,
            "may_apply": may_apply,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accreditations(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if review is None:
        raise Http404
    if not permissions.can_decide_accreditation(request.user, review):
        raise PermissionDenied
    failed: AccreditationDecisionForm | None = None
    failed_id: int | None = None
    if request.method == "POST":
        raw_id = request.POST.get("accreditation", "")
        form = AccreditationDecisionForm(
            request.POST, auto_id=f"acc{raw_id}_%s" if raw_id.isdigit() else "acc_%s"
        )
        if form.is_valid():
            accreditation = access_accreditation(
                request.user, form.cleaned_data["accreditation"], for_write=True
            )
            approve = form.cleaned_data["decision"] == "approve"
            try:
                actions.do_decide_accreditation(
                    request.user, accreditation, approve=approve, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                text = (
                    _("%(name)s is accredited.")
                    if approve
                    else _("The application of %(name)s is declined.")
                )
                messages.success(request, text % {"name": accreditation.organization})
                return redirect("stakeholders:accreditations")
        failed = form
        failed_id = (
            form.cleaned_data.get("accreditation") if hasattr(form, "cleaned_data") else None
        )
    queue = queries.accreditation_queue(review)
    rows = [
        (
            item,
            failed
            if failed is not None and item.pk == failed_id
            else AccreditationDecisionForm(
                initial={"accreditation": item.pk}, auto_id=f"acc{item.pk}_%s"
            ),
        )
        for item in queue.pending
    ]
    return render(
        request,
        "stakeholders/accreditations.html",
        {
            "review": review,
            "rows": rows,
            "decided": queue.decided,
            "failed": failed,
            # An error we cannot show beside an application (unknown or already decided).
            "orphan_error": failed is not None and not any(f is failed for _i, f in rows),
        },
    )


@require_GET
def popolo(request: HttpRequest) -> HttpResponse:
    body = json.dumps(queries.popolo_export(), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="minga-organizations-popolo.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response

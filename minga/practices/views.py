from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors

from . import actions, permissions, queries
from .access import access_adoption, access_clarification, access_practice
from .forms import (
    AdoptForm,
    AnswerForm,
    AssignForm,
    ClarificationForm,
    ConfigureForm,
    PracticeFilterForm,
    PracticeForm,
    VerdictForm,
)
from .models import CRITERIA, REVIEWABLE, Practice, PracticeStatus


@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    page = queries.practice_list(filters, request.GET.get("page"))
    return render(
        request,
        "practices/list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "can_submit": permissions.can_submit_practice(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    allowed = permissions.can_submit_practice(request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form = PracticeForm(request.POST)
        if form.is_valid():
            try:
                practice = actions.do_submit_practice(request.user, **form.action_kwargs())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The practice is submitted. Reviewers will be assigned to it."),
                )
                return redirect(practice)
        status = 400
    else:
        form = PracticeForm(initial={"language": request.LANGUAGE_CODE})
        status = 200
    return render(request, "practices/form.html", {"form": form, "allowed": allowed}, status=status)


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "practices/workspace.html",
        {
            "workspace": queries.review_workspace(request.user),
            "submissions": queries.my_submissions(request.user),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access_practice(request.user, pk))


def _detail_page(
    request: HttpRequest,
    practice: Practice,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    user: Any = request.user
    page = queries.practice_page(user, practice)
    reviewable = practice.status in REVIEWABLE
    can_assign = permissions.can_assign_reviewers(user)
    is_submitter = permissions.is_submitter(user, practice)
    context: dict[str, Any] = {
        "practice": practice,
        "page": page,
        "criteria": CRITERIA,
        "reviewable": reviewable,
        "can_assign": can_assign and reviewable,
        "is_submitter": is_submitter,
        "can_adopt": practice.status == PracticeStatus.PUBLISHED and user.is_authenticated,
        "assign_form": forms.get("assign_form") or AssignForm(),
        "configure_form": forms.get("configure_form")
        or ConfigureForm(
            initial={
                "un_reviewers": practice.required_un_reviewers,
                "external_reviewers": practice.required_external_reviewers,
            }
        ),
        "verdict_form": forms.get("verdict_form") or _verdict_form(page),
        "clarification_form": forms.get("clarification_form") or ClarificationForm(),
        "adopt_form": forms.get("adopt_form") or AdoptForm(),
    }
    if is_submitter and reviewable:
        answer_for = forms.get("answer_for")
        for clarification in page.clarifications:
            if clarification.is_open:
                clarification.answer_form = (  # type: ignore[attr-defined]
                    forms["answer_form"]
                    if answer_for is not None and answer_for.pk == clarification.pk
                    else AnswerForm(auto_id=f"id_answer{clarification.pk}_%s")
                )
    return render(request, "practices/detail.html", context, status=status)


def _verdict_form(page: queries.PracticePage) -> VerdictForm:
    verdict = getattr(page.my_assignment, "verdict", None) if page.my_assignment else None
    if verdict is None:
        return VerdictForm()
    initial: dict[str, Any] = {"recommendation": verdict.recommendation, "summary": verdict.summary}
    for key, _label in CRITERIA:
        initial[key] = getattr(verdict, key)
        initial[f"{key}_comment"] = getattr(verdict, f"{key}_comment")
    return VerdictForm(initial=initial)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_assign_reviewers(request.user):
        raise PermissionDenied
    practice = access_practice(request.user, pk, for_write=True)
    form = AssignForm(request.POST)
    if form.is_valid():
        reviewer = queries.user_by_email(form.cleaned_data["email"])
        if reviewer is None:
            form.add_error("email", _("Nobody has an account with this e-mail address."))
        else:
            try:
                actions.do_assign_reviewer(
                    request.user, practice, reviewer, role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s now reviews this practice.") % {"name": reviewer}
                )
                return redirect(f"{practice.get_absolute_url()}#review")
    return _detail_page(request, practice, assign_form=form, status=400)


@login_required
@require_POST
def configure(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_assign_reviewers(request.user):
        raise PermissionDenied
    practice = access_practice(request.user, pk, for_write=True)
    form = ConfigureForm(request.POST)
    if form.is_valid():
        try:
            actions.do_configure_review(request.user, practice, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The review panel is updated."))
            return redirect(f"{practice.get_absolute_url()}#review")
    return _detail_page(request, practice, configure_form=form, status=400)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access_practice(request.user, pk, for_write=True)
    if not permissions.is_assigned_reviewer(request.user, practice):
        raise PermissionDenied
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            actions.do_review_practice(request.user, practice, **form.action_kwargs())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            practice.refresh_from_db()
            if practice.status == PracticeStatus.PUBLISHED:
                messages.success(
                    request, _("Your verdict completed the peer review: the practice is published.")
                )
            else:
                messages.success(request, _("Your verdict is recorded."))
            return redirect(f"{practice.get_absolute_url()}#review")
    return _detail_page(request, practice, verdict_form=form, status=400)


@login_required
@require_POST
def clarify(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access_practice(request.user, pk, for_write=True)
    if not permissions.is_assigned_reviewer(request.user, practice):
        raise PermissionDenied
    form = ClarificationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_request_clarification(
                request.user, practice, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your question is sent to the submitter."))
            return redirect(f"{practice.get_absolute_url()}#clarifications")
    return _detail_page(request, practice, clarification_form=form, status=400)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, clarification_id: int) -> HttpResponse:
    practice = access_practice(request.user, pk, for_write=True)
    clarification = access_clarification(request.user, practice, clarification_id)
    if not permissions.can_answer_clarification(request.user, practice):
        raise PermissionDenied
    form = AnswerForm(request.POST, auto_id=f"id_answer{clarification.pk}_%s")
    if form.is_valid():
        try:
            actions.do_answer_clarification(
                request.user, clarification, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your answer is sent to the reviewers."))
            return redirect(f"{practice.get_absolute_url()}#clarifications")
    return _detail_page(request, practice, answer_form=form, answer_for=clarification, status=400)


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access_practice(request.user, pk)
    form = AdoptForm(request.POST)
    if form.is_valid():
        item = queries.adoptable_item(form.cleaned_data["kind"], form.cleaned_data["number"])
        if item is None:
            form.add_error("number", _("There is no initiative or proposal with this number."))
        else:
            try:
                actions.do_adopt_practice(
                    request.user, practice, item, note=form.cleaned_data.get("note") or ""
                )
            except ValidationError as error:
                add_action_errors(form, error)
                if "item" in getattr(error, "error_dict", {}):
                    form.add_error("number", error.error_dict["item"])
            else:
                messages.success(request, _("The adoption is recorded."))
                return redirect(f"{practice.get_absolute_url()}#adoptions")
    return _detail_page(request, practice, adopt_form=form, status=400)


@login_required
@require_POST
def remove_adoption(request: HttpRequest, pk: int, adoption_id: int) -> HttpResponse:
    practice = access_practice(request.user, pk)
    adoption = access_adoption(request.user, practice, adoption_id)
    actions.do_remove_adoption(request.user, adoption)
    messages.success(request, _("The adoption is removed."))
    return redirect(f"{practice.get_absolute_url()}#adoptions")

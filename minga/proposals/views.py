from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core import timeline
from minga.core.forms import add_action_errors
from minga.gcm.queries import set_links_query

from . import actions, permissions, queries
from .access import access_comment, access_proposal, may_see_content
from .forms import AnswerForm, CommentForm, MergeForm, ProposalFilterForm, ProposalForm
from .models import Proposal

FILES_NOT_KEPT = gettext_lazy(
    "Browsers cannot keep chosen files when a form comes back with errors: "
    "choose the attachments again before you send the form."
)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = ProposalFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    page = queries.proposal_list(filters, request.GET.get("page"))
    return render(
        request, "proposals/list.html", {"form": form, "filters": filters, "page_obj": page}
    )


def _form_page(request: HttpRequest, form: ProposalForm, proposal: Proposal | None) -> HttpResponse:
    if form.errors and request.FILES.getlist("attachments"):
        form.fields["attachments"].help_text = FILES_NOT_KEPT
        form["attachments"].help_text = FILES_NOT_KEPT
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                proposal = actions.do_submit_proposal(request.user, **form.action_kwargs())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Your proposal is published. Thank you."))
                return redirect(proposal)
    else:
        form = ProposalForm(user=request.user, initial={"language": request.LANGUAGE_CODE})
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, for_write=True)
    initial = {
        "title": proposal.title,
        "text": proposal.text,
        "language": proposal.language,
        "corridor_roles": proposal.corridor_roles,
    }
    links = set_links_query(proposal)
    if request.method == "POST":
        form = ProposalForm(
            request.POST, request.FILES, user=request.user, editing=True, gcm_initial=links
        )
        if form.is_valid():
            try:
                actions.do_edit_proposal(request.user, proposal, **form.action_kwargs())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The proposal is updated."))
                return redirect(proposal)
    else:
        form = ProposalForm(user=request.user, editing=True, initial=initial, gcm_initial=links)
    return _form_page(request, form, proposal)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    return _detail_page(request, proposal)


def _detail_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    comment_form: CommentForm | None = None,
    answer_form: AnswerForm | None = None,
    merge_form: MergeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    show_content = may_see_content(user, proposal)
    context: dict[str, Any] = {
        "proposal": proposal,
        "show_content": show_content,
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_answer": permissions.can_answer_proposal(user),
        "can_moderate": permissions.can_moderate_proposals(user),
    }
    if show_content:
        context.update(
            page=queries.proposal_page(proposal),
            steps=timeline.steps_for(proposal),
            endorsement=queries.endorsement_state(user, proposal),
            comment_form=comment_form or CommentForm(),
            answer_form=answer_form or AnswerForm(),
            merge_form=merge_form or MergeForm(),
        )
    return render(request, "proposals/detail.html", context, status=status)


@login_required
@require_POST
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    organization = _organization_from(request, proposal)
    withdraw = request.POST.get("withdraw") == "1"
    try:
        if withdraw:
            actions.do_withdraw_endorsement(request.user, proposal, organization=organization)
            messages.success(request, _("Your endorsement is withdrawn."))
        else:
            actions.do_endorse_proposal(request.user, proposal, organization=organization)
            if organization is not None:
                messages.success(
                    request,
                    _("%(name)s endorses this proposal.") % {"name": organization},
                )
            else:
                messages.success(request, _("You endorse this proposal."))
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect(f"{proposal.get_absolute_url()}#endorsements")


def _organization_from(request: HttpRequest, proposal: Proposal) -> Any:
    raw = request.POST.get("organization", "")
    if not raw:
        return None
    state = queries.endorsement_state(request.user, proposal)
    for organization, _endorsed in state.organizations:
        if str(organization.pk) == raw:
            return organization
    raise PermissionDenied


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    if not may_see_content(request.user, proposal):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        parent = access_comment(request.user, proposal, parent_id) if parent_id else None
        try:
            new = actions.do_comment_proposal(
                request.user, proposal, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(f"{proposal.get_absolute_url()}#comment-{new.pk}")
    return _detail_page(request, proposal, comment_form=form, status=400)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_answer_proposal(request.user):
        raise PermissionDenied
    proposal = access_proposal(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.do_answer_proposal(request.user, proposal, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The official answer is published."))
            return redirect(f"{proposal.get_absolute_url()}#answers")
    return _detail_page(request, proposal, answer_form=form, status=400)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_moderate_proposals(request.user):
        raise PermissionDenied
    proposal = access_proposal(request.user, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            into = access_proposal(request.user, form.cleaned_data["into"])
        except Http404:
            form.add_error("into", _("There is no proposal with this number."))
        else:
            try:
                actions.do_merge_proposals(request.user, proposal, into=into)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The proposals are merged."))
                return redirect(into)
    return _detail_page(request, proposal, merge_form=form, status=400)


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    proposal = access_proposal(request.user, pk)
    if not may_see_content(request.user, proposal):
        raise Http404
    item = proposal.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.kind == "pdf",
        filename=item.original_name if item.kind == "pdf" else "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

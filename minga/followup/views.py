from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core.forms import add_action_errors
from minga.core.ids import parse_id
from minga.reviews.queries import current_review

from . import access, actions, permissions, queries
from .forms import (
    BulletinForm,
    ProgressForm,
    RecommendationForm,
    ResponseForm,
    TrackerFilterForm,
    VerificationForm,
)
from .models import BulletinStatus, BulletinSubscription, Recommendation


@require_GET
def tracker(request: HttpRequest) -> HttpResponse:
    review = current_review()
    addressees = queries.addressee_choices(review) if review else []
    form = TrackerFilterForm(request.GET or None, addressees=addressees)
    filters = queries.Filters(**form.filters())
    page = queries.tracker(review, filters, request.GET.get("page")) if review else None
    return render(
        request,
        "followup/tracker.html",
        {
            "review": review,
            "form": form,
            "filters": filters,
            "page_obj": page,
            "rollup": queries.rollup(review, filters) if review else None,
            "commitments": queries.dialogue_commitments(filters),
            "can_create": review is not None
            and permissions.can_create_recommendation(request.user, review),
        },
    )


def _detail_page(
    request: HttpRequest, recommendation: Recommendation, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    organizations = permissions.verifying_organizations(user, recommendation.review)
    addressees = list(recommendation.addressees.all())
    for a in addressees:
        a.can_speak = permissions.can_speak_for(user, a)  # type: ignore[attr-defined]
        a.overdue = a.is_overdue()  # type: ignore[attr-defined]
        # One set of forms per addressee and update, with ids of their own.
        a.response_form = ResponseForm(auto_id=f"r{a.pk}_%s")  # type: ignore[attr-defined]
        a.progress_form = ProgressForm(auto_id=f"p{a.pk}_%s")  # type: ignore[attr-defined]
        for u in a.updates.all():
            u.verification_form = VerificationForm(  # type: ignore[attr-defined]
                organizations=organizations, auto_id=f"v{u.pk}_%s"
            )
    return render(
        request,
        "followup/detail.html",
        {
            "recommendation": recommendation,
            "addressees": addressees,
            "objectives": [
                link.objective for link in recommendation.gcm_links.all() if link.objective_id
            ],
            "organizations": organizations,
            "failed": forms.get("failed"),
            "failed_form": forms.get("failed_form"),
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access.access_recommendation(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if review is None or not permissions.can_create_recommendation(request.user, review):
        raise PermissionDenied
    paragraph = None
    pid = parse_id(request.POST.get("paragraph") or request.GET.get("paragraph"))
    if pid is not None:
        from minga.reports.access import access_paragraph

        paragraph = access_paragraph(request.user, pid)
    initial = {"language": request.LANGUAGE_CODE, "paragraph": pid}
    if paragraph is not None:
        initial.update(text=paragraph.text, language=paragraph.section.chapter.report.language)
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recommendation = actions.do_create_recommendation(
                request.user, review, text=data["text"], due_on=data["due_on"], countries=data["countries"],
                institutions=data["institutions"], paragraph=paragraph, language=data["language"],
                **form.gcm_links(),
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The recommendation is in the tracker."))
            return redirect(recommendation)
    return render(
        request, "followup/create.html", {"form": form, "paragraph": paragraph},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


def _post(
    request: HttpRequest, recommendation_id: int, form: Any, call: Any, ok: str, anchor: str
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, ok)
            return redirect(reverse("followup:detail", args=[recommendation_id]) + anchor)
    recommendation = access.access_recommendation(request.user, recommendation_id)
    return _detail_page(request, recommendation, 400, failed=anchor, failed_form=form)


@login_required
@require_POST
def respond(request: HttpRequest, addressee_id: int) -> HttpResponse:
    addressee = access.access_addressee(request.user, addressee_id, for_write=True)
    return _post(
        request, addressee.recommendation_id, ResponseForm(request.POST),
        lambda f: actions.do_respond_recommendation(request.user, addressee, **f.cleaned_data),
        _("The response is published."), f"#addressee-{addressee.pk}",
    )  # fmt: skip


@login_required
@require_POST
def progress(request: HttpRequest, addressee_id: int) -> HttpResponse:
    addressee = access.access_addressee(request.user, addressee_id, for_write=True)
    return _post(
        request, addressee.recommendation_id, ProgressForm(request.POST),
        lambda f: actions.do_post_progress(request.user, addressee, **f.cleaned_data),
        _("The progress update is published."), f"#addressee-{addressee.pk}",
    )  # fmt: skip


@login_required
@require_POST
def verify(request: HttpRequest, update_id: int) -> HttpResponse:
    update = access.access_update(request.user, update_id)
    review = update.addressee.recommendation.review
    organizations = permissions.verifying_organizations(request.user, review)
    if not organizations:
        raise PermissionDenied
    form = VerificationForm(request.POST, organizations=organizations)

    def call(f: VerificationForm) -> None:
        actions.do_verify_progress(
            request.user, update, organization=f.organizations[f.cleaned_data["organization"]],
            verdict=f.cleaned_data["verdict"], evidence=f.cleaned_data["evidence"],
        )  # fmt: skip

    return _post(
        request,
        update.addressee.recommendation_id,
        form,
        call,
        _("Your verification is published."),
        f"#update-{update.pk}",
    )


# Bulletin ------------------------------------------------------------------------------------


@require_GET
def bulletins(request: HttpRequest) -> HttpResponse:
    review = current_review()
    editor = review is not None and permissions.can_edit_bulletin(request.user, review)
    subscribed = (
        request.user.is_authenticated
        and BulletinSubscription.objects.filter(user=request.user).exists()
    )
    return render(
        request,
        "followup/bulletins.html",
        {
            "review": review,
            "archive": queries.sent_bulletins(review),
            "drafts": queries.bulletin_drafts(review) if editor else [],
            "editor": editor,
            "subscribed": subscribed,
        },
    )


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("subscribe") == "1"
    try:
        actions.do_subscribe_bulletin(request.user, subscribe=wanted)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You will receive the monthly bulletin.")
            if wanted
            else _("You will no longer receive the bulletin."),
        )
    return redirect("followup:bulletins")


@login_required
@require_POST
def bulletin_draft(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if review is None:
        raise Http404
    try:
        bulletin = actions.do_draft_bulletin(request.user, review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("followup:bulletins")
    return redirect(bulletin)


def _bulletin_page(
    request: HttpRequest, bulletin: Any, status: int = 200, form: Any = None
) -> HttpResponse:
    editor = permissions.can_edit_bulletin(request.user, bulletin.review)
    language = request.LANGUAGE_CODE
    if form is None and editor and bulletin.status == BulletinStatus.DRAFT:
        form = BulletinForm(initial={"language": language, "body": bulletin.body_in(language)})
    return render(
        request, "followup/bulletin.html",
        {"bulletin": bulletin, "body": bulletin.body_in(language), "editor": editor, "form": form},
        status=status,
    )  # fmt: skip


@require_GET
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    return _bulletin_page(request, access.access_bulletin(request.user, pk))


@login_required
@require_POST
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.access_bulletin(request.user, pk, for_write=True)
    form = BulletinForm(request.POST)
    if form.is_valid():
        try:
            actions.do_edit_bulletin(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The bulletin is saved."))
            return redirect(item)
    return _bulletin_page(request, item, 400, form)


@login_required
@require_POST
def bulletin_send(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.access_bulletin(request.user, pk, for_write=True)
    try:
        count = actions.do_send_bulletin(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The bulletin was sent to %(count)d subscribers and archived.") % {"count": count},
        )
    return redirect(item)


@csrf_exempt  # the signed token is the right; mail clients' one-click POST has no CSRF token
@require_http_methods(["GET", "POST"])
def bulletin_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The bulletin e-mail's link: a page with one button (GET never unsubscribes, so link
    scanners do nothing); mail clients' RFC 8058 one-click POST unsubscribes directly."""
    try:
        actions.read_bulletin_unsubscribe_token(token)
    except ValidationError as error:
        return render(
            request, "followup/bulletin_unsubscribe.html", {"error": error.messages[0]}, status=400
        )
    done = False
    if request.method == "POST":
        actions.do_unsubscribe_bulletin(token)
        done = True
    return render(request, "followup/bulletin_unsubscribe.html", {"done": done})

"""Session pages: programme, session, registration and tickets, check-in, live room.

Live-room writes are plain POST forms (they work without JavaScript); the room's script sends
the same forms with fetch and gets a short JSON answer instead of a redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core import links
from minga.core.forms import add_action_errors
from minga.gcm.queries import set_links_query
from minga.reviews.queries import review_by_slug

from . import actions, calendar, emails, permissions, queries
from .access import (
    access_floor_request,
    access_question,
    access_registration,
    access_session,
    access_session_role,
)
from .constituency import constituency_of
from .forms import (
    AssignRoleForm,
    FloorForm,
    HideForm,
    MergeForm,
    NoteForm,
    QuestionForm,
    RegistrationForm,
    SessionForm,
    SummaryForm,
    TemplateForm,
    session_initial,
)
from .methodology import METHODOLOGIES
from .models import Question, Session

# Programme and sessions ---------------------------------------------------------------------


def _review_from(request: HttpRequest) -> Any:
    slug = request.GET.get("review", "")
    review = review_by_slug(slug) if slug else queries.current_programme_review()
    return review


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    review = _review_from(request)
    can_organize = review is not None and permissions.can_organize_sessions(request.user, review)
    prog = queries.programme(review, with_drafts=can_organize) if review else None
    if prog is not None:
        # Links other apps add to the session cards (open calls for nominations…).
        links.attach("hearings.session", [s for day in prog.days for s in day.sessions])
    return render(
        request,
        "hearings/programme.html",
        {"review": review, "programme": prog, "can_organize": can_organize},
    )


def _session_form_response(
    request: HttpRequest, form: SessionForm, review: Any, session: Session | None, template: str
) -> HttpResponse:
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "review": review,
        "session": session,
        "methodology": METHODOLOGIES.get(template or (session.template if session else "")),
        "template": template,
    }
    return render(request, "hearings/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    review = _review_from(request)
    if review is None:
        raise Http404
    if not permissions.can_organize_sessions(request.user, review):
        raise PermissionDenied
    template = request.POST.get("template") or request.GET.get("template", "")
    method = METHODOLOGIES.get(template)
    if method is None:
        choice = TemplateForm(request.GET if "template" in request.GET else None)
        choice.is_valid()
        return render(
            request,
            "hearings/choose_template.html",
            {"form": choice, "review": review, "methodologies": METHODOLOGIES.values()},
            status=400 if choice.errors else 200,
        )
    zone = queries.review_zone(review)
    with timezone.override(zone):
        if request.method == "POST":
            form = SessionForm(request.POST)
            if form.is_valid():
                try:
                    session = actions.do_create_session(
                        request.user, review, template=template, kind=method.kind,
                        **form.action_kwargs(),
                    )  # fmt: skip
                except ValidationError as error:
                    add_action_errors(form, error)
                else:
                    messages.success(request, _("The session is saved as a draft."))
                    return redirect(session)
        else:
            initial: dict[str, Any] = {
                "format": method.format,
                "speaking_time_seconds": method.speaking_time_seconds,
                "requires_check_in": method.requires_check_in,
                "agenda": "\n".join(f"{t} | {m}" for t, m in method.agenda),
                "questionnaire": "\n".join(str(q) for q in method.questionnaire),
                "languages": ["es", "en"],
            }
            for role, count in method.roles.items():
                initial[f"role_{role}"] = count
            form = SessionForm(initial=initial)
        return _session_form_response(request, form, review, None, template)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk, for_write=True)
    zone = queries.review_zone(session.review)
    links = set_links_query(session)
    with timezone.override(zone):
        if request.method == "POST":
            form = SessionForm(request.POST, gcm_initial=links)
            if form.is_valid():
                kwargs = form.action_kwargs()
                if kwargs["objectives"] is None:
                    kwargs["objectives"] = []
                try:
                    actions.do_update_session(request.user, session, **kwargs)
                except ValidationError as error:
                    add_action_errors(form, error)
                else:
                    messages.success(request, _("The session is updated."))
                    return redirect(session)
        else:
            form = SessionForm(initial=session_initial(session, zone), gcm_initial=links)
        return _session_form_response(request, form, session.review, session, session.template)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk, for_write=True)
    try:
        if request.POST.get("cancel") == "1":
            actions.do_cancel_session(request.user, session)
            messages.success(request, _("The session is cancelled."))
        else:
            actions.do_publish_session(request.user, session)
            messages.success(request, _("The session is published in the programme."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(session)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    page = queries.session_page(session, request.user)
    user: Any = request.user
    extra_links = (
        links.for_objects("hearings.session", [session]).get(session.pk, [])
        if session.is_public
        else []
    )
    return render(
        request,
        "hearings/detail.html",
        {
            "session": session,
            "page": page,
            "extra_links": extra_links,
            "zone": session.review.time_zone,
            "can_organize": permissions.can_organize_sessions(user, session.review),
            "can_moderate": permissions.can_moderate_session(user, session),
            "can_register": permissions.can_register(user, session),
            "register_form": RegistrationForm(session=session),
            "assign_form": AssignRoleForm(),
        },
    )


@login_required
@require_POST
def assign_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Organizers put a person in a role directly (the committee's selection uses the same
    action with its own source)."""
    session = access_session(request.user, pk, for_write=True)
    form = AssignRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the e-mail address of a person and a role."))
        return redirect(session)
    person = queries.person_by_email(form.cleaned_data["email"])
    if person is None:
        messages.error(request, _("Nobody has a Minga account with this e-mail address."))
        return redirect(session)
    try:
        actions.do_assign_session_role(
            request.user, session, person, form.cleaned_data["role"],
            organization=constituency_of(person, session.review).organization,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is in the role.") % {"name": person})
    return redirect(session)


@login_required
@require_POST
def remove_role(request: HttpRequest, pk: int, role_id: int) -> HttpResponse:
    session = access_session(request.user, pk, for_write=True)
    assignment = access_session_role(request.user, session, role_id)
    actions.do_remove_session_role(request.user, assignment)
    messages.success(request, _("The person is no longer in the role."))
    return redirect(session)


@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    if not session.is_public and session.status != "cancelled":
        raise Http404
    body = calendar.session_calendar(session)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@require_GET
def review_ics(request: HttpRequest, slug: str) -> HttpResponse:
    review = review_by_slug(slug)
    if review is None:
        raise Http404
    body = calendar.review_calendar(review)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{review.slug}.ics"'
    return response


# Registration, tickets, check-in -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    form = RegistrationForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.do_register(request.user, session, **form.action_kwargs())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            if registration.status == "confirmed":
                messages.success(
                    request, _("You are registered. Your ticket is on its way by e-mail.")
                )
            else:
                messages.info(
                    request,
                    _(
                        "The session is full: you are on the waiting list. We will e-mail you if a place opens."
                    ),
                )
            return redirect(session)
    status = 400 if form.errors else 200
    return render(
        request, "hearings/register.html", {"session": session, "form": form}, status=status
    )


@login_required
@require_POST
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    registration = queries.registration_of(request.user, session)
    if registration is None:
        raise Http404
    registration.session = session
    try:
        actions.do_cancel_registration(request.user, registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(session)


@login_required
@require_GET
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    registration = queries.registration_of(request.user, session)
    if registration is None or registration.status != "confirmed":
        messages.info(request, _("You have no confirmed place at this session."))
        return redirect(session)
    registration.session = session
    qr = emails.qr_svg(emails.check_in_url(registration))
    return render(
        request,
        "hearings/ticket.html",
        {
            "session": session,
            "registration": registration,
            "qr": qr,
            "zone": session.review.time_zone,
        },
    )


@login_required
@require_GET
def check_in_list(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    if not permissions.can_moderate_session(request.user, session):
        raise PermissionDenied
    return render(
        request,
        "hearings/check_in.html",
        {"session": session, "registrations": queries.check_in_list(session)},
    )


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    session = access_session(request.user, pk)
    registration = access_registration(request.user, session, registration_id, for_check_in=True)
    try:
        actions.do_check_in(request.user, registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.person})
    return redirect("hearings:check_in_list", session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_token(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The QR code's address: a moderator who scans it confirms the check-in (GET shows whom)."""
    session = access_session(request.user, pk)
    if not permissions.can_moderate_session(request.user, session):
        raise PermissionDenied
    registration_id = actions.registration_from_token(token)
    if registration_id is None:
        return render(
            request,
            "hearings/check_in_token.html",
            {"session": session, "invalid": True},
            status=400,
        )
    registration = access_registration(request.user, session, registration_id, for_check_in=True)
    if request.method == "POST":
        try:
            actions.do_check_in(request.user, registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.person})
        return redirect("hearings:check_in_list", session.pk)
    return render(
        request, "hearings/check_in_token.html", {"session": session, "registration": registration}
    )


# Live room ---------------------------------------------------------------------------------

PARTS = ("questions", "speakers", "presence", "notes")


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _live_context(request: HttpRequest, session: Session, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    moderator = permissions.can_moderate_session(user, session)
    registration = queries.registration_of(user, session)
    sort = request.GET.get("sort", "votes")
    sort = sort if sort in queries.SORTS else "votes"
    context: dict[str, Any] = {
        "session": session,
        "zone": session.review.time_zone,
        "moderator": moderator,
        "participant": permissions.can_participate(user, session, registration),
        "registration": registration,
        "can_read_notes": permissions.can_read_notes(user, session),
        "can_take_notes": permissions.can_take_notes(user, session),
        "sort": sort,
        "sorts": [
            ("votes", _("Most votes")),
            ("recent", _("Most recent")),
            ("constituency", _("By constituency")),
        ],
        "question_form": QuestionForm(),
        "floor_form": FloorForm(),
        "hide_form": HideForm(),
        "merge_form": MergeForm(),
    }
    context.update(extra)
    return context


def _part_context(
    request: HttpRequest, session: Session, part: str, context: dict[str, Any]
) -> None:
    user: Any = request.user
    if part == "questions":
        context["questions"] = queries.questions(
            session, user, moderator=context["moderator"], sort=context["sort"]
        )
    elif part == "speakers":
        context["speakers"] = queries.speakers(session, user)
    elif part == "presence":
        context["presence"] = queries.presence(session)
    elif part == "notes" and context["can_read_notes"]:
        context["notes"] = queries.notes(session)
        context["agenda"] = list(session.agenda.all())
        context["note_form"] = NoteForm(agenda=context["agenda"])


def _live_page(
    request: HttpRequest, session: Session, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _live_context(request, session, **extra)
    for part in PARTS:
        _part_context(request, session, part, context)
    return render(request, "hearings/live.html", context, status=status)


@require_GET
def live_room(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    if not session.is_public:
        raise Http404
    return _live_page(request, session)


@require_GET
def live_projector(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    if not session.is_public:
        raise Http404
    context = _live_context(request, session, projector=True)
    context["moderator"] = False  # the room screen shows only what everyone may see
    for part in ("questions", "speakers", "presence"):
        _part_context(request, session, part, context)
    return render(request, "hearings/projector.html", context)


@require_GET
def live_part(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """One part of the room, rendered for this viewer (fetched after a push or by polling)."""
    session = access_session(request.user, pk)
    if not session.is_public or part not in PARTS:
        raise Http404
    context = _live_context(request, session)
    if request.GET.get("projector") == "1":
        context["moderator"] = False
        context["projector"] = True
    if part == "notes" and not context["can_read_notes"]:
        raise PermissionDenied
    _part_context(request, session, part, context)
    return render(request, f"hearings/live/_{part}.html", context)


def _after_write(
    request: HttpRequest,
    session: Session,
    done: str,
    *,
    error: Exception | None = None,
    status: int = 200,
    anchor: str = "",
) -> HttpResponse:
    """The answer to a live-room POST: JSON for the script, a redirect (or the room with the
    error) for plain forms."""
    if error is not None:
        text = (
            " ".join(getattr(error, "messages", [])) or str(error) or _("You cannot do this here.")
        )
        if _is_fetch(request):
            return JsonResponse({"ok": False, "error": text}, status=status)
        messages.error(request, text)
        return _live_page(request, session, status=status)
    if _is_fetch(request):
        return JsonResponse({"ok": True, "message": done})
    messages.success(request, done)
    return redirect(reverse("hearings:live", args=[session.pk]) + anchor)


def _run(
    request: HttpRequest, session: Session, done: str, call: Any, anchor: str = ""
) -> HttpResponse:
    try:
        call()
    except PermissionDenied as error:
        if not str(error):
            error = PermissionDenied(_("You cannot do this in this session."))
        return _after_write(request, session, done, error=error, status=403)
    except ValidationError as error:
        return _after_write(request, session, done, error=error, status=400)
    return _after_write(request, session, done, anchor=anchor)


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        if _is_fetch(request):
            errors = [str(e) for errs in form.errors.values() for e in errs]
            return JsonResponse({"ok": False, "error": " ".join(errors)}, status=400)
        return _live_page(request, session, status=400, question_form=form)
    try:
        actions.do_ask_question(
            request.user,
            session,
            form.cleaned_data["text"],
            anonymous=form.cleaned_data["anonymous"],
        )
    except PermissionDenied as error:
        return _after_write(request, session, "", error=error, status=403)
    except ValidationError as error:
        if _is_fetch(request):
            return _after_write(request, session, "", error=error, status=400)
        add_action_errors(form, error)
        return _live_page(request, session, status=400, question_form=form)
    return _after_write(
        request,
        session,
        _("Your question is sent. The moderators will review it."),
        anchor="#questions",
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    session = access_session(request.user, pk)
    question = access_question(request.user, session, question_id)
    return _run(
        request, session, _("Your vote is counted."),
        lambda: actions.do_vote_question(request.user, question), anchor=f"#q{question.pk}",
    )  # fmt: skip


@login_required
@require_POST
def moderate_question(request: HttpRequest, pk: int, question_id: int, verb: str) -> HttpResponse:
    session = access_session(request.user, pk)
    question = access_question(request.user, session, question_id)
    if not permissions.can_moderate_session(request.user, session):
        return _after_write(
            request, session, "",
            error=PermissionDenied(_("Only the moderators of this session can do this.")), status=403,
        )  # fmt: skip
    reason = ""
    into: Question | None = None
    if verb == "hide":
        reason = request.POST.get("reason", "")
    elif verb == "merge":
        merge = MergeForm(request.POST)
        if not merge.is_valid():
            return _after_write(
                request, session, "",
                error=ValidationError(_("Give the number of the question to merge into.")), status=400,
            )  # fmt: skip
        into = Question.objects.filter(pk=merge.cleaned_data["into"], session=session).first()
    done = {
        "approve": _("The question is approved."),
        "hide": _("The question is hidden."),
        "merge": _("The questions are merged."),
        "highlight": _("The question is highlighted."),
        "answered": _("The question is marked answered."),
    }.get(verb)
    if done is None:
        raise Http404
    return _run(
        request, session, done,
        lambda: actions.do_moderate_question(request.user, question, verb, reason=str(reason), into=into),
        anchor=f"#q{question.pk}",
    )  # fmt: skip


@login_required
@require_POST
def request_floor(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    form = FloorForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    return _run(
        request, session, _("You are on the speakers list."),
        lambda: actions.do_request_floor(request.user, session, kind), anchor="#speakers",
    )  # fmt: skip


@login_required
@require_POST
def manage_floor(request: HttpRequest, pk: int, request_id: int, verb: str) -> HttpResponse:
    session = access_session(request.user, pk)
    floor_request = access_floor_request(request.user, session, request_id)
    if verb == "withdraw":
        return _run(
            request, session, _("Your request is withdrawn."),
            lambda: actions.do_withdraw_floor(request.user, floor_request), anchor="#speakers",
        )  # fmt: skip
    if verb not in ("up", "down", "give", "done", "remove"):
        raise Http404
    return _run(
        request, session, _("The speakers list is updated."),
        lambda: actions.do_manage_floor(request.user, floor_request, verb), anchor="#speakers",
    )  # fmt: skip


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    agenda = list(session.agenda.all())
    form = NoteForm(request.POST, agenda=agenda)
    if not form.is_valid():
        return _after_write(
            request, session, "", error=ValidationError(_("Write the note.")), status=400
        )
    item = next((a for a in agenda if a.pk == form.cleaned_data["agenda_item"]), None)
    return _run(
        request, session, _("The note is saved."),
        lambda: actions.do_add_note(request.user, session, form.cleaned_data["text"], agenda_item=item),
        anchor="#notes",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk, for_write=True)
    notes = queries.notes(session)
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            try:
                actions.do_publish_summary(request.user, session, form.cleaned_data["summary"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The summary is published on the session page."))
                return redirect(session)
    else:
        draft = session.summary or "\n\n".join(
            (f"{n.agenda_item.title}: " if n.agenda_item else "") + n.text for n in notes
        )
        form = SummaryForm(initial={"summary": draft})
    return render(
        request,
        "hearings/summary.html",
        {"session": session, "form": form, "notes": notes},
        status=400 if form.errors else 200,
    )

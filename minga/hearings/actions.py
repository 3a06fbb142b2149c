"""State changes on sessions. Each action owns its transaction, checks permission, writes the
audit log and publishes its events (on commit)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.core import audit, events, ratelimit
from minga.core.ids import parse_id
from minga.gcm.actions import do_set_gcm_links
from minga.moderation.permissions import require_writer
from minga.stakeholders.models import Organization

from . import emails, live, permissions
from .constituency import constituency_of
from .methodology import METHODOLOGIES
from .models import (
    AGENDA_TITLE_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    QUESTION_MIN,
    REASON_MAX,
    TITLE_MIN,
    AgendaItem,
    FloorKind,
    FloorRequest,
    FloorStatus,
    Presence,
    Question,
    QuestionStatus,
    QuestionVote,
    RapporteurNote,
    Registration,
    RegistrationStatus,
    RoleSource,
    Session,
    SessionFormat,
    SessionRole,
    SessionRoleKind,
    SessionStatus,
)

# (requests, seconds): asking (and requesting the floor) and voting, per person.
ASK_RATE = (5, 60)
VOTE_RATE = (20, 60)


def do_assign_session_role(
    actor: Any,
    session: Session,
    person: Any,
    role: str,
    *,
    organization: Organization | None = None,
    source: str = RoleSource.ORGANIZERS,
    check_permission: bool = True,
) -> SessionRole:
    """Put a person in a role at a session (idempotent for the same person and role).

    ``check_permission=False`` is for callers that already checked a stronger rule (the
    committee's confirmed selection); the audit entry still names the actor.
    """
    if check_permission and not permissions.can_organize_sessions(actor, session.review):
        raise PermissionDenied(_("Only the organizers of this review can assign session roles."))
    if role not in SessionRoleKind.values:
        raise ValidationError(_("Choose a valid role."))
    if source not in RoleSource.values:
        raise ValidationError(_("Choose a valid source."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                assignment = SessionRole.objects.create(
                    session=session,
                    person=person,
                    role=role,
                    organization=organization,
                    source=source,
                    assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            return SessionRole.objects.get(session=session, person=person, role=role)
        audit.record(
            actor, "hearings.assign_role", assignment, session=session.pk, role=role, source=source
        )
        events.publish("hearings.role_assigned", actor=actor, target=assignment)
    return assignment


def do_remove_session_role(actor: Any, assignment: SessionRole) -> None:
    if not permissions.can_organize_sessions(actor, assignment.session.review):
        raise PermissionDenied(_("Only the organizers of this review can assign session roles."))
    with transaction.atomic():
        audit.record(
            actor,
            "hearings.remove_role",
            assignment,
            session=assignment.session_id,
            role=assignment.role,
        )
        assignment.delete()


# Sessions and programme ---------------------------------------------------------------------

SESSION_FIELDS = (
    "title", "description", "kind", "format", "roundtable", "venue", "stream_url", "starts_at",
    "ends_at", "languages", "interpretation", "capacity", "speaking_time_seconds",
    "requires_check_in", "questionnaire", "role_plan",
)  # fmt: skip


def _require_organizer(actor: Any, review: Any) -> None:
    require_writer(actor)
    if not permissions.can_organize_sessions(actor, review):
        raise PermissionDenied(_("Only the organizers of this review can change its sessions."))


def _validate_session(session: Session) -> None:
    errors: dict[str, list[str]] = {}
    title = (session.title or "").strip()
    if len(title) < TITLE_MIN:
        errors.setdefault("title", []).append(
            _("Give a title of at least %(n)d characters.") % {"n": TITLE_MIN}
        )
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors.setdefault("ends_at", []).append(_("The session must end after it starts."))
    if session.capacity is not None and session.capacity < 1:
        errors.setdefault("capacity", []).append(_("Leave the capacity empty or give at least 1."))
    if not 30 <= session.speaking_time_seconds <= 1800:
        errors.setdefault("speaking_time_seconds", []).append(
            _("Speaking time must be between 30 seconds and 30 minutes.")
        )
    if not isinstance(session.role_plan, dict) or any(
        k not in SessionRoleKind.values or not isinstance(v, int) or not 0 <= v <= 50
        for k, v in session.role_plan.items()
    ):
        errors.setdefault("role_plan", []).append(_("Give a number of people for each role."))
    if errors:
        raise ValidationError(errors)


def _set_agenda(session: Session, agenda: list[tuple[str, int]]) -> None:
    if len(agenda) > 40:
        raise ValidationError({"agenda": _("An agenda has at most 40 items.")})
    for title, minutes in agenda:
        if not title.strip() or len(title) > AGENDA_TITLE_MAX:
            raise ValidationError({"agenda": _("Each agenda item needs a short title.")})
        if not 1 <= minutes <= 600:
            raise ValidationError({"agenda": _("Each agenda item lasts 1 to 600 minutes.")})
    session.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=i, title=t.strip(), duration_minutes=m)
        for i, (t, m) in enumerate(agenda)
    )


def do_create_session(
    actor: Any,
    review: Any,
    *,
    template: str = "",
    agenda: list[tuple[str, int]] | None = None,
    objectives: Iterable[Any] | None = None,
    **fields: Any,
) -> Session:
    """Create a draft session; a methodology template prefills what the caller leaves out
    (agenda, roles to fill, speaking time, check-in rule, questionnaire; a roundtable cluster
    prefills the objectives)."""
    _require_organizer(actor, review)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    method = METHODOLOGIES.get(template) if template else None
    if template and method is None:
        raise ValidationError({"template": _("Choose a valid methodology.")})
    if method is not None:
        fields.setdefault("kind", method.kind)
        fields.setdefault("format", method.format)
        fields.setdefault("speaking_time_seconds", method.speaking_time_seconds)
        fields.setdefault("requires_check_in", method.requires_check_in)
        fields.setdefault("questionnaire", [str(q) for q in method.questionnaire])
        fields.setdefault("role_plan", {str(k): v for k, v in method.roles.items()})
        if agenda is None:
            agenda = [(str(title), minutes) for title, minutes in method.agenda]
    session = Session(review=review, template=template, **fields)
    _validate_session(session)
    if objectives is None and session.roundtable is not None:
        objectives = list(session.roundtable.objectives.all())
    with transaction.atomic():
        session.save()
        if agenda:
            _set_agenda(session, agenda)
        if objectives is not None:
            do_set_gcm_links(actor, session, objectives=objectives)
        audit.record(actor, "hearings.create_session", session, template=template)
        events.publish("hearings.session_created", actor=actor, target=session)
    return session


def do_update_session(
    actor: Any,
    session: Session,
    *,
    agenda: list[tuple[str, int]] | None = None,
    objectives: Iterable[Any] | None = None,
    **fields: Any,
) -> Session:
    _require_organizer(actor, session.review)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    changed = sorted(k for k, v in fields.items() if getattr(session, k) != v)
    for name, value in fields.items():
        setattr(session, name, value)
    _validate_session(session)
    with transaction.atomic():
        session.save()
        if agenda is not None:
            _set_agenda(session, agenda)
            changed.append("agenda")
        if objectives is not None:
            do_set_gcm_links(actor, session, objectives=objectives)
        audit.record(actor, "hearings.update_session", session, fields=changed)
        events.publish("hearings.session_updated", actor=actor, target=session, fields=changed)
    return session


def do_publish_session(actor: Any, session: Session) -> Session:
    _require_organizer(actor, session.review)
    if session.status == SessionStatus.PUBLISHED:
        return session
    with transaction.atomic():
        session.status = SessionStatus.PUBLISHED
        session.save(update_fields=["status", "updated_at"])
        audit.record(actor, "hearings.publish_session", session)
        events.publish("hearings.session_published", actor=actor, target=session)
    return session


def do_cancel_session(actor: Any, session: Session) -> Session:
    _require_organizer(actor, session.review)
    with transaction.atomic():
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        audit.record(actor, "hearings.cancel_session", session)
        events.publish("hearings.session_cancelled", actor=actor, target=session)
    return session


# Registration, tickets and check-in ---------------------------------------------------------

TICKET_SALT = "minga.hearings.ticket"


def ticket_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.session_id], salt=TICKET_SALT)


def registration_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=TICKET_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    return parse_id(value[0])


def do_register(
    actor: Any,
    session: Session,
    *,
    accessibility_needs: str = "",
    interpretation_language: str = "",
    answers: list[str] | None = None,
) -> Registration:
    """Take a place (or a place on the waiting list when the session is full). Registering
    again after cancelling re-opens the registration at the end of the line."""
    require_writer(actor)
    if not permissions.can_register(actor, session):
        raise ValidationError(_("This session does not take registrations."))
    if session.ends_at <= timezone.now():
        raise ValidationError(_("This session is over."))
    answers = [a.strip()[:2000] for a in (answers or [])]
    if len(answers) > len(session.questionnaire or []):
        raise ValidationError(_("Answer only the questions of this session."))
    if interpretation_language and interpretation_language not in (session.interpretation or []):
        raise ValidationError(
            {"interpretation_language": _("This language is not interpreted at this session.")}
        )
    with transaction.atomic():
        # Lock the session row: concurrent registrations for the last seats queue up here.
        locked = Session.objects.select_for_update().get(pk=session.pk)
        existing = Registration.objects.filter(session=locked, person=actor).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
        taken = Registration.objects.filter(
            session=locked, status=RegistrationStatus.CONFIRMED
        ).count()
        full = locked.capacity is not None and taken >= locked.capacity
        status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED
        registration = existing or Registration(session=locked, person=actor)
        registration.status = status
        registration.accessibility_needs = accessibility_needs.strip()[:1000]
        registration.interpretation_language = interpretation_language
        registration.answers = answers
        registration.waitlisted_at = timezone.now() if full else None
        registration.save()
        audit.record(actor, "hearings.register", registration, session=session.pk, status=status)
        events.publish("hearings.registered", actor=actor, target=registration, status=status)
        if status == RegistrationStatus.CONFIRMED:
            _send_ticket_on_commit(registration)
    return registration


def _send_ticket_on_commit(registration: Registration) -> None:
    from .tasks import send_ticket

    pk = registration.pk
    transaction.on_commit(lambda: send_ticket.enqueue(pk))


def do_cancel_registration(actor: Any, registration: Registration) -> Registration | None:
    """Give up a place; the first person on the waiting list takes it. Returns the promoted
    registration, if any."""
    require_writer(actor)
    if registration.person_id != actor.pk and not permissions.can_moderate_session(
        actor, registration.session
    ):
        raise PermissionDenied
    promoted = None
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return None
        was_confirmed = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        registration.status = current.status
        audit.record(actor, "hearings.cancel_registration", current, session=session.pk)
        if was_confirmed:
            promoted = _promote_from_waitlist(actor, session)
    return promoted


def _promote_from_waitlist(actor: Any, session: Session) -> Registration | None:
    taken = Registration.objects.filter(
        session=session, status=RegistrationStatus.CONFIRMED
    ).count()
    if session.capacity is not None and taken >= session.capacity:
        return None
    first = (
        Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.waitlisted_at = None
    first.save(update_fields=["status", "waitlisted_at", "updated_at"])
    audit.record(actor, "hearings.promote_registration", first, session=session.pk)
    events.publish("hearings.promoted", actor=actor, target=first, recipients=[first.person])
    _send_ticket_on_commit(first)
    return first


def do_check_in(actor: Any, registration: Registration) -> Registration:
    """A moderator of the session marks a confirmed participant present (list or QR scan)."""
    require_writer(actor)
    if not permissions.can_moderate_session(actor, registration.session):
        raise PermissionDenied(_("Only the moderators of this session can check people in."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be checked in."))
    if registration.checked_in_at is not None:
        return registration
    with transaction.atomic():
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        audit.record(actor, "hearings.check_in", registration, session=registration.session_id)
    return registration


def do_send_reminders(
    actor: Any, *, now: Any = None, ahead: datetime.timedelta | None = None
) -> int:
    """E-mail confirmed participants of published sessions starting within ``ahead`` (one day)
    that have not been reminded. Safe to run as often as wanted."""
    now = now or timezone.now()
    ahead = ahead or datetime.timedelta(hours=24)
    due = list(
        Registration.objects.select_related("person", "session__review")
        .filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            session__status=SessionStatus.PUBLISHED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + ahead,
        )
        .order_by("id")[:500]
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            emails.send_reminder(registration)
            audit.record(actor, "hearings.remind", registration)
            sent += 1
    return sent


# Live room: presence ------------------------------------------------------------------------


def do_enter_live_room(
    user: Any, session: Session, channel_name: str, *, visible: bool = False
) -> Presence:
    """A connection opens: record presence by constituency; a virtual participant who is
    registered is checked in by entering."""
    who = constituency_of(user, session.review)
    with transaction.atomic():
        presence = Presence.objects.create(
            session=session,
            person=user,
            channel_name=channel_name[:200],
            visible=visible,
            constituency=who.group,
            stakeholder_type=who.stakeholder_type,
            subregion=who.subregion,
            country=who.country,
        )
        registration = Registration.objects.filter(
            session=session, person=user, status=RegistrationStatus.CONFIRMED,
            checked_in_at__isnull=True,
        ).first()  # fmt: skip
        if registration is not None and session.format != SessionFormat.IN_PERSON:
            registration.checked_in_at = timezone.now()
            registration.save(update_fields=["checked_in_at", "updated_at"])
            audit.record(user, "hearings.check_in_virtual", registration, session=session.pk)
        live.changed(session.pk, "presence")
    return presence


def do_leave_live_room(channel_name: str) -> None:
    with transaction.atomic():
        presence = Presence.objects.filter(channel_name=channel_name).first()
        if presence is None:
            return
        session_id = presence.session_id
        presence.delete()
        live.changed(session_id, "presence")


def do_prune_presence(*, now: Any = None, max_age: datetime.timedelta | None = None) -> int:
    """Drop presence rows left by server processes that died without closing their sockets
    (run by the periodic reminders task). Returns how many were removed."""
    cutoff = (now or timezone.now()) - (max_age or datetime.timedelta(hours=12))
    removed, _ = Presence.objects.filter(joined_at__lt=cutoff).delete()
    return removed


# Live room: questions -----------------------------------------------------------------------


def _participation(actor: Any, session: Session) -> None:
    require_writer(actor)
    registration = Registration.objects.filter(session=session, person=actor).first()
    if not permissions.can_participate(actor, session, registration):
        if session.requires_check_in and registration is not None:
            raise PermissionDenied(_("Check in at the session to ask and vote."))
        raise PermissionDenied(_("Register for this session to ask and vote."))


def _rate_limit(actor: Any, kind: str, limit: int, period: int) -> None:
    if not ratelimit.hit(f"hearings:{kind}:{actor.pk}", limit, period):
        raise ValidationError(_("You are going too fast. Wait a moment and try again."))


def do_ask_question(
    actor: Any, session: Session, text: str, *, anonymous: bool = False
) -> Question:
    _participation(actor, session)
    text = (text or "").strip()
    if len(text) < QUESTION_MIN:
        raise ValidationError(
            {"text": _("Write a question of at least %(n)d characters.") % {"n": QUESTION_MIN}}
        )
    if len(text) > QUESTION_MAX:
        raise ValidationError(
            {"text": _("A question has at most %(n)d characters.") % {"n": QUESTION_MAX}}
        )
    _rate_limit(actor, "ask", *ASK_RATE)
    who = constituency_of(actor, session.review)
    with transaction.atomic():
        question = Question.objects.create(
            session=session,
            author=actor,
            organization=who.organization,
            constituency=who.group,
            text=text,
            anonymous=bool(anonymous),
        )
        audit.record(actor, "hearings.ask", question, session=session.pk, anonymous=anonymous)
        live.changed(session.pk, "questions")
    return question


def do_vote_question(actor: Any, question: Question) -> bool:
    """One vote per person per question (a unique constraint holds under concurrency).
    Returns False when the person had already voted."""
    session = question.session
    _participation(actor, session)
    if question.status not in (QuestionStatus.APPROVED, QuestionStatus.ANSWERED):
        raise ValidationError(_("Only approved questions take votes."))
    if question.author_id == actor.pk:
        raise ValidationError(_("You cannot vote for your own question."))
    _rate_limit(actor, "vote", *VOTE_RATE)
    with transaction.atomic():
        try:
            with transaction.atomic():
                QuestionVote.objects.create(question=question, voter=actor)
        except IntegrityError:
            return False
        Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
        audit.record(actor, "hearings.vote", question, session=session.pk)
        live.changed(session.pk, "questions")
    question.refresh_from_db(fields=["vote_count"])
    return True


def _require_moderator(actor: Any, session: Session) -> None:
    require_writer(actor)
    if not permissions.can_moderate_session(actor, session):
        raise PermissionDenied(_("Only the moderators of this session can do this."))


def do_moderate_question(
    actor: Any,
    question: Question,
    verb: str,
    *,
    reason: str = "",
    into: Question | None = None,
) -> Question:
    """approve · hide (with a reason) · merge (into another question of the session) ·
    highlight (the one being answered; one at a time) · answered."""
    session = question.session
    _require_moderator(actor, session)
    reason = (reason or "").strip()
    with transaction.atomic():
        if verb == "approve":
            question.status = QuestionStatus.APPROVED
        elif verb == "hide":
            if not reason:
                raise ValidationError({"reason": _("Give the reason for hiding the question.")})
            question.status = QuestionStatus.HIDDEN
            question.hidden_reason = reason[:REASON_MAX]
            question.highlighted = False
        elif verb == "merge":
            if into is None or into.session_id != session.pk or into.pk == question.pk:
                raise ValidationError({"into": _("Choose another question of this session.")})
            if into.status in (QuestionStatus.HIDDEN, QuestionStatus.MERGED):
                raise ValidationError({"into": _("Merge into a visible question.")})
            question.status = QuestionStatus.MERGED
            question.merged_into = into
            question.highlighted = False
            # The duplicate's supporters now support the kept question (once each).
            voters = set(
                QuestionVote.objects.filter(question=question).values_list("voter", flat=True)
            )
            voters.add(question.author_id)
            already = set(
                QuestionVote.objects.filter(question=into).values_list("voter", flat=True)
            )
            QuestionVote.objects.bulk_create(
                [
                    QuestionVote(question=into, voter_id=v)
                    for v in voters - already - {into.author_id}
                ]
            )
            Question.objects.filter(pk=into.pk).update(
                vote_count=QuestionVote.objects.filter(question=into).count()
            )
        elif verb == "highlight":
            if question.status not in (QuestionStatus.APPROVED, QuestionStatus.PENDING):
                raise ValidationError(_("Only open questions can be highlighted."))
            Question.objects.filter(session=session, highlighted=True).update(highlighted=False)
            question.status = QuestionStatus.APPROVED
            question.highlighted = True
        elif verb == "answered":
            question.status = QuestionStatus.ANSWERED
            question.highlighted = False
        else:
            raise ValidationError(_("Choose a valid moderation action."))
        question.save()
        audit.record(
            actor, f"hearings.question_{verb}", question, session=session.pk, reason=reason
        )
        live.changed(session.pk, "questions")
    return question


# Live room: speakers list -------------------------------------------------------------------


def do_request_floor(actor: Any, session: Session, kind: str) -> FloorRequest:
    _participation(actor, session)
    if kind not in FloorKind.values:
        raise ValidationError({"kind": _("Choose a valid kind of intervention.")})
    _rate_limit(actor, "floor", *ASK_RATE)
    who = constituency_of(actor, session.review)
    with transaction.atomic():
        open_request = FloorRequest.objects.filter(
            session=session, person=actor, status__in=[FloorStatus.QUEUED, FloorStatus.SPEAKING]
        ).first()
        if open_request is not None:
            raise ValidationError(_("You are already on the speakers list."))
        last = FloorRequest.objects.filter(session=session).aggregate(m=Max("position"))["m"]
        request = FloorRequest.objects.create(
            session=session,
            person=actor,
            organization=who.organization,
            constituency=who.group,
            kind=kind,
            position=(last or 0) + 1,
            seconds=session.speaking_time_seconds,
        )
        audit.record(actor, "hearings.request_floor", request, session=session.pk, kind=kind)
        live.changed(session.pk, "speakers")
    return request


def do_withdraw_floor(actor: Any, request: FloorRequest) -> FloorRequest:
    require_writer(actor)
    if request.person_id != actor.pk:
        raise PermissionDenied
    if request.status != FloorStatus.QUEUED:
        raise ValidationError(_("Only a waiting request can be withdrawn."))
    with transaction.atomic():
        request.status = FloorStatus.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        audit.record(actor, "hearings.withdraw_floor", request, session=request.session_id)
        live.changed(request.session_id, "speakers")
    return request


def do_manage_floor(actor: Any, request: FloorRequest, verb: str) -> FloorRequest:
    """up · down (reorder the queue) · give (start this speaker's timer; the current speaker
    is done) · done (stop the timer) · remove."""
    session = request.session
    _require_moderator(actor, session)
    with transaction.atomic():
        if verb in ("up", "down"):
            if request.status != FloorStatus.QUEUED:
                raise ValidationError(_("Only waiting requests can be moved."))
            queue = list(
                FloorRequest.objects.select_for_update()
                .filter(session=session, status=FloorStatus.QUEUED)
                .order_by("position", "id")
            )
            index = next(i for i, r in enumerate(queue) if r.pk == request.pk)
            other = index - 1 if verb == "up" else index + 1
            if 0 <= other < len(queue):
                queue[index], queue[other] = queue[other], queue[index]
                for position, item in enumerate(queue, start=1):
                    if item.position != position:
                        item.position = position
                        item.save(update_fields=["position"])
            request.refresh_from_db()
        elif verb == "give":
            if request.status != FloorStatus.QUEUED:
                raise ValidationError(_("This person is not waiting for the floor."))
            FloorRequest.objects.filter(session=session, status=FloorStatus.SPEAKING).update(
                status=FloorStatus.DONE
            )
            request.status = FloorStatus.SPEAKING
            request.started_at = timezone.now()
            request.save(update_fields=["status", "started_at", "updated_at"])
        elif verb == "done":
            request.status = FloorStatus.DONE
            request.save(update_fields=["status", "updated_at"])
        elif verb == "remove":
            request.status = FloorStatus.WITHDRAWN
            request.save(update_fields=["status", "updated_at"])
        else:
            raise ValidationError(_("Choose a valid action on the speakers list."))
        audit.record(actor, f"hearings.floor_{verb}", request, session=session.pk)
        live.changed(session.pk, "speakers")
    return request


# Rapporteur notes and summary ---------------------------------------------------------------


def do_add_note(
    actor: Any, session: Session, text: str, *, agenda_item: AgendaItem | None = None
) -> RapporteurNote:
    require_writer(actor)
    if not permissions.can_take_notes(actor, session):
        raise PermissionDenied(_("Only the rapporteurs of this session write notes."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": _("A note has at most %(n)d characters.") % {"n": NOTE_MAX}})
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError({"agenda_item": _("Choose an agenda item of this session.")})
    with transaction.atomic():
        note = RapporteurNote.objects.create(
            session=session, agenda_item=agenda_item, author=actor, text=text
        )
        audit.record(actor, "hearings.add_note", note, session=session.pk)
        live.changed(session.pk, "notes")
    return note


def do_publish_summary(actor: Any, session: Session, summary: str) -> Session:
    """The organizers approve the rapporteurs' notes as the public session summary."""
    _require_organizer(actor, session.review)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Write the summary to publish.")})
    if len(summary) > DESCRIPTION_MAX:
        raise ValidationError({"summary": _("The summary is too long.")})
    with transaction.atomic():
        session.summary = summary
        session.summary_published_at = timezone.now()
        session.save(update_fields=["summary", "summary_published_at", "updated_at"])
        audit.record(actor, "hearings.publish_summary", session)
        events.publish("hearings.summary_published", actor=actor, target=session)
    return session

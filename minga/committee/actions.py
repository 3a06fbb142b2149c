"""State changes of the Civil Society Committee: composition, calls, nominations, consent,
votes, the slate and its confirmation. Each action owns its transaction, checks permission,
validates, writes the audit log and publishes its events (on commit)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minga.accounts import permissions as accounts_permissions
from minga.accounts.actions import check_role_grant, do_grant_role, do_revoke_role
from minga.accounts.models import Role, RoleAssignment
from minga.core import audit, events
from minga.core.ids import parse_id
from minga.core.models import InterfaceLanguage
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Objective
from minga.hearings.actions import do_assign_session_role
from minga.hearings.models import RoleSource, Session
from minga.moderation.permissions import require_writer
from minga.reviews.models import Review
from minga.stakeholders.models import MembershipStatus, Organization

from . import balance, emails, permissions, queries
from .models import (
    COMMENT_MAX,
    JUSTIFICATION_MAX,
    JUSTIFICATION_MIN,
    NAME_MAX,
    RATIONALE_MAX,
    RATIONALE_MIN,
    Call,
    CallRole,
    CallStatus,
    CommitteeMember,
    ConsentStatus,
    FocalRegion,
    Nomination,
    Vote,
    VoteChoice,
)

CONSENT_SALT = "minga.committee.consent"
CONSENT_MAX_AGE = 60 * 60 * 24 * 60  # 60 days


# --- Composition ------------------------------------------------------------------------------


def check_committee_seat(
    review: Review,
    person: Any,
    organization: Organization,
    *,
    is_chair: bool,
    focal_region: str,
    exclude_pk: int | None = None,
) -> None:
    """Raise ValidationError (keyed by field) if the seat is not valid."""
    if focal_region and focal_region not in FocalRegion.values:
        raise ValidationError({"focal_region": _("Choose a valid subregion.")})
    if not queries.is_accredited(organization, review):
        raise ValidationError(
            {
                "organization": _(
                    "Committee members come from organizations accredited to the review."
                )
            }
        )
    if not person.memberships.filter(
        organization=organization, status=MembershipStatus.APPROVED
    ).exists():
        raise ValidationError(
            {"person": _("The person must be an approved member of the organization.")}
        )
    seats = CommitteeMember.objects.filter(review=review)
    if exclude_pk is not None:
        seats = seats.exclude(pk=exclude_pk)
    if seats.filter(person=person).exists():
        raise ValidationError({"person": _("This person already sits on the committee.")})
    if is_chair and seats.filter(is_chair=True).exists():
        raise ValidationError({"is_chair": _("The committee already has a chair.")})


def _require_seat_manager(actor: Any, review: Review, *, touches_chair: bool) -> None:
    """Platform administrators manage every seat; the review's chair manages ordinary seats
    (add, remove, focal region) but never appoints, changes or unseats the chair."""
    if permissions.can_manage_committee(actor):
        return
    require_writer(actor)
    if not permissions.is_chair(actor, review):
        raise PermissionDenied(_("Only a platform administrator or the chair manages seats."))
    if touches_chair:
        raise PermissionDenied(_("Only a platform administrator appoints or changes the chair."))


def _grant_committee_role(actor: Any, person: Any, review: Review) -> RoleAssignment:
    """The committee role that goes with a seat. Platform administrators grant it through
    ``do_grant_role``; the chair's grant is limited to this one role for their own review
    (permission checked by the caller) and is audited the same way."""
    if permissions.can_manage_committee(actor):
        return do_grant_role(actor, person, Role.COMMITTEE_MEMBER, review=review)
    check_role_grant(person, Role.COMMITTEE_MEMBER, review=review, country=None)
    assignment = RoleAssignment.objects.create(
        user=person, role=Role.COMMITTEE_MEMBER, review=review, granted_by=actor
    )
    audit.record(
        actor,
        "accounts.grant_role",
        assignment,
        user_id=person.pk,
        role=Role.COMMITTEE_MEMBER,
        review=review.slug,
        country=None,
        by_chair=True,
    )
    accounts_permissions.clear_cache(person)
    return assignment


def _revoke_committee_role(actor: Any, assignment: RoleAssignment) -> None:
    if permissions.can_manage_committee(actor):
        do_revoke_role(actor, assignment)
        return
    if assignment.role != Role.COMMITTEE_MEMBER:  # pragma: no cover - seats grant only this
        raise PermissionDenied
    user = assignment.user
    audit.record(
        actor,
        "accounts.revoke_role",
        assignment,
        user_id=user.pk,
        role=assignment.role,
        review=assignment.review.slug if assignment.review else None,
        country=None,
        by_chair=True,
    )
    assignment.delete()
    accounts_permissions.clear_cache(user)


@transaction.atomic
def do_add_committee_member(
    actor: Any,
    review: Review,
    person: Any,
    organization: Organization,
    *,
    is_chair: bool = False,
    focal_region: str = "",
) -> CommitteeMember:
    """Seat a person of an accredited organization on the review's committee and grant them
    the per-review committee role. Platform administrators may seat anyone, chair included;
    the review's chair may seat ordinary members only."""
    _require_seat_manager(actor, review, touches_chair=is_chair)
    check_committee_seat(review, person, organization, is_chair=is_chair, focal_region=focal_region)
    assignment = RoleAssignment.objects.filter(
        user=person, role=Role.COMMITTEE_MEMBER, review=review, country=None
    ).first()
    if assignment is None:
        assignment = _grant_committee_role(actor, person, review)
    member = CommitteeMember.objects.create(
        review=review,
        person=person,
        organization=organization,
        is_chair=is_chair,
        focal_region=focal_region,
        role_assignment=assignment,
    )
    audit.record(
        actor,
        "committee.add_member",
        member,
        review=review.slug,
        person_id=person.pk,
        organization=organization.slug,
        is_chair=is_chair,
        focal_region=focal_region,
    )
    events.publish("committee.member_added", actor=actor, target=member, recipients=[person])
    return member


@transaction.atomic
def do_update_committee_member(
    actor: Any, member: CommitteeMember, *, is_chair: bool, focal_region: str
) -> CommitteeMember:
    _require_seat_manager(actor, member.review, touches_chair=bool(is_chair) != member.is_chair)
    check_committee_seat(
        member.review,
        member.person,
        member.organization,
        is_chair=is_chair,
        focal_region=focal_region,
        exclude_pk=member.pk,
    )
    member.is_chair = is_chair
    member.focal_region = focal_region
    member.save(update_fields=["is_chair", "focal_region", "updated_at"])
    audit.record(
        actor, "committee.update_member", member, is_chair=is_chair, focal_region=focal_region
    )
    return member


@transaction.atomic
def do_remove_committee_member(actor: Any, member: CommitteeMember) -> None:
    """Unseat a member and revoke the committee role their seat granted. The chair may
    unseat ordinary members only; only a platform administrator unseats the chair."""
    _require_seat_manager(actor, member.review, touches_chair=member.is_chair)
    audit.record(
        actor,
        "committee.remove_member",
        member,
        review=member.review.slug,
        person_id=member.person_id,
    )
    assignment = member.role_assignment
    member.delete()
    if assignment is not None:
        _revoke_committee_role(actor, assignment)


# --- Calls ------------------------------------------------------------------------------------


@transaction.atomic
def do_open_call(
    actor: Any,
    session: Session,
    *,
    role: str,
    deadline: Any,
    eligibility: str,
    seats: int = 1,
    rules: Mapping[str, Any] | None = None,
) -> Call:
    require_writer(actor)
    if not permissions.can_open_call(actor, session.review):
        raise PermissionDenied(_("Only members of the review's committee can open calls."))
    errors: dict[str, str] = {}
    if role not in CallRole.values:
        errors["role"] = _("Choose a valid role.")
    if deadline is None or deadline <= timezone.now():
        errors["deadline"] = _("The deadline must be in the future.")
    elif deadline >= session.starts_at:
        errors["deadline"] = _("The deadline must come before the session starts.")
    eligibility = (eligibility or "").strip()
    if not eligibility:
        errors["eligibility"] = _("Say who may be nominated.")
    if not isinstance(seats, int) or not 1 <= seats <= 50:
        errors["seats"] = _("Enter a number between 1 and 50.")
    if errors:
        raise ValidationError(errors)
    cleaned = balance.clean_rules(rules or {})
    if (
        Call.objects.filter(session=session, role=role)
        .exclude(status=CallStatus.CONFIRMED)
        .exists()
    ):
        raise ValidationError({"role": _("This session already has a call for this role.")})
    call = Call.objects.create(
        session=session,
        role=role,
        seats=seats,
        deadline=deadline,
        eligibility=eligibility,
        rules=cleaned,
        opened_by=actor,
    )
    audit.record(
        actor,
        "committee.open_call",
        call,
        session=session.pk,
        role=role,
        seats=seats,
        rules=cleaned,
    )
    events.publish("committee.call_opened", actor=actor, target=call)
    return call


def _locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().select_related("session__review").get(pk=call.pk)


@transaction.atomic
def do_close_call(actor: Any, call: Call) -> Call:
    require_writer(actor)
    call = _locked_call(call)
    if not permissions.is_member(actor, call.session.review):
        raise PermissionDenied(_("Only members of the review's committee can close calls."))
    if call.status != CallStatus.OPEN:
        raise ValidationError(_("This call is already closed."))
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status", "updated_at"])
    audit.record(actor, "committee.close_call", call)
    return call


# --- Nominations ------------------------------------------------------------------------------


def consent_token(nomination: Nomination) -> str:
    return signing.dumps({"n": nomination.pk, "e": nomination.nominee_email}, salt=CONSENT_SALT)


def read_consent_token(token: str) -> Nomination:
    """The nomination a consent link is for; a ValidationError if the link is not valid."""
    invalid = ValidationError(_("This consent link is not valid or has expired."), code="token")
    try:
        data = signing.loads(token, salt=CONSENT_SALT, max_age=CONSENT_MAX_AGE)
    except signing.BadSignature as exc:
        raise invalid from exc
    pk = parse_id(data.get("n")) if isinstance(data, dict) else None
    if pk is None:
        raise invalid
    nomination = (
        Nomination.objects.select_related("call__session__review", "organization", "nominee")
        .filter(pk=pk, nominee_email=str(data.get("e")))
        .first()
    )
    if nomination is None:
        raise invalid
    return nomination


@transaction.atomic
def do_nominate(
    actor: Any,
    call: Call,
    *,
    organization: Organization,
    nominee_email: str,
    nominee_name: str,
    languages: Iterable[str],
    justification: str,
    objectives: Iterable[Objective] = (),
) -> Nomination:
    """A representative of an accredited organization nominates a person (themselves
    included). The nominee confirms by e-mail link; a self-nomination is consented at once."""
    require_writer(actor)
    call = _locked_call(call)
    if not call.accepts_nominations:
        raise ValidationError(
            _("This call is closed: it no longer accepts nominations."), code="closed"
        )
    review = call.session.review
    accredited = queries.is_accredited(organization, review)
    if not permissions.can_nominate_for(actor, organization, accredited=accredited):
        raise PermissionDenied(
            _("Only representatives of organizations accredited to the review can nominate.")
        )
    errors: dict[str, str] = {}
    nominee_email = (nominee_email or "").strip().lower()
    nominee_name = " ".join((nominee_name or "").split())
    if not nominee_email:
        errors["nominee_email"] = _("Enter the nominee's e-mail address.")
    if not nominee_name or len(nominee_name) > NAME_MAX:
        errors["nominee_name"] = _("Enter the nominee's name.")
    codes = sorted({str(code) for code in languages})
    known = {code for code, _name in balance.language_choices()}
    if not codes or not set(codes) <= known:
        errors["languages"] = _("Choose at least one language the nominee speaks.")
    justification = (justification or "").strip()
    if not JUSTIFICATION_MIN <= len(justification) <= JUSTIFICATION_MAX:
        errors["justification"] = _(
            "Explain in %(min)d to %(max)d characters why this person should be selected."
        ) % {"min": JUSTIFICATION_MIN, "max": JUSTIFICATION_MAX}
    if errors:
        raise ValidationError(errors)
    if Nomination.objects.filter(call=call, nominee_email=nominee_email).exists():
        raise ValidationError(
            {"nominee_email": _("This person is already nominated for this call.")}
        )
    nominee = get_user_model().objects.filter(email__iexact=nominee_email, is_active=True).first()
    is_self = nominee is not None and nominee.pk == actor.pk
    language = get_language() or "es"
    if nominee is not None:
        language = nominee.preferred_language
    nomination = Nomination.objects.create(
        call=call,
        organization=organization,
        nominated_by=actor,
        nominee=nominee,
        nominee_email=nominee_email,
        nominee_name=nominee_name,
        languages=codes,
        language=language if language in InterfaceLanguage.values else "es",
        justification=justification,
        consent=ConsentStatus.CONFIRMED if is_self else ConsentStatus.PENDING,
        consent_at=timezone.now() if is_self else None,
    )
    objectives = list(objectives)
    if objectives:
        do_set_gcm_links(actor, nomination, objectives=objectives)
    audit.record(
        actor,
        "committee.nominate",
        nomination,
        call=call.pk,
        organization=organization.slug,
        self_nomination=is_self,
    )
    events.publish("committee.nominated", actor=actor, target=nomination)
    if not is_self:
        token = consent_token(nomination)
        transaction.on_commit(lambda: emails.send_consent_request(nomination, token))
    return nomination


@transaction.atomic
def do_answer_consent(actor: Any, token: str, *, agree: bool) -> Nomination:
    """The nominee agrees or declines through the signed link sent to their address (the link
    is the right). Agreeing needs an account with that address: a person invited by e-mail
    signs up or logs in first, and the nomination becomes theirs."""
    nomination = read_consent_token(token)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    call = Call.objects.get(pk=nomination.call_id)
    if call.status in (CallStatus.DECIDED, CallStatus.CONFIRMED):
        raise ValidationError(_("The selection for this call is already decided."))
    if agree and nomination.nominee_id is None:
        email = getattr(actor, "email", "") or ""
        if (
            not getattr(actor, "is_authenticated", False)
            or email.lower() != nomination.nominee_email
        ):
            raise ValidationError(
                _("Log in (or sign up) with the address this link was sent to, then agree."),
                code="login",
            )
        nomination.nominee = actor
    previous = nomination.consent
    nomination.consent = ConsentStatus.CONFIRMED if agree else ConsentStatus.DECLINED
    nomination.consent_at = timezone.now()
    if not agree:
        nomination.in_slate = False
    nomination.save(update_fields=["consent", "consent_at", "nominee", "in_slate", "updated_at"])
    audit.record(
        actor, "committee.answer_consent", nomination, consent=nomination.consent, previous=previous
    )
    return nomination


# --- Votes ------------------------------------------------------------------------------------


def do_vote(
    actor: Any,
    nomination: Nomination,
    *,
    choice: str,
    comment: str = "",
    conflict_of_interest: bool = False,
) -> Vote:
    """A committee member's one vote on a nomination. Members of the nominating organization
    may not vote; a declared conflict of interest keeps the vote out of the count. A second
    vote (even from a concurrent request) is refused by the database's unique constraint."""
    require_writer(actor)
    review = nomination.call.session.review
    if not permissions.is_member(actor, review):
        raise PermissionDenied(_("Only members of the review's committee can vote."))
    seat = CommitteeMember.objects.filter(review=review, person=actor).first()
    if permissions.shares_organization(
        actor, nomination.organization, seat.organization_id if seat else None
    ):
        raise PermissionDenied(
            _("You belong to the nominating organization: you cannot vote on this nomination.")
        )
    if nomination.call.status != CallStatus.OPEN and nomination.call.status != CallStatus.CLOSED:
        raise ValidationError(_("The selection for this call is already decided."))
    if nomination.consent == ConsentStatus.DECLINED:
        raise ValidationError(_("The nominee declined: there is nothing to vote on."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose support, oppose or abstain.")})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX}}
        )
    already = ValidationError(_("You have already voted on this nomination."), code="voted")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                nomination=nomination,
                member=actor,
                choice=choice,
                comment=comment,
                conflict_of_interest=bool(conflict_of_interest),
            )
            audit.record(
                actor,
                "committee.vote",
                nomination,
                choice=choice,
                conflict_of_interest=bool(conflict_of_interest),
            )
    except IntegrityError as exc:
        raise already from exc
    return vote


# --- Slate and confirmation ---------------------------------------------------------------------


@transaction.atomic
def do_decide_slate(
    actor: Any, call: Call, nominations: Iterable[Nomination], *, rationale: str
) -> Call:
    """The chair records the slate and its rationale; a UN delegate confirms it next.
    Broken balance rules do not block the decision but are recorded with it."""
    require_writer(actor)
    call = _locked_call(call)
    review = call.session.review
    if not permissions.can_compose_slate(actor, review):
        raise PermissionDenied(_("Only the chair of the committee composes the slate."))
    if call.status == CallStatus.OPEN and call.accepts_nominations:
        raise ValidationError(_("Close the call before deciding the slate."))
    if call.status not in (CallStatus.OPEN, CallStatus.CLOSED):
        raise ValidationError(_("The slate of this call is already decided."))
    ids = {n.pk for n in nominations}
    chosen = list(
        queries.nominations_for_balance(call).filter(pk__in=ids, consent=ConsentStatus.CONFIRMED)
    )
    if len(chosen) != len(ids) or not chosen:
        raise ValidationError(
            {"nominations": _("Choose nominations of this call whose nominees agreed.")}
        )
    if len(chosen) > call.seats:
        raise ValidationError(
            {
                "nominations": _("This call selects at most %(seats)d people.")
                % {"seats": call.seats}
            }
        )
    rationale = (rationale or "").strip()
    if not RATIONALE_MIN <= len(rationale) <= RATIONALE_MAX:
        raise ValidationError(
            {
                "rationale": _("Explain the decision in %(min)d to %(max)d characters.")
                % {"min": RATIONALE_MIN, "max": RATIONALE_MAX}
            }
        )
    result = balance.compute(chosen, call.rules, experienced=queries.experienced_nominees(call))
    Nomination.objects.filter(call=call).update(in_slate=False)
    Nomination.objects.filter(pk__in=ids).update(in_slate=True)
    call.status = CallStatus.DECIDED
    call.rationale = rationale
    call.decided_by = actor
    call.decided_at = timezone.now()
    call.save(update_fields=["status", "rationale", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor,
        "committee.decide_slate",
        call,
        nominations=sorted(ids),
        rationale=rationale,
        warnings=result.warnings,
    )
    events.publish("committee.slate_decided", actor=actor, target=call)
    return call


@transaction.atomic
def do_return_slate(actor: Any, call: Call, *, reason: str) -> Call:
    """A UN delegate sends the slate back to the committee, with a reason."""
    require_writer(actor)
    call = _locked_call(call)
    if not permissions.can_confirm_selection(actor, call.session.review):
        raise PermissionDenied(_("Only a UN delegate of the review confirms the selection."))
    if call.status != CallStatus.DECIDED:
        raise ValidationError(_("There is no slate awaiting confirmation."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the slate goes back to the committee.")})
    Nomination.objects.filter(call=call).update(in_slate=False)
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status", "updated_at"])
    audit.record(actor, "committee.return_slate", call, reason=reason)
    return call


@transaction.atomic
def do_confirm_selection(actor: Any, call: Call) -> Call:
    """A UN delegate (with MFA) confirms the chair's slate: the selected people get their
    session roles (source: committee) and everybody nominated is told, selected or not."""
    require_writer(actor)
    call = _locked_call(call)
    if not permissions.can_confirm_selection(actor, call.session.review):
        raise PermissionDenied(_("Only a UN delegate of the review confirms the selection."))
    if call.status != CallStatus.DECIDED:
        raise ValidationError(_("There is no slate awaiting confirmation."))
    nominations = list(
        Nomination.objects.filter(call=call)
        .exclude(consent=ConsentStatus.DECLINED)
        .select_related("nominee", "organization")
    )
    selected = [n for n in nominations if n.in_slate]
    if any(n.nominee is None for n in selected):
        raise ValidationError(_("Every selected nominee must have agreed with their account."))
    for nomination in selected:
        do_assign_session_role(
            actor,
            call.session,
            nomination.nominee,
            call.role,
            organization=nomination.organization,
            source=RoleSource.COMMITTEE,
            check_permission=False,
        )
    now = timezone.now()
    Nomination.objects.filter(pk__in=[n.pk for n in selected]).update(selected=True)
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(notified_at=now)
    call.status = CallStatus.CONFIRMED
    call.confirmed_by = actor
    call.confirmed_at = now
    call.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record(
        actor,
        "committee.confirm_selection",
        call,
        selected=[n.pk for n in selected],
        notified=len(nominations),
    )
    events.publish(
        "committee.selection_confirmed",
        actor=actor,
        target=call,
        recipients=[n.nominee for n in nominations if n.nominee is not None],
    )
    for nomination in nominations:
        nomination.selected = nomination.in_slate
        _send_outcome_on_commit(nomination, call)
    return call


def _send_outcome_on_commit(nomination: Nomination, call: Call) -> None:
    transaction.on_commit(lambda: emails.send_outcome(nomination, call))

"""State changes of the follow-up: one ``do_<verb>_<noun>`` per change."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minga.accounts.models import Role, RoleAssignment
from minga.core import audit, events, tokens
from minga.core.models import InterfaceLanguage
from minga.gcm.actions import do_set_gcm_links
from minga.moderation.permissions import require_writer
from minga.stakeholders.models import MembershipStatus, Organization

from . import bulletin as bulletin_text
from . import permissions
from .models import (
    EXPLANATION_MAX,
    TEXT_MAX,
    Addressee,
    Bulletin,
    BulletinStatus,
    BulletinSubscription,
    Progress,
    ProgressUpdate,
    Recommendation,
    Reminder,
    ReminderKind,
    Response,
    ResponseStatus,
    Verdict,
    Verification,
)

# Reminders go this many days before the due date, and once after it passed.
REMIND_BEFORE_DAYS = 14


def _text(value: str, *, field: str, maximum: int, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > maximum:
        raise ValidationError(
            {field: _("This text is too long (at most %(max)d characters).") % {"max": maximum}}
        )
    return text


@transaction.atomic
def do_create_recommendation(
    actor: Any,
    review: Any,
    *,
    text: str,
    due_on: datetime.date,
    countries: Iterable[Any] = (),
    institutions: Iterable[Organization] = (),
    objectives: Iterable[Any] = (),
    paragraph: Any = None,
    language: str = "es",
) -> Recommendation:
    """A recommendation drawn from a report paragraph, addressed to States and/or institutions."""
    require_writer(actor)
    if not permissions.can_create_recommendation(actor, review):
        raise PermissionDenied
    text = _text(text, field="text", maximum=TEXT_MAX, empty=_("Write the recommendation."))
    countries, institutions = list(countries), list(institutions)
    if not countries and not institutions:
        raise ValidationError({"countries": _("Choose at least one State or institution.")})
    from minga.dialogue.models import INSTITUTION_TYPES

    if any(i.stakeholder_type not in INSTITUTION_TYPES for i in institutions):
        raise ValidationError(
            {"institutions": _("Only States and institutions can be addressees.")}
        )
    if due_on is None:
        raise ValidationError({"due_on": _("Give a due date.")})
    report = None
    number = ""
    if paragraph is not None:
        section = paragraph.section
        report = section.chapter.report
        if report.review_id != review.pk:
            raise ValidationError({"paragraph": _("This paragraph belongs to another review.")})
        number = f"{section.chapter.order}.{section.order}"
    recommendation = Recommendation.objects.create(
        review=review, report=report, paragraph=paragraph, paragraph_number=number, text=text,
        due_on=due_on, created_by=actor, language=language,
    )  # fmt: skip
    Addressee.objects.bulk_create(
        [Addressee(recommendation=recommendation, country=c) for c in countries]
        + [Addressee(recommendation=recommendation, institution=i) for i in institutions]
    )
    # The States addressed are its countries: country pages list it.
    do_set_gcm_links(actor, recommendation, objectives=list(objectives), countries=countries)
    audit.record(
        actor, "followup.create", recommendation, addressees=len(countries) + len(institutions)
    )
    events.publish("recommendation.created", actor=actor, target=recommendation)
    return recommendation


def _speaker(actor: Any, addressee: Addressee) -> Addressee:
    require_writer(actor)
    locked = (
        Addressee.objects.select_for_update(of=("self",))
        .select_related("recommendation", "country", "institution")
        .get(pk=addressee.pk)
    )
    if not permissions.can_speak_for(actor, locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def do_respond_recommendation(
    actor: Any, addressee: Addressee, *, status: str, explanation: str
) -> Response:
    addressee = _speaker(actor, addressee)
    if status not in (ResponseStatus.ACCEPTED, ResponseStatus.NOTED, ResponseStatus.NOT_ACCEPTED):
        raise ValidationError({"status": _("Choose accepted, noted or not accepted.")})
    explanation = _text(
        explanation, field="explanation", maximum=EXPLANATION_MAX,
        empty=_("Explain the response."),
    )  # fmt: skip
    response = Response.objects.create(
        addressee=addressee, status=status, explanation=explanation, author=actor
    )
    addressee.response_status = status
    addressee.last_activity_at = timezone.now()
    addressee.save(update_fields=["response_status", "last_activity_at"])
    audit.record(
        actor, "followup.respond", addressee.recommendation, addressee=addressee.pk, status=status
    )
    events.publish(
        "recommendation.responded", actor=actor, target=addressee.recommendation,
        addressee=addressee.name, status=str(ResponseStatus(status).label),
    )  # fmt: skip
    return response


@transaction.atomic
def do_post_progress(
    actor: Any, addressee: Addressee, *, progress: str, text: str, evidence_url: str = ""
) -> ProgressUpdate:
    addressee = _speaker(actor, addressee)
    if progress not in (Progress.IN_PROGRESS, Progress.IMPLEMENTED):
        raise ValidationError({"progress": _("Choose in progress or implemented.")})
    text = _text(text, field="text", maximum=EXPLANATION_MAX, empty=_("Say what was done."))
    evidence_url = (evidence_url or "").strip()
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise ValidationError({"evidence_url": _("Give a web address starting with https://.")})
    update = ProgressUpdate.objects.create(
        addressee=addressee, progress=progress, text=text, evidence_url=evidence_url, author=actor
    )
    addressee.progress = progress
    addressee.last_activity_at = timezone.now()
    addressee.save(update_fields=["progress", "last_activity_at"])
    audit.record(
        actor,
        "followup.progress",
        addressee.recommendation,
        addressee=addressee.pk,
        progress=progress,
    )
    events.publish(
        "recommendation.progressed", actor=actor, target=addressee.recommendation,
        addressee=addressee.name, status=str(Progress(progress).label),
    )  # fmt: skip
    return update


@transaction.atomic
def do_verify_progress(
    actor: Any, update: ProgressUpdate, *, organization: Organization, verdict: str, evidence: str
) -> Verification:
    """An accredited organization rates a progress claim (once; it may change its rating)."""
    require_writer(actor)
    review = update.addressee.recommendation.review
    if organization not in permissions.verifying_organizations(actor, review):
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose confirmed, partly or not confirmed.")})
    evidence = _text(
        evidence, field="evidence", maximum=EXPLANATION_MAX,
        empty=_("Give the evidence behind your rating."),
    )  # fmt: skip
    verification, _created = Verification.objects.update_or_create(
        update=update, organization=organization,
        defaults={"verdict": verdict, "evidence": evidence, "author": actor},
    )  # fmt: skip
    audit.record(
        actor, "followup.verify", update.addressee.recommendation, update=update.pk, verdict=verdict
    )
    events.publish(
        "recommendation.verified", actor=actor, target=update.addressee.recommendation,
        organization=organization.name, status=str(Verdict(verdict).label),
    )  # fmt: skip
    return verification


# Reminders -----------------------------------------------------------------------------------


def speakers_for(addressees: list[Addressee]) -> dict[int, list[Any]]:
    """Who speaks for each addressee: State focal points of the country; UN delegates who are
    members of the institution (two queries)."""
    User = get_user_model()
    countries = {a.country_id for a in addressees if a.country_id}
    institutions = {a.institution_id for a in addressees if a.institution_id}
    by_country: dict[int, list[Any]] = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.STATE_FOCAL_POINT, country_id__in=countries, user__is_active=True
    ).select_related("user"):
        by_country.setdefault(ra.country_id or 0, []).append(ra.user)
    by_institution: dict[int, list[Any]] = {}
    delegates = (
        User.objects.filter(
            is_active=True,
            roles__role=Role.UN_DELEGATE,
            memberships__organization_id__in=institutions,
            memberships__status=MembershipStatus.APPROVED,
        )
        .distinct()
        .prefetch_related("memberships")
    )
    for user in delegates:
        for m in user.memberships.all():
            if m.organization_id in institutions and m.status == MembershipStatus.APPROVED:
                by_institution.setdefault(m.organization_id, []).append(user)
    return {
        a.pk: by_country.get(a.country_id or 0, [])
        if a.country_id
        else by_institution.get(a.institution_id or 0, [])
        for a in addressees
    }


def do_send_reminders(actor: Any, *, today: datetime.date | None = None) -> int:
    """Remind addressees whose recommendation is due within REMIND_BEFORE_DAYS, and once more
    when it is overdue, unless implemented. Each reminder goes once per addressee and due date.
    Run by the periodic worker task (actor None). Returns the number of reminders sent."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REMIND_BEFORE_DAYS)
    candidates = list(
        Addressee.objects.filter(recommendation__due_on__lte=soon)
        .exclude(progress=Progress.IMPLEMENTED)
        .select_related("recommendation", "country", "institution")
    )
    sent_keys = set(
        Reminder.objects.filter(addressee__in=candidates).values_list(
            "addressee_id", "kind", "due_on"
        )
    )
    speakers = speakers_for(candidates)
    sent = 0
    for addressee in candidates:
        due = addressee.recommendation.due_on
        kind = ReminderKind.AFTER if due < today else ReminderKind.BEFORE
        if (addressee.pk, kind.value, due) in sent_keys:
            continue
        recipients = speakers.get(addressee.pk, [])
        with transaction.atomic():
            try:
                Reminder.objects.create(
                    addressee=addressee, kind=kind, due_on=due, recipients=len(recipients)
                )
            except IntegrityError:
                continue
            events.publish(
                "recommendation.overdue" if kind == ReminderKind.AFTER else "recommendation.due_soon",
                target=addressee.recommendation, recipients=recipients,
                addressee=addressee.name, due_on=due.isoformat(),
            )  # fmt: skip
        sent += 1
    return sent


# Bulletin ------------------------------------------------------------------------------------


@transaction.atomic
def do_subscribe_bulletin(actor: Any, *, subscribe: bool) -> bool:
    require_writer(actor)
    if subscribe:
        BulletinSubscription.objects.get_or_create(user=actor)
    else:
        BulletinSubscription.objects.filter(user=actor).delete()
    audit.record(actor, "followup.bulletin_subscription", actor, subscribed=subscribe)
    return subscribe


# The e-mail's one-click unsubscribe link: a person token (minga.core.tokens, as
# minga.notifications uses) with the bulletin's own salt.
BULLETIN_UNSUBSCRIBE_SALT = "minga.followup.bulletin.unsubscribe"


def bulletin_unsubscribe_token(user: Any) -> str:
    """A signed token that lets the bulletin's reader unsubscribe without logging in."""
    return tokens.person_token(user, BULLETIN_UNSUBSCRIBE_SALT)


def read_bulletin_unsubscribe_token(token: str) -> Any:
    """The person a token is for; ValidationError if forged or the person is gone."""
    return tokens.read_person_token(token, BULLETIN_UNSUBSCRIBE_SALT)[0]


@transaction.atomic
def do_unsubscribe_bulletin(token: str) -> Any:
    """Stop the bulletin through the e-mail's signed link (the token is the right: no login)."""
    user = read_bulletin_unsubscribe_token(token)
    deleted, _rows = BulletinSubscription.objects.filter(user=user).delete()
    audit.record(None, "followup.bulletin_unsubscribe", user, was_subscribed=bool(deleted))
    return user


def bulletin_unsubscribe_url(user: Any) -> str:
    """Absolute, under the active language."""
    path = reverse("followup:bulletin_unsubscribe", args=[bulletin_unsubscribe_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def do_draft_bulletin(actor: Any, review: Any, *, month: datetime.date | None = None) -> Bulletin:
    """Draft (or redraft, while unsent) the month's bulletin from Minga's own data, in every
    interface language."""
    require_writer(actor)
    if not permissions.can_edit_bulletin(actor, review):
        raise PermissionDenied
    month = _month_start(month or timezone.localdate())
    existing = Bulletin.objects.filter(review=review, month=month).first()
    if existing is not None and existing.status == BulletinStatus.SENT:
        raise ValidationError(_("This month's bulletin was already sent."))
    facts = bulletin_text.gather(review, month)
    bodies = {}
    for language in InterfaceLanguage.values:
        with translation.override(language):
            bodies[language] = bulletin_text.compose(review, month, facts)
    bulletin, _created = Bulletin.objects.update_or_create(
        review=review, month=month, defaults={"bodies": bodies, "edited_by": None}
    )
    audit.record(actor, "followup.draft_bulletin", bulletin)
    return bulletin


@transaction.atomic
def do_edit_bulletin(actor: Any, bulletin: Bulletin, *, language: str, body: str) -> Bulletin:
    require_writer(actor)
    if not permissions.can_edit_bulletin(actor, bulletin.review):
        raise PermissionDenied
    if bulletin.status == BulletinStatus.SENT:
        raise ValidationError(_("A sent bulletin cannot be changed."))
    if language not in InterfaceLanguage.values:
        raise ValidationError({"language": _("Choose one of the languages.")})
    body = _text(body, field="body", maximum=20_000, empty=_("The bulletin cannot be empty."))
    bulletin.bodies = {**bulletin.bodies, language: body}
    bulletin.edited_by = actor
    bulletin.save(update_fields=["bodies", "edited_by"])
    audit.record(actor, "followup.edit_bulletin", bulletin, language=language)
    return bulletin


def do_send_bulletin(actor: Any, bulletin: Bulletin) -> int:
    """Send the reviewed bulletin to every subscriber in their language and archive it."""
    require_writer(actor)
    if not permissions.can_edit_bulletin(actor, bulletin.review):
        raise PermissionDenied
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.status == BulletinStatus.SENT:
            raise ValidationError(_("This bulletin was already sent."))
        if locked.edited_by_id is None:
            raise ValidationError(_("Review the draft and save it before sending it."))
        locked.status = BulletinStatus.SENT
        locked.sent_at = timezone.now()
        locked.sent_by = actor
        locked.save(update_fields=["status", "sent_at", "sent_by"])
        audit.record(actor, "followup.send_bulletin", locked)
    subscribers = list(
        get_user_model().objects.filter(bulletin_subscription__isnull=False, is_active=True)
    )
    for user in subscribers:
        language = (
            user.preferred_language
            if user.preferred_language in InterfaceLanguage.values
            else settings.LANGUAGE_CODE
        )
        with translation.override(language):
            url = settings.SITE_URL.rstrip("/") + reverse("followup:bulletin", args=[locked.pk])
            unsubscribe = bulletin_unsubscribe_url(user)
            context = {"bulletin": locked, "body": locked.body_in(language), "url": url,
                       "month": locked.month, "review": locked.review,
                       "unsubscribe_url": unsubscribe}  # fmt: skip
            message = EmailMultiAlternatives(
                subject=_("Minga monthly bulletin: %(review)s, %(month)s")
                % {"review": locked.review.title, "month": locked.month.strftime("%Y-%m")},
                body=render_to_string("followup/email/bulletin.txt", context),
                to=[user.email],
                headers={
                    "Auto-Submitted": "auto-generated",
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            message.attach_alternative(
                render_to_string("followup/email/bulletin.html", context), "text/html"
            )
            message.send()
    Bulletin.objects.filter(pk=locked.pk).update(recipients=len(subscribers))
    return len(subscribers)

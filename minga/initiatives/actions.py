"""State changes on initiatives: create, update (versioned), dated updates, sources,
civil-society assessments and the State's reply.

Each action owns its transaction, checks permission (PermissionDenied), refuses bad input with
a translated ValidationError (keyed by field), writes the audit log and publishes its events
(delivered on commit).
"""

import datetime
import decimal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from minga.core import audit, events
from minga.core.models import ContentLanguage
from minga.core.uploads import check_attachment
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Country, Objective, Principle
from minga.moderation.permissions import require_writer
from minga.reviews.queries import current_review
from minga.stakeholders.models import Organization

from . import permissions
from .models import (
    BUDGET_NOTE_MAX,
    COMMENT_MAX,
    EVIDENCE_MAX,
    INSTITUTION_MAX,
    LINKS_MAX,
    MAX_SOURCES,
    MAX_STATES,
    REPLY_MAX,
    SOURCE_TITLE_MAX,
    SUMMARY_MAX,
    SUMMARY_MIN,
    TITLE_MAX,
    TITLE_MIN,
    UPDATE_TEXT_MAX,
    UPDATE_TITLE_MAX,
    Assessment,
    Initiative,
    InitiativeVersion,
    Involvement,
    Kind,
    PrincipleRating,
    Rating,
    Reply,
    Source,
    SourceKind,
    Status,
    Update,
    UpdateKind,
)

EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_YEARS_AHEAD = 50
MAX_BUDGET = decimal.Decimal("99999999999999.99")

# The fields a version records (the GCM links and States are recorded by their codes).
VERSIONED = (
    "title", "summary", "language", "kind", "status", "start_date", "end_date",
    "responsible_institution", "budget_amount", "budget_currency", "budget_note",
    "cs_involvement", "cs_evidence", "states", "objectives", "principles",
)  # fmt: skip


def _too_long(max_length: int) -> str:
    return _("Shorten this to %(max)d characters at most.") % {"max": max_length}


def _text(
    errors: dict[str, str],
    name: str,
    value: Any,
    *,
    max_length: int,
    min_length: int = 0,
    required_message: str = "",
    collapse: bool = False,
) -> str:
    text = str(value or "")
    text = " ".join(text.split()) if collapse else text.strip()
    if not text and required_message:
        errors[name] = required_message
    elif text and len(text) < min_length:
        errors[name] = _("Write at least %(min)d characters.") % {"min": min_length}
    elif len(text) > max_length:
        errors[name] = _too_long(max_length)
    return text


def _check_date(errors: dict[str, str], name: str, value: Any, *, required: bool) -> Any:
    if value in (None, ""):
        if required:
            errors[name] = _("Give the date.")
        return None
    if not isinstance(value, datetime.date):
        errors[name] = _("Give a valid date, for example 2026-03-31.")
        return None
    latest = timezone.localdate().replace(year=timezone.localdate().year + LATEST_YEARS_AHEAD)
    if not EARLIEST_DATE <= value <= latest:
        errors[name] = _("Give a date between %(first)s and %(last)s.") % {
            "first": EARLIEST_DATE.isoformat(),
            "last": latest.isoformat(),
        }
        return None
    return value


def _clean_initiative(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate every field of an initiative at once; raise one ValidationError per field."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    clean["title"] = _text(
        errors, "title", data.get("title"), max_length=TITLE_MAX, min_length=TITLE_MIN,
        required_message=_("Give the initiative a title."), collapse=True,
    )  # fmt: skip
    clean["summary"] = _text(
        errors, "summary", data.get("summary"), max_length=SUMMARY_MAX, min_length=SUMMARY_MIN,
        required_message=_("Summarise what the initiative does."),
    )  # fmt: skip
    clean["responsible_institution"] = _text(
        errors, "responsible_institution", data.get("responsible_institution"),
        max_length=INSTITUTION_MAX, collapse=True,
        required_message=_("Name the institution responsible for the initiative."),
    )  # fmt: skip
    clean["budget_note"] = _text(
        errors, "budget_note", data.get("budget_note"), max_length=BUDGET_NOTE_MAX
    )
    clean["cs_evidence"] = _text(
        errors, "cs_evidence", data.get("cs_evidence"), max_length=EVIDENCE_MAX
    )
    language = data.get("language") or ContentLanguage.ES
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose the language the initiative is described in.")
    clean["language"] = language
    for name, choices, message in (
        ("kind", Kind, _("Choose the kind of initiative.")),
        ("status", Status, _("Choose the status of the initiative.")),
        ("cs_involvement", Involvement, _("Choose how civil society was involved.")),
    ):
        value = data.get(name) or ""
        if value not in choices.values:
            errors[name] = message
        clean[name] = value
    if clean.get("cs_involvement") not in ("", Involvement.NONE) and not clean["cs_evidence"]:
        errors.setdefault(
            "cs_evidence",
            _(
                "Say how civil society was involved (meetings, documents, organizations): "
                "the public and civil society check it."
            ),
        )
    clean["start_date"] = _check_date(errors, "start_date", data.get("start_date"), required=True)
    clean["end_date"] = _check_date(errors, "end_date", data.get("end_date"), required=False)
    if clean["start_date"] and clean["end_date"] and clean["end_date"] < clean["start_date"]:
        errors["end_date"] = _("The end date cannot be before the start date.")
    amount = data.get("budget_amount")
    currency = " ".join(str(data.get("budget_currency") or "").split()).upper()
    if amount in (None, ""):
        amount = None
        if currency and not clean["budget_note"]:
            currency = ""
    else:
        try:
            amount = decimal.Decimal(str(amount))
        except decimal.InvalidOperation:
            errors["budget_amount"] = _("Give the budget as a number, for example 2500000.")
            amount = None
        else:
            if not amount.is_finite() or amount < 0 or amount > MAX_BUDGET:
                errors["budget_amount"] = _("Give a budget of zero or more.")
                amount = None
            else:
                amount = amount.quantize(decimal.Decimal("0.01"))
        if not (len(currency) == 3 and currency.isalpha()):
            errors["budget_currency"] = _("Give the currency as a three-letter code such as USD.")
    clean["budget_amount"] = amount
    clean["budget_currency"] = currency
    lead = data.get("lead_state")
    partners = list(data.get("partner_states") or [])
    if not isinstance(lead, Country):
        errors["lead_state"] = _("Choose the State that leads the initiative.")
        states: list[Country] = []
    else:
        states = [lead] + [c for c in dict.fromkeys(partners) if c.pk != lead.pk]
    if any(not isinstance(c, Country) for c in partners):
        errors["partner_states"] = _("Choose the partner States from the list.")
    elif len(states) > MAX_STATES:
        errors["partner_states"] = _("An initiative can have %(max)d States at most.") % {
            "max": MAX_STATES
        }
    clean["lead_state"] = lead
    clean["states"] = states
    clean["objectives"] = list(data.get("objectives") or [])
    clean["principles"] = list(data.get("principles") or [])
    if errors:
        raise ValidationError(errors)
    return clean


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(initiative: Initiative) -> dict[str, Any]:
    """The versioned fields of an initiative as JSON values (three queries)."""
    data = {name: _json(getattr(initiative, name)) for name in VERSIONED[:13]}
    data["states"] = [
        initiative.lead_state.iso2,
        *sorted(c.iso2 for c in initiative.states.all() if c.pk != initiative.lead_state_id),
    ]
    objectives: list[int] = []
    principles: list[str] = []
    for link in initiative.gcm_links.select_related("objective", "principle"):
        if link.objective_id:
            objectives.append(link.objective.number)
        elif link.principle_id:
            principles.append(link.principle.key)
    data["objectives"] = sorted(objectives)
    data["principles"] = sorted(principles)
    return data


def _write_version(actor: Any, initiative: Initiative, before: dict[str, Any]) -> Any:
    after = snapshot(initiative)
    changed = [name for name in VERSIONED if before.get(name) != after.get(name)]
    if before and not changed:
        return None
    number = initiative.version_count + 1
    version = InitiativeVersion.objects.create(
        initiative=initiative,
        number=number,
        editor=actor,
        changed_fields=changed,
        before={k: before[k] for k in changed if k in before},
        after={k: after[k] for k in changed},
    )
    Initiative.objects.filter(pk=initiative.pk).update(version_count=number)
    initiative.version_count = number
    return version


def topics(initiative: Initiative) -> list[Any]:
    """What followers follow: the initiative's objectives and the countries of its States."""
    found: list[Any] = list(initiative.states.all())
    for link in initiative.gcm_links.select_related("objective"):
        if link.objective_id:
            found.append(link.objective)
    return found


def _index(initiative: Initiative) -> None:
    events.publish("search.index", target=initiative)


def _save_links(actor: Any, initiative: Initiative, clean: dict[str, Any]) -> None:
    initiative.states.set(clean["states"])
    do_set_gcm_links(
        actor,
        initiative,
        objectives=clean["objectives"],
        principles=clean["principles"],
        countries=clean["states"],
    )


FIELDS = (
    "title", "summary", "language", "kind", "status", "start_date", "end_date",
    "responsible_institution", "budget_amount", "budget_currency", "budget_note",
    "cs_involvement", "cs_evidence", "lead_state",
)  # fmt: skip


@transaction.atomic
def do_create_initiative(
    actor: Any,
    *,
    title: str,
    summary: str,
    kind: str,
    lead_state: Country,
    start_date: datetime.date,
    status: str,
    responsible_institution: str,
    partner_states: Iterable[Country] = (),
    objectives: Iterable[Objective] = (),
    principles: Iterable[Principle] = (),
    language: str = "es",
    end_date: datetime.date | None = None,
    budget_amount: Any = None,
    budget_currency: str = "",
    budget_note: str = "",
    cs_involvement: str = Involvement.NONE,
    cs_evidence: str = "",
) -> Initiative:
    require_writer(actor)
    if not permissions.can_create_initiatives(actor):
        raise PermissionDenied
    clean = _clean_initiative(locals())
    if not permissions.can_create_initiative_for(actor, clean["states"]):
        raise ValidationError(
            {
                "lead_state": _(
                    "You can publish initiatives only for your own State: make it the lead or "
                    "a partner."
                )
            }
        )
    initiative = Initiative.objects.create(
        created_by=actor, **{name: clean[name] for name in FIELDS}
    )
    _save_links(actor, initiative, clean)
    _write_version(actor, initiative, {})
    audit.record(actor, "initiatives.create", initiative, states=[c.iso2 for c in clean["states"]])
    events.publish("initiative.created", actor=actor, target=initiative, topics=topics(initiative))
    _index(initiative)
    return initiative


@transaction.atomic
def do_update_initiative(actor: Any, initiative: Initiative, **data: Any) -> Initiative:
    """Replace the initiative's fields (same keywords as do_create_initiative). A version
    records the fields that changed, their values before and after, who and when."""
    require_writer(actor)
    if not permissions.can_edit_initiative(actor, initiative):
        raise PermissionDenied
    initiative = (
        Initiative.objects.select_for_update().select_related("lead_state").get(pk=initiative.pk)
    )
    before = snapshot(initiative)
    clean = _clean_initiative(data)
    if not permissions.can_create_initiative_for(actor, clean["states"]):
        raise ValidationError(
            {"partner_states": _("Keep your own State among the States of the initiative.")}
        )
    for name in FIELDS:
        setattr(initiative, name, clean[name])
    initiative.save()
    _save_links(actor, initiative, clean)
    initiative = Initiative.objects.select_related("lead_state").get(pk=initiative.pk)
    version = _write_version(actor, initiative, before)
    changed = version.changed_fields if version else []
    audit.record(actor, "initiatives.update", initiative, changed=changed)
    if version is not None:
        events.publish("initiative.changed", actor=actor, target=initiative, fields=changed)
        _index(initiative)
    return initiative


@transaction.atomic
def do_add_initiative_update(
    actor: Any,
    initiative: Initiative,
    *,
    kind: str,
    title: str,
    date: datetime.date | None,
    text: str = "",
    language: str = "",
) -> Update:
    require_writer(actor)
    if not permissions.can_edit_initiative(actor, initiative):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in UpdateKind.values:
        errors["kind"] = _("Choose what kind of update this is.")
    title = _text(
        errors, "title", title, max_length=UPDATE_TITLE_MAX, collapse=True,
        required_message=_("Give the update a title."),
    )  # fmt: skip
    text = _text(errors, "text", text, max_length=UPDATE_TEXT_MAX)
    checked = _check_date(errors, "date", date, required=True)
    if checked and checked > timezone.localdate():
        errors["date"] = _("An update reports what already happened: its date cannot be later.")
    language = language or initiative.language
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose the language of the update.")
    if errors:
        raise ValidationError(errors)
    update = Update.objects.create(
        initiative=initiative,
        kind=kind,
        title=title,
        text=text,
        date=checked,
        language=language,
        author=actor,
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        update_count=F("update_count") + 1, updated_at=timezone.now()
    )
    audit.record(actor, "initiatives.add_update", initiative, update=update.pk, kind=kind)
    events.publish(
        "initiative.updated",
        actor=actor,
        target=initiative,
        topics=topics(initiative),
        update_title=title,
    )
    return update


@transaction.atomic
def do_add_source(
    actor: Any, initiative: Initiative, *, title: str, url: str = "", file: Any = None
) -> Source:
    """A link or an uploaded document (PDF or image, checked by content and size)."""
    require_writer(actor)
    if not permissions.can_edit_initiative(actor, initiative):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    title = _text(
        errors, "title", title, max_length=SOURCE_TITLE_MAX, collapse=True,
        required_message=_("Give the source a title."),
    )  # fmt: skip
    url = (url or "").strip()
    if bool(url) == bool(file):
        errors["url"] = _("Give either a link or a document, not both.")
        if not url:
            errors["url"] = _("Give a link or choose a document.")
    elif url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = _("Give a full web address starting with https://.")
        if len(url) > 500:
            errors["url"] = _too_long(500)
    checked = None
    if file and "url" not in errors:
        try:
            checked = check_attachment(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if initiative.sources.count() >= MAX_SOURCES:
        errors["title"] = _("An initiative can have %(max)d sources at most.") % {
            "max": MAX_SOURCES
        }
    if errors:
        raise ValidationError(errors)
    if checked is None:
        source = Source.objects.create(
            initiative=initiative, title=title, kind=SourceKind.LINK, url=url, added_by=actor
        )
    else:
        source = Source(
            initiative=initiative,
            title=title,
            kind=checked.kind,
            content_type=checked.content_type,
            original_name=checked.original_name,
            size=len(checked.content),
            added_by=actor,
        )
        stored = f"{get_random_string(16).lower()}.{checked.extension}"
        source.file.save(stored, ContentFile(checked.content), save=False)
        source.save()
    audit.record(actor, "initiatives.add_source", initiative, source=source.pk, kind=source.kind)
    return source


RatingInput = Mapping[str, Any]  # {"rating": int, "evidence": str, "links": [str]}


def _clean_ratings(ratings: Mapping[str, RatingInput]) -> dict[Principle, dict[str, Any]]:
    principles = {p.key: p for p in Principle.objects.all()}
    errors: dict[str, str] = {}
    clean: dict[Principle, dict[str, Any]] = {}
    for key, value in ratings.items():
        principle = principles.get(key)
        if principle is None:
            errors["__all__"] = _("Rate only the GCM guiding principles.")
            continue
        try:
            rating = int(value.get("rating") or 0)
        except (TypeError, ValueError):
            rating = -1
        if rating not in Rating.values:
            errors[f"rating_{key}"] = _("Choose a rating on the scale.")
        evidence = str(value.get("evidence") or "").strip()
        if len(evidence) > EVIDENCE_MAX:
            errors[f"evidence_{key}"] = _too_long(EVIDENCE_MAX)
        links = [str(link).strip() for link in value.get("links") or [] if str(link).strip()]
        if len(links) > LINKS_MAX:
            errors[f"links_{key}"] = _("Give %(max)d links at most.") % {"max": LINKS_MAX}
        for link in links:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                errors[f"links_{key}"] = _(
                    "“%(link)s” is not a web address: give one full address (https://…) per line."
                ) % {"link": link[:80]}
            if len(link) > 500:
                errors[f"links_{key}"] = _too_long(500)
        if rating > 0 and not evidence:
            errors[f"evidence_{key}"] = _("Give the evidence behind this rating.")
        clean[principle] = {"rating": max(rating, 0), "evidence": evidence, "links": links}
    if not errors and not any(v["rating"] > 0 for v in clean.values()):
        errors["__all__"] = _("Rate the initiative against at least one guiding principle.")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def do_submit_assessment(
    actor: Any,
    initiative: Initiative,
    *,
    organization: Organization,
    ratings: Mapping[str, RatingInput],
    comment: str = "",
    language: str = "es",
) -> Assessment:
    """Create or update the organization's assessment of the initiative. Only an approved
    representative of an organization accredited to the current review may assess."""
    require_writer(actor)
    review = current_review()
    accredited = (
        review is not None
        and Organization.objects.accredited_for(review).filter(pk=organization.pk).exists()
    )
    if not permissions.can_assess_for(actor, organization, accredited=accredited):
        raise PermissionDenied
    errors: dict[str, str] = {}
    comment = _text(errors, "comment", comment, max_length=COMMENT_MAX)
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose the language of the assessment.")
    try:
        clean = _clean_ratings(ratings)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors[field] = messages[0]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            assessment, created = Assessment.objects.select_for_update().get_or_create(
                initiative=initiative,
                organization=organization,
                defaults={
                    "author": actor,
                    "review": review,
                    "comment": comment,
                    "language": language,
                },
            )
            if not created:
                assessment.author, assessment.comment = actor, comment
                assessment.language, assessment.review = language, review
                assessment.save()
                assessment.ratings.all().delete()
            else:
                Initiative.objects.filter(pk=initiative.pk).update(
                    assessment_count=F("assessment_count") + 1
                )
            PrincipleRating.objects.bulk_create(
                [
                    PrincipleRating(assessment=assessment, principle=principle, **values)
                    for principle, values in clean.items()
                ]
            )
            audit.record(
                actor,
                "initiatives.assess" if created else "initiatives.update_assessment",
                initiative,
                assessment=assessment.pk,
                organization=organization.pk,
            )
            events.publish(
                "initiative.assessed",
                actor=actor,
                target=initiative,
                organization=organization.name,
            )
    except IntegrityError:
        raise ValidationError(
            _("Another representative of %(name)s just sent an assessment: reload the page.")
            % {"name": organization.name},
            code="duplicate",
        ) from None
    return assessment


@transaction.atomic
def do_reply_to_assessment(
    actor: Any,
    assessment: Assessment,
    *,
    text: str,
    language: str = "es",
    state: Country | None = None,
) -> Reply:
    """The State's right of reply: once per assessment (a database constraint decides, also
    when two focal points reply at the same time)."""
    require_writer(actor)
    initiative = assessment.initiative
    states = permissions.replying_states(actor, initiative)
    if not states:
        raise PermissionDenied
    if state is None:
        state = states[0]
    elif state not in states:
        raise PermissionDenied
    errors: dict[str, str] = {}
    text = _text(
        errors, "text", text, max_length=REPLY_MAX,
        required_message=_("Write the reply of the State."),
    )  # fmt: skip
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose the language of the reply.")
    if errors:
        raise ValidationError(errors)
    already = ValidationError(
        _("The State has already replied to this assessment: there is one reply per assessment."),
        code="duplicate",
    )
    if Reply.objects.filter(assessment=assessment).exists():
        raise already
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                assessment=assessment,
                initiative=initiative,
                state=state,
                author=actor,
                text=text,
                language=language,
            )
            audit.record(
                actor, "initiatives.reply", initiative, assessment=assessment.pk, state=state.iso2
            )
            recipients = [assessment.author] if assessment.author_id else []
            events.publish(
                "initiative.replied", actor=actor, target=initiative, recipients=recipients
            )
    except IntegrityError:
        raise already from None
    return reply


def rating_input(rating: int, evidence: str = "", links: Sequence[str] = ()) -> dict[str, Any]:
    """Helper for callers (demo, tests): one principle's rating as the action expects it."""
    return {"rating": rating, "evidence": evidence, "links": list(links)}

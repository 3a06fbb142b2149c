"""State changes of the dialogue: consultations, contributions, reactions, official responses.

Each action owns its transaction, checks permission (``PermissionDenied``), refuses bad input
and business-rule violations with a translated ``ValidationError`` (keyed by form field where
there is one), writes the audit log and publishes its events (delivered on commit).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.accounts.permissions import is_organization_member
from minga.core import audit, events
from minga.core.markdown import render_markdown
from minga.core.models import ContentLanguage
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Country, Objective
from minga.moderation import actions as moderation_actions
from minga.moderation.permissions import require_writer
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

from . import permissions
from .models import (
    BACKGROUND_MAX,
    COMMITMENT_MAX,
    CONCLUSION_MAX,
    CONTRIBUTION_MAX,
    QUESTION_MAX,
    RESPONSE_MAX,
    TITLE_MAX,
    Commitment,
    Consultation,
    ConsultationPhase,
    Contribution,
    OfficialResponse,
    Reaction,
    ReactionKind,
)

EXCERPT_LENGTH = 200
# Fields of Consultation that do_update_consultation may change directly.
EDITABLE_FIELDS = ("title", "question", "background", "language", "review", "closes_on")


@dataclass(frozen=True)
class CommitmentInput:
    text: str
    responsible: Organization
    due_on: datetime.date


def _require_login(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied


def _text(value: str, field: str, maximum: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field cannot be empty.")}, code="required")
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("Keep it under %(max)d characters (it has %(n)d).")
                % {"max": maximum, "n": len(value)}
            },
            code="max_length",
        )
    return value


def _language(value: str) -> str:
    if value not in ContentLanguage.values:
        raise ValidationError({"language": _("Choose a language from the list.")}, code="language")
    return value


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _check_institutions(institutions: list[Organization], *, is_standing: bool) -> None:
    if not institutions:
        raise ValidationError(
            {"institutions": _("Address the consultation to at least one institution.")},
            code="institutions",
        )
    for institution in institutions:
        if not permissions.is_institution(institution):
            raise ValidationError(
                {
                    "institutions": _(
                        "“%(name)s” is not an institution (UN entity, intergovernmental "
                        "organization or State)."
                    )
                    % {"name": institution.name}
                },
                code="not_institution",
            )
    if is_standing and len(institutions) != 1:
        raise ValidationError(
            {"institutions": _("A standing channel is addressed to exactly one institution.")},
            code="standing_one",
        )


def _check_single_standing(institution: Organization, exclude_pk: int | None = None) -> None:
    others = Consultation.objects.standing().addressed_to(institution)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {
                "institutions": _("%(name)s already has a standing channel.")
                % {"name": institution.name}
            },
            code="standing_exists",
        )


def _topics(consultation: Consultation) -> list[Any]:
    topics: list[Any] = []
    for link in consultation.gcm_links.select_related("objective", "country"):
        if link.objective is not None:
            topics.append(link.objective)
        elif link.country is not None:
            topics.append(link.country)
    return topics


@transaction.atomic
def do_open_consultation(
    actor: Any,
    *,
    title: str,
    question: str,
    institutions: Iterable[Organization],
    background: str = "",
    language: str = ContentLanguage.ES,
    review: Review | None = None,
    objectives: Iterable[Objective] = (),
    countries: Iterable[Country] = (),
    is_standing: bool = False,
    closes_on: datetime.date | None = None,
) -> Consultation:
    """A UN delegate or committee member opens a consultation addressed to institutions."""
    if not permissions.can_open_consultation(actor, review):
        raise PermissionDenied
    institutions = list(institutions)
    consultation = Consultation(
        title=_text(title, "title", TITLE_MAX),
        question=_text(question, "question", QUESTION_MAX),
        background=_text(background, "background", BACKGROUND_MAX, required=False),
        language=_language(language),
        review=review,
        is_standing=is_standing,
        closes_on=None if is_standing else closes_on,
        opened_by=actor,
    )
    _check_institutions(institutions, is_standing=is_standing)
    if is_standing:
        _check_single_standing(institutions[0])
    consultation.save()
    consultation.institutions.set(institutions)
    do_set_gcm_links(actor, consultation, objectives=objectives, countries=countries)
    audit.record(
        actor,
        "dialogue.open",
        consultation,
        institutions=[i.slug for i in institutions],
        is_standing=is_standing,
    )
    events.publish(
        "consultation.opened", actor=actor, target=consultation, topics=_topics(consultation)
    )
    events.publish("search.index", actor=actor, target=consultation)
    return consultation


@transaction.atomic
def do_update_consultation(
    actor: Any,
    consultation: Consultation,
    *,
    changes: dict[str, Any],
    institutions: Iterable[Organization] | None = None,
    objectives: Iterable[Objective] | None = None,
    countries: Iterable[Country] | None = None,
) -> Consultation:
    """Change a consultation's text, institutions or links (only the given ones)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage_consultation(actor, consultation):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    limits = {"title": TITLE_MAX, "question": QUESTION_MAX, "background": BACKGROUND_MAX}
    changed: list[str] = []
    for field, value in changes.items():
        if field in limits:
            value = _text(value, field, limits[field], required=field != "background")
        elif field == "language":
            value = _language(value)
        if getattr(consultation, field) != value:
            setattr(consultation, field, value)
            changed.append(field)
    if institutions is not None:
        institutions = list(institutions)
        _check_institutions(institutions, is_standing=consultation.is_standing)
        if consultation.is_standing:
            _check_single_standing(institutions[0], exclude_pk=consultation.pk)
        if {i.pk for i in institutions} != {i.pk for i in consultation.institutions.all()}:
            consultation.institutions.set(institutions)
            changed.append("institutions")
    if changed:
        consultation.save()
    do_set_gcm_links(actor, consultation, objectives=objectives, countries=countries)
    audit.record(actor, "dialogue.update", consultation, fields=sorted(changed))
    events.publish("search.index", actor=actor, target=consultation)
    return consultation


@transaction.atomic
def do_close_consultation(
    actor: Any, consultation: Consultation, *, conclusion: str
) -> Consultation:
    """Close a consultation with a written conclusion (required)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage_consultation(actor, consultation):
        raise PermissionDenied
    if consultation.is_standing:
        raise ValidationError(
            _("A standing channel stays open. Make it an ordinary consultation first."),
            code="standing",
        )
    if consultation.is_closed:
        raise ValidationError(_("This consultation is already closed."), code="closed")
    consultation.conclusion = _text(conclusion, "conclusion", CONCLUSION_MAX)
    previous = consultation.phase
    consultation.phase = ConsultationPhase.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["conclusion", "phase", "closed_at", "updated_at"])
    audit.record(actor, "dialogue.close", consultation, previous=previous)
    events.publish("consultation.closed", actor=actor, target=consultation)
    events.publish("search.index", actor=actor, target=consultation)
    return consultation


@transaction.atomic
def do_move_consultation_phase(
    actor: Any, consultation: Consultation, phase: str, *, conclusion: str = ""
) -> Consultation:
    """Open for contributions ↔ institutions answer; closing needs a conclusion."""
    if phase == ConsultationPhase.CLOSED:
        return do_close_consultation(actor, consultation, conclusion=conclusion)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage_consultation(actor, consultation):
        raise PermissionDenied
    if phase not in ConsultationPhase.values:
        raise ValidationError(_("Choose a phase from the list."), code="phase")
    if consultation.is_standing:
        raise ValidationError(
            _("A standing channel stays open. Make it an ordinary consultation first."),
            code="standing",
        )
    if consultation.is_closed:
        raise ValidationError(_("A closed consultation cannot be reopened."), code="closed")
    if consultation.phase == phase:
        return consultation
    previous = consultation.phase
    consultation.phase = phase
    consultation.save(update_fields=["phase", "updated_at"])
    audit.record(actor, "dialogue.move_phase", consultation, previous=previous, phase=phase)
    return consultation


@transaction.atomic
def do_contribute(
    actor: Any,
    consultation: Consultation,
    *,
    text: str,
    language: str = ContentLanguage.ES,
    organization: Organization | None = None,
    parent: Contribution | None = None,
) -> Contribution:
    """Contribute to a consultation, or reply to a contribution (replies to replies too)."""
    require_writer(actor)
    if consultation.is_closed:
        raise ValidationError(
            _("This consultation is closed: it no longer takes contributions."), code="closed"
        )
    text = _text(text, "text", CONTRIBUTION_MAX)
    language = _language(language)
    depth = 0
    if parent is not None:
        if parent.consultation_id != consultation.pk:
            raise ValidationError(
                _("You can only reply to a contribution of this consultation."),
                code="other_consultation",
            )
        if parent.is_hidden:
            raise ValidationError(
                _("This contribution was hidden by moderation and cannot be answered."),
                code="hidden_parent",
            )
        depth = parent.depth + 1
    if organization is not None and not is_organization_member(actor, organization):
        raise ValidationError(
            {"organization": _("You can only speak for an organization you are a member of.")},
            code="not_member",
        )
    contribution = Contribution.objects.create(
        consultation=consultation,
        author=actor,
        organization=organization,
        parent=parent,
        depth=depth,
        text=text,
        text_html=render_markdown(text),
        language=language,
    )
    audit.record(
        actor,
        "dialogue.contribute",
        contribution,
        consultation=consultation.pk,
        parent=parent.pk if parent else None,
    )
    recipients = []
    if parent is not None and parent.author_id and parent.author_id != actor.pk:
        recipients.append(parent.author)
    events.publish(
        "consultation.contributed",
        actor=actor,
        target=consultation,
        recipients=recipients,
        excerpt=_excerpt(text),
    )
    events.publish("search.index", actor=actor, target=contribution)
    return contribution


@transaction.atomic
def do_edit_contribution(
    actor: Any, contribution: Contribution, *, text: str, language: str | None = None
) -> Contribution:
    """The author corrects their contribution; the previous text is kept for moderators."""
    contribution = (
        Contribution.objects.select_for_update()
        .select_related("consultation")
        .get(pk=contribution.pk)
    )
    if not permissions.can_edit_contribution(actor, contribution):
        raise PermissionDenied
    require_writer(actor)
    text = _text(text, "text", CONTRIBUTION_MAX)
    language = _language(language) if language is not None else contribution.language
    if text == contribution.text and language == contribution.language:
        return contribution
    moderation_actions.do_record_revision(
        actor, contribution, {"text": contribution.text, "language": contribution.language}
    )
    contribution.text = text
    contribution.text_html = render_markdown(text)
    contribution.language = language
    contribution.edited_at = timezone.now()
    contribution.save(update_fields=["text", "text_html", "language", "edited_at", "updated_at"])
    audit.record(actor, "dialogue.edit_contribution", contribution)
    events.publish("search.index", actor=actor, target=contribution)
    return contribution


def _check_reaction(actor: Any, contribution: Contribution, kind: str) -> None:
    require_writer(actor)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."), code="kind")
    if contribution.consultation.is_closed:
        raise ValidationError(
            _("This consultation is closed: reactions are no longer counted."), code="closed"
        )


@transaction.atomic
def do_react(actor: Any, contribution: Contribution, kind: str) -> Reaction:
    """Mark a contribution agree / disagree / useful: once per person and kind."""
    _check_reaction(actor, contribution, kind)
    if contribution.is_hidden:
        raise ValidationError(_("This contribution was hidden by moderation."), code="hidden")
    if contribution.author_id == actor.pk:
        raise ValidationError(_("You cannot react to your own contribution."), code="own")
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(contribution=contribution, person=actor, kind=kind)
    except IntegrityError:
        raise ValidationError(
            _("You have already marked this contribution as “%(kind)s”.")
            % {"kind": ReactionKind(kind).label},
            code="already",
        ) from None
    counter = f"{kind}_count"
    Contribution.objects.filter(pk=contribution.pk).update(**{counter: F(counter) + 1})
    audit.record(actor, "dialogue.react", contribution, kind=kind)
    return reaction


@transaction.atomic
def do_unreact(actor: Any, contribution: Contribution, kind: str) -> None:
    """Take back one's reaction."""
    _check_reaction(actor, contribution, kind)
    deleted, _rows = Reaction.objects.filter(
        contribution=contribution, person=actor, kind=kind
    ).delete()
    if not deleted:
        raise ValidationError(
            _("You had not marked this contribution as “%(kind)s”.")
            % {"kind": ReactionKind(kind).label},
            code="not_reacted",
        )
    counter = f"{kind}_count"
    Contribution.objects.filter(pk=contribution.pk).update(**{counter: Greatest(F(counter) - 1, 0)})
    audit.record(actor, "dialogue.unreact", contribution, kind=kind)


@transaction.atomic
def do_respond_officially(
    actor: Any,
    consultation: Consultation,
    *,
    institution: Organization,
    text: str,
    language: str = ContentLanguage.ES,
    commitments: Iterable[CommitmentInput] = (),
) -> OfficialResponse:
    """An entitled person answers for an addressed institution, with optional commitments."""
    _require_login(actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_answer_for(actor, institution):
        raise PermissionDenied
    require_writer(actor)
    if consultation.is_closed:
        raise ValidationError(
            _("This consultation is closed: it no longer takes responses."), code="closed"
        )
    if not consultation.institutions.filter(pk=institution.pk).exists():
        raise ValidationError(
            {
                "institution": _("This consultation is not addressed to %(name)s.")
                % {"name": institution.name}
            },
            code="not_addressed",
        )
    text = _text(text, "text", RESPONSE_MAX)
    language = _language(language)
    today = timezone.localdate()
    commitments = list(commitments)
    for commitment in commitments:
        _text(commitment.text, "commitments", COMMITMENT_MAX)
        if not permissions.is_institution(commitment.responsible):
            raise ValidationError(
                {"commitments": _("The responsible party of a commitment must be an institution.")},
                code="responsible",
            )
        if commitment.due_on < today:
            raise ValidationError(
                {"commitments": _("A commitment's due date cannot be in the past.")},
                code="due_past",
            )
    response = OfficialResponse.objects.create(
        consultation=consultation,
        institution=institution,
        signed_by=actor,
        text=text,
        language=language,
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                response=response,
                text=c.text.strip(),
                responsible=c.responsible,
                due_on=c.due_on,
            )
            for c in commitments
        ]
    )
    audit.record(
        actor,
        "dialogue.respond",
        consultation,
        institution=institution.slug,
        response=response.pk,
        commitments=len(commitments),
    )
    events.publish(
        "consultation.responded",
        actor=actor,
        target=consultation,
        institution=institution.name,
    )
    events.publish("search.index", actor=actor, target=consultation)
    return response

"""State changes on proposals: submit, edit, endorse, comment, answer, merge.

Each action owns its transaction, checks permission (PermissionDenied), refuses bad input
with a translated ValidationError, writes the audit log and publishes its events (delivered
on commit). An anonymous-to-public author never appears in an event's data.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from minga.core import audit, events
from minga.core.uploads import check_attachment
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Country, Objective
from minga.moderation import actions as moderation_actions
from minga.moderation.permissions import require_writer
from minga.stakeholders.models import Organization

from . import permissions
from .models import (
    COMMENT_MAX,
    EXPLANATION_MAX,
    MAX_ATTACHMENTS,
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TITLE_MIN,
    Answer,
    AnswerStatus,
    Attachment,
    AuthorDisplay,
    Comment,
    CorridorRole,
    Endorsement,
    OnBehalfOf,
    Proposal,
)

EXCERPT_LENGTH = 200
MAX_PEOPLE = 1_000_000


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _clean_title_text(title: str, text: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    text = (text or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if len(title) < TITLE_MIN:
        errors["title"] = [
            ValidationError(
                _("Write a title of at least %(min)d characters."),
                code="too_short",
                params={"min": TITLE_MIN},
            )
        ]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            ValidationError(
                _("Shorten the title to %(max)d characters at most."),
                code="too_long",
                params={"max": TITLE_MAX},
            )
        ]
    if len(text) < TEXT_MIN:
        errors["text"] = [
            ValidationError(
                _("Explain your proposal in at least %(min)d characters."),
                code="too_short",
                params={"min": TEXT_MIN},
            )
        ]
    elif len(text) > TEXT_MAX:
        errors["text"] = [
            ValidationError(
                _("Shorten the proposal to %(max)d characters at most."),
                code="too_long",
                params={"max": TEXT_MAX},
            )
        ]
    if errors:
        raise ValidationError(errors)
    return title, text


def _check_display(actor: Any, author_display: str, organization: Organization | None) -> None:
    if author_display not in AuthorDisplay.values:
        raise ValidationError({"author_display": _("Choose how you appear as the author.")})
    if author_display == AuthorDisplay.ORGANIZATION:
        if organization is None:
            raise ValidationError(
                {"organization": _("Choose the organization the proposal is presented by.")}
            )
        if not permissions.can_present_as(actor, organization):
            raise ValidationError(
                {
                    "organization": _(
                        "You can present a proposal under an organization's name only as its "
                        "approved member."
                    )
                }
            )


def _topics(proposal: Proposal) -> list[Any]:
    links = proposal.gcm_links.select_related("objective", "country")
    return [link.objective or link.country for link in links if link.objective or link.country]


def _index(proposal: Proposal) -> None:
    events.publish("search.index", target=proposal)


def _store_attachments(actor: Any, proposal: Proposal, files: Sequence[Any]) -> None:
    existing = proposal.attachments.count()
    if existing + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("You can attach %(max)d files at most.") % {"max": MAX_ATTACHMENTS}}
        )
    checked = []
    for file in files:
        try:
            checked.append(check_attachment(file))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from None
    for item in checked:
        attachment = Attachment(
            proposal=proposal,
            kind=item.kind,
            content_type=item.content_type,
            original_name=item.original_name,
            size=len(item.content),
        )
        stored_name = f"{get_random_string(16).lower()}.{item.extension}"
        attachment.file.save(stored_name, ContentFile(item.content), save=False)
        attachment.save()
        audit.record(actor, "proposals.attach", proposal, attachment=attachment.pk)


@transaction.atomic
def do_submit_proposal(
    actor: Any,
    *,
    title: str,
    text: str,
    language: str = "es",
    objectives: Iterable[Objective] = (),
    countries: Iterable[Country] = (),
    corridor_roles: Iterable[str] = (),
    author_display: str = AuthorDisplay.PERSON,
    organization: Organization | None = None,
    on_behalf_of: str = "",
    consent_recorded: bool = False,
    consent_how: str = "",
    people_count: int = 1,
    intermediary: Organization | None = None,
    attachments: Sequence[Any] = (),
) -> Proposal:
    require_writer(actor)
    title, text = _clean_title_text(title, text)
    _check_display(actor, author_display, organization)
    roles = set(corridor_roles)
    if roles - set(CorridorRole.values):
        raise ValidationError({"corridor_roles": _("Choose among the listed roles.")})
    if on_behalf_of not in OnBehalfOf.values:
        raise ValidationError({"on_behalf_of": _("Choose who the proposal comes from.")})
    if on_behalf_of:
        if not consent_recorded or not consent_how.strip():
            raise ValidationError(
                {
                    "consent_how": _(
                        "Record that the people you speak for agreed, and how they agreed, "
                        "before sending their proposal."
                    )
                }
            )
        if intermediary is not None and not permissions.can_present_as(actor, intermediary):
            raise ValidationError(
                {
                    "intermediary": _(
                        "You can record proposals only for an organization you belong to."
                    )
                }
            )
    else:
        consent_recorded, consent_how, intermediary, people_count = False, "", None, 1
    if not 1 <= int(people_count) <= MAX_PEOPLE:
        raise ValidationError({"people_count": _("Give a number of people of at least 1.")})
    proposal = Proposal.objects.create(
        title=title,
        text=text,
        language=language,
        author=actor,
        author_display=author_display,
        organization=organization if author_display == AuthorDisplay.ORGANIZATION else None,
        on_behalf_of=on_behalf_of,
        consent_recorded=consent_recorded,
        consent_how=consent_how.strip()[:300],
        people_count=int(people_count),
        intermediary=intermediary,
        **{f"is_{role}": role in roles for role in CorridorRole.values},
    )
    do_set_gcm_links(actor, proposal, objectives=list(objectives), countries=list(countries))
    if attachments:
        _store_attachments(actor, proposal, attachments)
    audit.record(actor, "proposals.submit", proposal, display=author_display)
    events.publish("proposal.submitted", actor=actor, target=proposal, topics=_topics(proposal))
    _index(proposal)
    return proposal


EDITABLE = ("title", "text", "language")


@transaction.atomic
def do_edit_proposal(
    actor: Any,
    proposal: Proposal,
    *,
    title: str,
    text: str,
    language: str | None = None,
    objectives: Iterable[Objective] | None = None,
    countries: Iterable[Country] | None = None,
    corridor_roles: Iterable[str] | None = None,
    attachments: Sequence[Any] = (),
) -> Proposal:
    require_writer(actor)
    if not permissions.can_edit_proposal(actor, proposal):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    title, text = _clean_title_text(title, text)
    previous = {field: getattr(proposal, field) for field in EDITABLE}
    proposal.title, proposal.text = title, text
    if language:
        proposal.language = language
    if corridor_roles is not None:
        roles = set(corridor_roles)
        for role in CorridorRole.values:
            setattr(proposal, f"is_{role}", role in roles)
    changed = {f: getattr(proposal, f) for f in EDITABLE} != previous
    if changed:
        moderation_actions.do_record_revision(actor, proposal, previous)
    proposal.save()
    do_set_gcm_links(
        actor,
        proposal,
        objectives=None if objectives is None else list(objectives),
        countries=None if countries is None else list(countries),
    )
    if attachments:
        _store_attachments(actor, proposal, attachments)
    audit.record(actor, "proposals.edit", proposal, changed=changed)
    _index(proposal)
    return proposal


def _refresh_endorsement_counts(proposal_id: int) -> None:
    counts = Endorsement.objects.filter(proposal_id=proposal_id).aggregate(
        people=Count("id", filter=Q(organization__isnull=True)),
        organizations=Count("id", filter=Q(organization__isnull=False)),
    )
    Proposal.objects.filter(pk=proposal_id).update(
        endorsement_count=counts["people"], organization_endorsement_count=counts["organizations"]
    )


def _already_endorsed(organization: Organization | None) -> ValidationError:
    if organization is not None:
        return ValidationError(
            _("%(name)s already endorses this proposal.") % {"name": organization},
            code="duplicate",
        )
    return ValidationError(_("You already endorse this proposal."), code="duplicate")


def do_endorse_proposal(
    actor: Any, proposal: Proposal, *, organization: Organization | None = None
) -> Endorsement:
    """Endorse as a person, or in an organization's name (its approved representative).

    A second endorsement (also two at once) is refused with a clear message: the database
    constraint decides, the IntegrityError is turned into a ValidationError.
    """
    require_writer(actor)
    if organization is not None and not permissions.can_endorse_for(actor, organization):
        raise PermissionDenied
    if proposal.is_hidden or proposal.merged_into_id is not None:
        raise ValidationError(_("This proposal can no longer be endorsed."), code="closed")
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                proposal=proposal, person=actor, organization=organization
            )
            field = "organization_endorsement_count" if organization else "endorsement_count"
            Proposal.objects.filter(pk=proposal.pk).update(**{field: F(field) + 1})
            audit.record(
                actor,
                "proposals.endorse",
                proposal,
                organization=organization.pk if organization else None,
            )
            recipients = [proposal.author] if proposal.author_id else []
            events.publish(
                "proposal.endorsed",
                actor=actor,
                target=proposal,
                recipients=recipients,
                by_organization=organization is not None,
            )
    except IntegrityError:
        raise _already_endorsed(organization) from None
    return endorsement


@transaction.atomic
def do_withdraw_endorsement(
    actor: Any, proposal: Proposal, *, organization: Organization | None = None
) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if organization is not None:
        if not permissions.can_endorse_for(actor, organization):
            raise PermissionDenied
        deleted, _rows = Endorsement.objects.filter(
            proposal=proposal, organization=organization
        ).delete()
        field = "organization_endorsement_count"
    else:
        deleted, _rows = Endorsement.objects.filter(
            proposal=proposal, person=actor, organization__isnull=True
        ).delete()
        field = "endorsement_count"
    if deleted:
        Proposal.objects.filter(pk=proposal.pk, **{f"{field}__gt": 0}).update(
            **{field: F(field) - 1}
        )
        audit.record(
            actor,
            "proposals.withdraw_endorsement",
            proposal,
            organization=organization.pk if organization else None,
        )


@transaction.atomic
def do_comment_proposal(
    actor: Any, proposal: Proposal, *, text: str, parent: Comment | None = None, language: str = ""
) -> Comment:
    require_writer(actor)
    if proposal.is_hidden or proposal.merged_into_id is not None:
        raise ValidationError(_("This proposal no longer takes comments."), code="closed")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment before sending it.")})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": _("Shorten the comment to %(max)d characters at most.") % {"max": COMMENT_MAX}}
        )
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError(_("You can only reply to a comment on this proposal."))
        if parent.parent_id is not None:
            parent = parent.parent  # one level of threading: replies join the thread
    comment = Comment.objects.create(
        proposal=proposal,
        author=actor,
        parent=parent,
        text=text,
        language=language or proposal.language,
    )
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    audit.record(actor, "proposals.comment", proposal, comment=comment.pk)
    recipients = [proposal.author] if proposal.author_id else []
    events.publish(
        "proposal.commented",
        actor=actor,
        target=proposal,
        recipients=recipients,
        excerpt=_excerpt(text),
    )
    return comment


@transaction.atomic
def do_answer_proposal(actor: Any, proposal: Proposal, *, status: str, explanation: str) -> Answer:
    if not permissions.can_answer_proposal(actor):
        raise PermissionDenied
    explanation = (explanation or "").strip()
    errors: dict[str, str] = {}
    if status not in AnswerStatus.values:
        errors["status"] = _("Choose the status of the answer.")
    if not explanation:
        errors["explanation"] = _("Explain the answer: the authors and the public read it.")
    elif len(explanation) > EXPLANATION_MAX:
        errors["explanation"] = _("Shorten the explanation to %(max)d characters at most.") % {
            "max": EXPLANATION_MAX
        }
    if errors:
        raise ValidationError(errors)
    if proposal.merged_into_id is not None:
        raise ValidationError(
            _("This proposal was merged into another one: answer that one instead.")
        )
    answer = Answer.objects.create(
        proposal=proposal, status=status, explanation=explanation, answered_by=actor
    )
    proposal.answer_status = status
    proposal.answered_at = answer.created_at
    Proposal.objects.filter(pk=proposal.pk).update(
        answer_status=status, answered_at=answer.created_at
    )
    audit.record(actor, "proposals.answer", proposal, status=status)
    recipients = [proposal.author] if proposal.author_id else []
    events.publish(
        "proposal.answered",
        actor=actor,
        target=proposal,
        recipients=recipients,
        status=status,
        status_label=str(AnswerStatus(status).label),
    )
    _index(proposal)
    return answer


@transaction.atomic
def do_merge_proposals(actor: Any, duplicate: Proposal, *, into: Proposal) -> Proposal:
    """Merge ``duplicate`` into ``into`` (moderators). Endorsements move over; a person or an
    organization that endorsed both counts once. Comments stay readable on the duplicate's
    page, which points to the kept proposal."""
    if not permissions.can_moderate_proposals(actor):
        raise PermissionDenied
    if duplicate.pk == into.pk:
        raise ValidationError(_("A proposal cannot be merged into itself."))
    if into.merged_into_id is not None:
        raise ValidationError(_("That proposal was itself merged: choose the one it went into."))
    if duplicate.merged_into_id is not None:
        raise ValidationError(_("This proposal is already merged."))
    locked = {
        p.pk: p for p in Proposal.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    kept_people = Endorsement.objects.filter(proposal=into, organization__isnull=True).values(
        "person_id"
    )
    kept_orgs = Endorsement.objects.filter(proposal=into, organization__isnull=False).values(
        "organization_id"
    )
    # Move what the kept proposal does not have yet; true duplicates stay on the merged one.
    Endorsement.objects.filter(proposal=duplicate, organization__isnull=True).exclude(
        person_id__in=kept_people
    ).update(proposal=into)
    Endorsement.objects.filter(proposal=duplicate, organization__isnull=False).exclude(
        organization_id__in=kept_orgs
    ).update(proposal=into)
    _refresh_endorsement_counts(into.pk)
    _refresh_endorsement_counts(duplicate.pk)
    # Proposals merged earlier into the duplicate now point at the kept one.
    Proposal.objects.filter(merged_into=duplicate).update(merged_into=into)
    now = timezone.now()
    Proposal.objects.filter(pk=duplicate.pk).update(merged_into=into, merged_at=now)
    duplicate.merged_into, duplicate.merged_at = into, now
    # The kept proposal also carries the duplicate's objectives and countries.
    ct = ContentType.objects.get_for_model(Proposal)
    from minga.gcm.models import GCMLink

    links = GCMLink.objects.filter(content_type=ct, object_id__in=[duplicate.pk, into.pk])
    do_set_gcm_links(
        actor,
        into,
        objectives=Objective.objects.filter(pk__in=links.values("objective_id")),
        countries=Country.objects.filter(pk__in=links.values("country_id")),
    )
    audit.record(actor, "proposals.merge", into, merged=duplicate.pk)
    recipients = [p.author for p in (into, duplicate) if p.author_id]
    events.publish(
        "proposal.merged",
        actor=actor,
        target=into,
        recipients=recipients,
        merged_title=duplicate.title,
    )
    events.publish("search.remove", content_type_id=ct.pk, object_id=duplicate.pk)
    _index(into)
    into.refresh_from_db()
    return into

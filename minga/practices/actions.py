"""State changes on practices: submit, assign reviewers, review, ask and answer clarifications,
publish (automatic when the peer-review rule in ``rules.py`` is met), adopt.

Each action owns its transaction, checks permission (PermissionDenied), refuses bad input with
a translated ValidationError, writes the audit log and publishes its events (on commit).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.core import audit, events
from minga.core.models import ContentLanguage
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Country, Objective, Principle
from minga.moderation.permissions import require_writer
from minga.stakeholders.models import Organization

from . import permissions, rules
from .models import (
    ADOPTABLE_MODELS,
    COMMENT_MAX,
    CRITERIA_KEYS,
    MAX_REVIEWERS_PER_ROLE,
    NOTE_MAX,
    PARTNERS_MAX,
    QUESTION_MAX,
    REVIEWABLE,
    SHORT_TEXT_MAX,
    SOURCES_MAX,
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TITLE_MIN,
    Adoption,
    Answer,
    Clarification,
    Practice,
    PracticeRegion,
    PracticeStatus,
    Recommendation,
    ReviewAssignment,
    ReviewerRole,
    ReviewVerdict,
)


def _length_error(field: str, value: str, minimum: int, maximum: int, errors: dict) -> None:
    if len(value) < minimum:
        errors[field] = _("Write at least %(min)d characters.") % {"min": minimum}
    elif len(value) > maximum:
        errors[field] = _("Shorten this to %(max)d characters at most.") % {"max": maximum}


def clean_sources(raw: str) -> str:
    """One http(s) address per line; raises ValidationError({"sources": ...})."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    if len(lines) > SOURCES_MAX:
        raise ValidationError(
            {"sources": _("Give %(max)d sources at most.") % {"max": SOURCES_MAX}}
        )
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                {
                    "sources": _(
                        "“%(line)s” is not a web address. Write one address per line, "
                        "starting with https://."
                    )
                    % {"line": line[:80]}
                }
            ) from None
    return "\n".join(lines)


def _topics(practice: Practice) -> list[Any]:
    links = practice.gcm_links.select_related("objective", "country")
    return [link.objective or link.country for link in links if link.objective or link.country]


@transaction.atomic
def do_submit_practice(
    actor: Any,
    *,
    title: str,
    region: str,
    description: str,
    results: str,
    replication: str,
    partners: str = "",
    sources: str = "",
    contact_organization: Organization | None = None,
    language: str = "en",
    objectives: Iterable[Objective] = (),
    principles: Iterable[Principle] = (),
    countries: Iterable[Country] = (),
) -> Practice:
    """Submit a practice for peer review (accredited organizations' representatives, UN
    delegates, State focal points)."""
    require_writer(actor)
    if not permissions.can_submit_practice(actor):
        raise PermissionDenied
    title = " ".join((title or "").split())
    description, results = (description or "").strip(), (results or "").strip()
    replication, partners = (replication or "").strip(), (partners or "").strip()
    objectives = list(objectives)
    errors: dict[str, Any] = {}
    _length_error("title", title, TITLE_MIN, TITLE_MAX, errors)
    _length_error("description", description, TEXT_MIN, TEXT_MAX, errors)
    _length_error("results", results, TEXT_MIN, SHORT_TEXT_MAX, errors)
    _length_error("replication", replication, TEXT_MIN, SHORT_TEXT_MAX, errors)
    if len(partners) > PARTNERS_MAX:
        errors["partners"] = _("Shorten this to %(max)d characters at most.") % {
            "max": PARTNERS_MAX
        }
    if region not in PracticeRegion.values:
        errors["region"] = _("Choose the region where the practice was implemented.")
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose the language the practice is written in.")
    if not objectives:
        errors["gcm_objectives"] = _("Choose at least one GCM objective the practice serves.")
    try:
        sources = clean_sources(sources)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    practice = Practice.objects.create(
        title=title,
        region=region,
        description=description,
        results=results,
        replication=replication,
        partners=partners,
        sources=sources,
        contact_organization=contact_organization,
        language=language,
        status=PracticeStatus.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    do_set_gcm_links(
        actor,
        practice,
        objectives=objectives,
        principles=list(principles),
        countries=list(countries),
    )
    audit.record(actor, "practices.submit", practice, region=region)
    return practice


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _require_reviewable(practice: Practice) -> None:
    if practice.status not in REVIEWABLE:
        raise ValidationError(_("This practice is no longer in peer review."), code="closed")


@transaction.atomic
def do_assign_reviewer(
    actor: Any, practice: Practice, reviewer: Any, *, role: str
) -> ReviewAssignment:
    """UN delegates and committee members (MFA) assign a reviewer. A UN reviewer must be a UN
    delegate; nobody reviews their own practice."""
    if not permissions.can_assign_reviewers(actor):
        raise PermissionDenied
    practice = _lock(practice)
    _require_reviewable(practice)
    if role not in ReviewerRole.values:
        raise ValidationError({"role": _("Choose the reviewer's role.")})
    if reviewer is None or not getattr(reviewer, "is_active", False):
        raise ValidationError({"reviewer": _("Choose an active person as reviewer.")})
    if reviewer.pk == practice.submitted_by_id:
        raise ValidationError({"reviewer": _("The submitter cannot review their own practice.")})
    if role == ReviewerRole.UN and not permissions.can_be_un_reviewer(reviewer):
        raise ValidationError(
            {"reviewer": _("A UN reviewer must be a UN delegate with two-step verification.")}
        )
    if practice.assignments.filter(role=role).count() >= MAX_REVIEWERS_PER_ROLE:
        raise ValidationError(
            {"role": _("This practice already has %(max)d reviewers in this role.")
             % {"max": MAX_REVIEWERS_PER_ROLE}}
        )  # fmt: skip
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                practice=practice, reviewer=reviewer, role=role, assigned_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"reviewer": _("This person already reviews this practice.")}
        ) from None
    if practice.status == PracticeStatus.SUBMITTED:
        Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.IN_REVIEW)
    audit.record(actor, "practices.assign_reviewer", practice, reviewer=reviewer.pk, role=role)
    return assignment


@transaction.atomic
def do_configure_review(
    actor: Any, practice: Practice, *, un_reviewers: int, external_reviewers: int
) -> Practice:
    """Change how many UN and external reviewers this practice needs (default 1 + 2)."""
    if not permissions.can_assign_reviewers(actor):
        raise PermissionDenied
    practice = _lock(practice)
    _require_reviewable(practice)
    errors: dict[str, str] = {}
    for field, value in (
        ("un_reviewers", un_reviewers),
        ("external_reviewers", external_reviewers),
    ):
        if not isinstance(value, int) or not 0 <= value <= MAX_REVIEWERS_PER_ROLE:
            errors[field] = _("Give a number between 0 and %(max)d.") % {
                "max": MAX_REVIEWERS_PER_ROLE
            }
    if not errors and un_reviewers + external_reviewers < 1:
        errors["external_reviewers"] = _("A practice needs at least one reviewer.")
    if errors:
        raise ValidationError(errors)
    practice.required_un_reviewers = un_reviewers
    practice.required_external_reviewers = external_reviewers
    practice.save(update_fields=["required_un_reviewers", "required_external_reviewers"])
    audit.record(
        actor, "practices.configure_review", practice, un=un_reviewers, external=external_reviewers
    )
    _apply_decision(actor, practice)
    return practice


def _assignment_of(actor: Any, practice: Practice) -> ReviewAssignment:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    assignment = practice.assignments.filter(reviewer=actor).first()
    if assignment is None:
        raise PermissionDenied
    return assignment


def decision_for(practice: Practice) -> rules.Decision:
    """The peer-review rule applied to the practice as stored now (two queries)."""
    assignments = list(practice.assignments.select_related("verdict"))
    panel = [(a.role, getattr(a, "verdict", None)) for a in assignments]
    open_count = practice.clarifications.filter(answered_at__isnull=True).count()
    return rules.decide(
        required_un=practice.required_un_reviewers,
        required_external=practice.required_external_reviewers,
        panel=panel,
        open_clarifications=open_count,
    )


def _apply_decision(actor: Any, practice: Practice) -> None:
    decision = decision_for(practice)
    if decision.outcome == rules.PUBLISH:
        do_publish_practice(actor, practice)
    elif decision.outcome == rules.REJECT:
        now = timezone.now()
        Practice.objects.filter(pk=practice.pk).update(
            status=PracticeStatus.NOT_RETAINED, decided_at=now
        )
        practice.status, practice.decided_at = PracticeStatus.NOT_RETAINED, now
        audit.record(actor, "practices.not_retained", practice)


def _create_clarification(actor: Any, practice: Practice, question: str) -> Clarification:
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question for the submitter.")})
    if len(question) > QUESTION_MAX:
        raise ValidationError(
            {"question": _("Shorten the question to %(max)d characters at most.")
             % {"max": QUESTION_MAX}}
        )  # fmt: skip
    clarification = Clarification.objects.create(
        practice=practice, asked_by=actor, question=question
    )
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.CLARIFICATION)
    practice.status = PracticeStatus.CLARIFICATION
    audit.record(actor, "practices.request_clarification", practice, clarification=clarification.pk)
    recipients = [practice.submitted_by] if practice.submitted_by_id else []
    events.publish(
        "practice.clarification_requested",
        actor=actor,
        target=practice,
        recipients=recipients,
    )
    return clarification


@transaction.atomic
def do_review_practice(
    actor: Any,
    practice: Practice,
    *,
    answers: Mapping[str, str],
    comments: Mapping[str, str] | None = None,
    recommendation: str,
    summary: str = "",
    question: str = "",
) -> ReviewVerdict:
    """An assigned reviewer gives (or revises) their verdict. Asking for clarification needs a
    question for the submitter. Publishes the practice when the rule in ``rules.py`` is met."""
    require_writer(actor)
    practice = _lock(practice)
    assignment = _assignment_of(actor, practice)
    _require_reviewable(practice)
    comments = comments or {}
    errors: dict[str, str] = {}
    for key in CRITERIA_KEYS:
        if answers.get(key) not in Answer.values:
            errors[key] = _("Answer yes, no or unsure.")
        if len(comments.get(key, "") or "") > COMMENT_MAX:
            errors[f"{key}_comment"] = _("Shorten the comment to %(max)d characters at most.") % {
                "max": COMMENT_MAX
            }
    if recommendation not in Recommendation.values:
        errors["recommendation"] = _("Choose your recommendation.")
    if len(summary or "") > COMMENT_MAX:
        errors["summary"] = _("Shorten the comment to %(max)d characters at most.") % {
            "max": COMMENT_MAX
        }
    if recommendation == Recommendation.CLARIFY and not (question or "").strip():
        errors["question"] = _("Write the question you want the submitter to answer.")
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {"recommendation": recommendation, "summary": (summary or "").strip()}
    for key in CRITERIA_KEYS:
        values[key] = answers[key]
        values[f"{key}_comment"] = (comments.get(key, "") or "").strip()
    verdict, created = ReviewVerdict.objects.update_or_create(
        assignment=assignment, defaults=values
    )
    audit.record(
        actor,
        "practices.review",
        practice,
        recommendation=recommendation,
        revised=not created,
    )
    if recommendation == Recommendation.CLARIFY:
        _create_clarification(actor, practice, question)
    else:
        _apply_decision(actor, practice)
    return verdict


@transaction.atomic
def do_request_clarification(actor: Any, practice: Practice, *, question: str) -> Clarification:
    """An assigned reviewer asks the submitter a question; the practice waits for the answer."""
    require_writer(actor)
    practice = _lock(practice)
    _assignment_of(actor, practice)
    _require_reviewable(practice)
    return _create_clarification(actor, practice, question)


@transaction.atomic
def do_answer_clarification(
    actor: Any, clarification: Clarification, *, answer: str
) -> Clarification:
    """The submitter answers; once no question is open the practice is back in review."""
    require_writer(actor)
    practice = _lock(clarification.practice)
    if not permissions.can_answer_clarification(actor, practice):
        raise PermissionDenied
    _require_reviewable(practice)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if not clarification.is_open:
        raise ValidationError(_("This question is already answered."), code="answered")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write your answer to the reviewer's question.")})
    if len(answer) > QUESTION_MAX:
        raise ValidationError(
            {"answer": _("Shorten the answer to %(max)d characters at most.")
             % {"max": QUESTION_MAX}}
        )  # fmt: skip
    clarification.answer = answer
    clarification.answered_by = actor
    clarification.answered_at = timezone.now()
    clarification.save(update_fields=["answer", "answered_by", "answered_at"])
    if not practice.clarifications.filter(answered_at__isnull=True).exists():
        Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.IN_REVIEW)
        practice.status = PracticeStatus.IN_REVIEW
    audit.record(actor, "practices.answer_clarification", practice, clarification=clarification.pk)
    _apply_decision(actor, practice)
    return clarification


@transaction.atomic
def do_publish_practice(actor: Any, practice: Practice) -> Practice:
    """Publish a practice whose peer review met the rule (called by the review actions; it
    refuses when the rule is not met, whoever asks)."""
    practice = _lock(practice)
    if practice.status == PracticeStatus.PUBLISHED:
        return practice
    if not (
        permissions.can_assign_reviewers(actor)
        or permissions.is_assigned_reviewer(actor, practice)
        or permissions.is_submitter(actor, practice)
    ):
        raise PermissionDenied
    _require_reviewable(practice)
    if decision_for(practice).outcome != rules.PUBLISH:
        raise ValidationError(
            _("The peer review has not approved this practice yet."), code="not_approved"
        )
    now = timezone.now()
    practice.status, practice.published_at, practice.decided_at = (
        PracticeStatus.PUBLISHED,
        now,
        now,
    )
    practice.save(update_fields=["status", "published_at", "decided_at", "updated_at"])
    audit.record(actor, "practices.publish", practice)
    events.publish("practice.published", actor=actor, target=practice, topics=_topics(practice))
    events.publish("search.index", target=practice)
    return practice


# --- Adoption --------------------------------------------------------------------------------


def adoptable_facts(item: models.Model) -> tuple[int | None, list[Country], bool]:
    """(submitter id, countries, is it eligible) of an initiative or proposal."""
    label = (item._meta.app_label, item._meta.model_name)
    if label == ("initiatives", "initiative"):
        states = list(item.states.select_related("region"))  # type: ignore[attr-defined]
        lac = any(c.region is not None and c.region.key == "lac" for c in states)
        return item.created_by_id, states, lac  # type: ignore[attr-defined]
    if label == ("proposals", "proposal"):
        links = item.gcm_links.filter(country__isnull=False).select_related("country")  # type: ignore[attr-defined]
        public = not item.is_hidden and item.merged_into_id is None  # type: ignore[attr-defined]
        return item.author_id, [link.country for link in links], public  # type: ignore[attr-defined]
    return None, [], False


@transaction.atomic
def do_adopt_practice(
    actor: Any, practice: Practice, item: models.Model, *, note: str = ""
) -> Adoption:
    """Record that a LAC initiative or a proposal draws on a published practice: the item's
    submitter, a UN delegate or a State focal point of one of its countries."""
    require_writer(actor)
    if (item._meta.app_label, item._meta.model_name) not in ADOPTABLE_MODELS:
        raise ValidationError({"item": _("Only initiatives and proposals can adopt a practice.")})
    submitter_id, countries, eligible = adoptable_facts(item)
    if not permissions.can_adopt_for(actor, submitter_id=submitter_id, countries=countries):
        raise PermissionDenied
    if not practice.is_published:
        raise ValidationError(_("Only published practices can be adopted."), code="unpublished")
    if not eligible:
        raise ValidationError(
            {"item": _("Only initiatives of Latin American and Caribbean States and public "
                       "proposals can adopt a practice.")}
        )  # fmt: skip
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Shorten the note to %(max)d characters at most.") % {"max": NOTE_MAX}}
        )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                practice=practice,
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                note=note,
                recorded_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"item": _("This adoption is already recorded.")}, code="duplicate"
        ) from None
    audit.record(actor, "practices.adopt", practice, kind=item._meta.label_lower, item=item.pk)
    return adoption


@transaction.atomic
def do_remove_adoption(actor: Any, adoption: Adoption) -> None:
    """Undo an adoption recorded by mistake (whoever recorded it, or a UN delegate)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if adoption.recorded_by_id != actor.pk and not permissions.is_un_delegate(actor):
        raise PermissionDenied
    audit.record(actor, "practices.remove_adoption", adoption.practice, adoption=adoption.pk)
    adoption.delete()

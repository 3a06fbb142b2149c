"""Reads of practices. Every function costs a bounded number of SQL queries at any data size."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Prefetch, Q

from minga.core.ids import parse_id
from minga.gcm.models import GCMLink

from . import permissions, rules
from .models import (
    ADOPTABLE_MODELS,
    REVIEWABLE,
    Adoption,
    Clarification,
    Practice,
    PracticeQuerySet,
    PracticeRegion,
    PracticeStatus,
    ReviewAssignment,
)

PAGE_SIZE = 20
ADOPTION_LIMIT = 100
QUEUE_LIMIT = 100


@dataclass
class PracticeFilters:
    region: str = ""
    objective: int | None = None
    country: str = ""
    principle: str = ""

    @property
    def active(self) -> bool:
        return any((self.region, self.objective, self.country, self.principle))


def _links_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.select_related("objective", "principle", "country").order_by("id"),
    )


def list_queryset(filters: PracticeFilters) -> PracticeQuerySet:
    qs: Any = Practice.objects.published()
    if filters.region in PracticeRegion.values:
        qs = qs.filter(region=filters.region)
    if filters.objective:
        qs = qs.by_objective(filters.objective)
    if filters.country:
        qs = qs.by_country(filters.country)
    if filters.principle:
        qs = qs.by_principle(filters.principle)
    ordered: PracticeQuerySet = qs.order_by("-published_at", "-id")
    return ordered


def practice_list(filters: PracticeFilters, page_number: Any = 1) -> Page:
    """One page of published practices with their GCM links, contact organization and number
    of adoptions: three queries (count, page, links)."""
    qs = (
        list_queryset(filters)
        .select_related("contact_organization")
        .annotate(adoption_total=Count("adoptions"))
        .prefetch_related(_links_prefetch())
        .defer("description", "results", "replication", "partners", "sources")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


@dataclass
class AdoptedItem:
    adoption: Adoption
    item: Any
    kind: str  # "initiative" or "proposal"


def _adopted_items(adoptions: list[Adoption]) -> list[AdoptedItem]:
    """Resolve the initiative or proposal of each adoption: one query per kind."""
    by_type: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in adoptions:
        by_type[adoption.content_type_id].append(adoption)
    found: dict[tuple[int, int], Any] = {}
    for type_id, rows in by_type.items():
        ct = ContentType.objects.get_for_id(type_id)
        model = ct.model_class()
        if model is None:
            continue
        qs = _public_items(model)
        for obj in qs.filter(pk__in=[a.object_id for a in rows]):
            found[(type_id, obj.pk)] = obj
    result = []
    for adoption in adoptions:
        obj = found.get((adoption.content_type_id, adoption.object_id))
        if obj is not None:
            result.append(AdoptedItem(adoption, obj, obj._meta.model_name or ""))
    return result


def _public_items(model: type[models.Model]) -> models.QuerySet:
    if model._meta.model_name == "proposal":
        return model.objects.public()  # type: ignore[attr-defined]
    if model._meta.model_name == "initiative":
        return model._default_manager.select_related("lead_state")
    return model._default_manager.none()


@dataclass
class PracticePage:
    practice: Practice
    objectives: list[Any]
    principles: list[Any]
    countries: list[Any]
    decision: rules.Decision
    adoptions: list[AdoptedItem]
    assignments: list[ReviewAssignment] = field(default_factory=list)
    clarifications: list[Clarification] = field(default_factory=list)
    show_review: bool = False  # tallies, clarifications
    show_verdicts: bool = False  # who said what
    my_assignment: ReviewAssignment | None = None


def practice_page(user: Any, practice: Practice) -> PracticePage:
    """Everything the practice page shows; a fixed number of queries."""
    links = list(practice.gcm_links.select_related("objective", "principle", "country"))
    assignments = list(
        ReviewAssignment.objects.filter(practice=practice)
        .select_related("reviewer", "verdict")
        .order_by("role", "id")
    )
    clarifications = list(
        Clarification.objects.filter(practice=practice).select_related("asked_by", "answered_by")
    )
    panel = [(a.role, getattr(a, "verdict", None)) for a in assignments]
    decision = rules.decide(
        required_un=practice.required_un_reviewers,
        required_external=practice.required_external_reviewers,
        panel=panel,
        open_clarifications=sum(1 for c in clarifications if c.is_open),
    )
    adoptions = list(
        Adoption.objects.filter(practice=practice)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")[:ADOPTION_LIMIT]
    )
    authorised = permissions.can_see_unpublished(user, practice, assignments)
    page = PracticePage(
        practice=practice,
        objectives=sorted((lk.objective for lk in links if lk.objective), key=lambda o: o.number),
        principles=sorted((lk.principle for lk in links if lk.principle), key=lambda p: p.position),
        countries=sorted((lk.country for lk in links if lk.country), key=lambda c: c.name),
        decision=decision,
        adoptions=_adopted_items(adoptions),
        show_review=authorised,
        show_verdicts=permissions.can_see_review_details(user, practice, assignments),
    )
    if authorised:
        page.assignments = assignments
        page.clarifications = clarifications
        uid = getattr(user, "pk", None)
        page.my_assignment = next((a for a in assignments if a.reviewer_id == uid), None)
    return page


def adoptions_for(item: models.Model) -> list[Adoption]:
    """Published practices an initiative or proposal draws on (for their pages), one query."""
    if item is None or item.pk is None:
        return []
    ct = ContentType.objects.get_for_model(item)
    return list(
        Adoption.objects.filter(
            content_type=ct, object_id=item.pk, practice__status=PracticeStatus.PUBLISHED
        )
        .select_related("practice")
        .order_by("-created_at", "-id")[:ADOPTION_LIMIT]
    )


@dataclass
class Workspace:
    assignments: list[Any]  # ReviewAssignment annotated with open_questions
    queue: list[Practice]  # practices in review, for those who assign reviewers
    can_assign: bool


def review_workspace(user: Any) -> Workspace:
    """A reviewer's assignments (with their verdict and open questions) and, for UN delegates
    and committee members, every practice in review with its panel size. Three queries."""
    assignments = list(
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("practice", "verdict")
        .annotate(
            open_questions=Count(
                "practice__clarifications",
                filter=Q(practice__clarifications__answered_at__isnull=True),
            )
        )
        .order_by("-created_at", "-id")
    )
    can_assign = permissions.can_assign_reviewers(user)
    queue: list[Practice] = []
    if can_assign:
        queue = list(
            Practice.objects.filter(status__in=REVIEWABLE)
            .select_related("submitted_by")
            .annotate(
                un_count=Count("assignments", filter=Q(assignments__role="un")),
                external_count=Count("assignments", filter=Q(assignments__role="external")),
            )
            .order_by("submitted_at", "id")[:QUEUE_LIMIT]
        )
    return Workspace(assignments=assignments, queue=queue, can_assign=can_assign)


def my_submissions(user: Any) -> list[Practice]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Practice.objects.filter(submitted_by=user)
        .exclude(status=PracticeStatus.PUBLISHED)
        .order_by("-created_at")[:QUEUE_LIMIT]
    )


def user_by_email(email: str) -> Any:
    User = get_user_model()
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


ADOPTABLE_KINDS = {"initiative": ADOPTABLE_MODELS[0], "proposal": ADOPTABLE_MODELS[1]}


def adoptable_item(kind: str, pk: Any) -> models.Model | None:
    """The initiative or public proposal with this number, or None. (Practices read these
    apps' data only; the model is looked up by label so that neither app imports practices.)"""
    label = ADOPTABLE_KINDS.get(kind)
    if label is None:
        return None
    number = parse_id(pk)
    if number is None:
        return None
    try:
        model = apps.get_model(*label)
    except LookupError:
        return None
    result: models.Model | None = _public_items(model).filter(pk=number).first()
    return result

"""Reads of the dialogue, each in a bounded number of SQL queries whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from minga.gcm.models import Country, GCMLink, Objective
from minga.moderation.permissions import can_moderate
from minga.stakeholders.models import Membership, MembershipStatus, Organization

from .models import (
    INSTITUTION_TYPES,
    MAX_DISPLAY_DEPTH,
    Commitment,
    Consultation,
    Contribution,
    OfficialResponse,
    Reaction,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class ConsultationFilters:
    objective: int | None = None
    country: str = ""
    institution: str = ""
    phase: str = ""

    @property
    def active(self) -> bool:
        return bool(self.objective or self.country or self.institution or self.phase)


def _links_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.select_related("objective", "country").order_by("id"),
    )


def _with_counts(qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Visible contributions and official responses per consultation, as subqueries (no
    join fan-out)."""
    contributions = (
        Contribution.objects.filter(consultation=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("consultation")
        .annotate(n=Count("id"))
        .values("n")
    )
    responses = (
        OfficialResponse.objects.filter(consultation=OuterRef("pk"))
        .order_by()
        .values("consultation")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        contribution_count=Coalesce(Subquery(contributions, output_field=IntegerField()), 0),
        response_count=Coalesce(Subquery(responses, output_field=IntegerField()), 0),
    )


def institutions() -> list[Organization]:
    """Organizations that consultations may be addressed to (UN, IGO, State)."""
    return list(
        Organization.objects.filter(stakeholder_type__in=INSTITUTION_TYPES)
        .select_related("headquarters")
        .order_by("name")
    )


def consultation_list(filters: ConsultationFilters, page_number: Any = 1) -> Page:
    """Consultations (not the standing channels), newest first, filtered; 3–4 queries."""
    qs: Any = Consultation.objects.filter(is_standing=False)
    if filters.objective:
        qs = qs.by_objective(filters.objective)
    if filters.country:
        qs = qs.by_country(filters.country)
    if filters.institution:
        qs = qs.filter(institutions__slug=filters.institution)
    if filters.phase:
        qs = qs.filter(phase=filters.phase)
    qs = _with_counts(qs.select_related("review")).prefetch_related(
        Prefetch("institutions", queryset=Organization.objects.order_by("name")),
        _links_prefetch(),
    )
    return Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page_number)


def standing_channels() -> list[Consultation]:
    """Every institution's permanently open channel (a handful); 3 queries."""
    qs = _with_counts(Consultation.objects.standing()).prefetch_related(
        Prefetch(
            "institutions",
            queryset=Organization.objects.select_related("headquarters").order_by("name"),
        )
    )
    channels = list(qs)
    channels.sort(key=lambda c: [i.name for i in c.institutions.all()] or [c.title])
    return channels


def consultation_for_page(pk: int) -> Consultation | None:
    return (
        Consultation.objects.select_related("review", "opened_by")
        .prefetch_related(
            Prefetch(
                "institutions",
                queryset=Organization.objects.select_related("headquarters").order_by("name"),
            ),
            _links_prefetch(),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class Node:
    """One contribution in the thread as displayed (nesting capped at MAX_DISPLAY_DEPTH)."""

    contribution: Contribution
    level: int
    show_text: bool
    children: list["Node"] = field(default_factory=list)
    reply_to: Contribution | None = None  # set when shown flattened below its real parent
    my_reactions: frozenset[str] = frozenset()

    @property
    def agreed(self) -> bool:
        return "agree" in self.my_reactions

    @property
    def disagreed(self) -> bool:
        return "disagree" in self.my_reactions

    @property
    def found_useful(self) -> bool:
        return "useful" in self.my_reactions


@dataclass
class ConsultationPage:
    consultation: Consultation
    objectives: list[Objective]
    countries: list[Country]
    thread: list[Node]
    contribution_count: int
    responses: list[OfficialResponse]


def _build_thread(
    contributions: list[Contribution], user: Any, mine: dict[int, set[str]], moderator: bool
) -> list[Node]:
    user_pk = getattr(user, "pk", None)
    nodes: dict[int, Node] = {}
    containers: dict[int, Node] = {}  # node id -> the node whose children list holds it
    roots: list[Node] = []
    # Contributions come oldest first: a parent is always seen before its replies.
    for c in contributions:
        show = not c.is_hidden or moderator or (user_pk is not None and c.author_id == user_pk)
        reactions = frozenset(mine.get(c.pk, ()))
        parent = nodes.get(c.parent_id) if c.parent_id else None
        if parent is None:
            node = Node(c, 1, show, my_reactions=reactions)
            roots.append(node)
        elif parent.level < MAX_DISPLAY_DEPTH:
            node = Node(c, parent.level + 1, show, my_reactions=reactions)
            parent.children.append(node)
            containers[c.pk] = parent
        else:
            # Deeper replies are listed beside their parent at the deepest level, saying
            # whom they answer.
            node = Node(c, MAX_DISPLAY_DEPTH, show, reply_to=parent.contribution)
            node.my_reactions = reactions
            container = containers[parent.contribution.pk]
            container.children.append(node)
            containers[c.pk] = container
        nodes[c.pk] = node
    return roots


def consultation_page(consultation: Consultation, user: Any) -> ConsultationPage:
    """The whole thread with badges and reaction counts, the official responses and their
    commitments: 4 queries (+1 for a signed-in person's own reactions) for any thread size.
    ``consultation`` comes from ``consultation_for_page`` (institutions and links prefetched).
    """
    links = list(consultation.gcm_links.all())
    contributions = list(
        Contribution.objects.filter(consultation=consultation)
        .select_related("author", "organization", "organization__headquarters")
        .order_by("created_at", "id")
    )
    mine: dict[int, set[str]] = defaultdict(set)
    if getattr(user, "is_authenticated", False) and contributions:
        for contribution_id, kind in Reaction.objects.filter(
            person=user, contribution__consultation=consultation
        ).values_list("contribution_id", "kind"):
            mine[contribution_id].add(kind)
    responses = list(
        OfficialResponse.objects.filter(consultation=consultation)
        .select_related("institution", "institution__headquarters", "signed_by")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("responsible").order_by("due_on", "id"),
            )
        )
        .order_by("created_at", "id")
    )
    moderator = can_moderate(user)
    return ConsultationPage(
        consultation=consultation,
        objectives=[link.objective for link in links if link.objective is not None],
        countries=[link.country for link in links if link.country is not None],
        thread=_build_thread(contributions, user, mine, moderator),
        contribution_count=sum(1 for c in contributions if not c.is_hidden),
        responses=responses,
    )


def speaking_organizations(user: Any) -> list[Organization]:
    """Organizations a person may speak for in a contribution (approved memberships)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        m.organization
        for m in Membership.objects.filter(person=user, status=MembershipStatus.APPROVED)
        .select_related("organization")
        .order_by("organization__name")
    ]


def contribution_by_id(pk: Any) -> Contribution | None:
    """Any contribution (for a reply's parent: the action checks it belongs and is visible)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    if number <= 0 or number > 2**63 - 1:
        return None
    return Contribution.objects.select_related("author").filter(pk=number).first()

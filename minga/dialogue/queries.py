"""Reads of the dialogue, each in a bounded number of SQL queries whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from minga.core.ids import parse_id
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
    # What the viewer may do here, computed once in Python rather than per row in the template.
    can_react: bool = False
    can_reply: bool = False
    can_edit: bool = False

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
    thread_page: Page[int]


def _build_thread(
    contributions: list[Contribution],
    user: Any,
    mine: dict[int, set[str]],
    moderator: bool,
    *,
    can_react: bool = False,
    can_contribute: bool = False,
) -> list[Node]:
    user_pk = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
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
        own = user_pk is not None and c.author_id == user_pk
        node.can_react = can_react and user_pk is not None and not own and not c.is_hidden
        node.can_reply = can_contribute and not c.is_hidden
        node.can_edit = can_contribute and own
        nodes[c.pk] = node
    return roots


THREAD_PAGE_SIZE = 30  # top-level contributions per page, each with all its replies


def _skeleton(consultation: Consultation) -> list[tuple[int, int | None, bool]]:
    """(id, parent id, hidden) of every contribution, oldest first: one narrow query."""
    return list(
        Contribution.objects.filter(consultation=consultation)
        .order_by("created_at", "id")
        .values_list("id", "parent_id", "is_hidden")
    )


def _roots(skeleton: list[tuple[int, int | None, bool]]) -> dict[int, int]:
    """Each contribution's top-level ancestor (a reply whose parent is gone is its own root)."""
    root: dict[int, int] = {}
    for pk, parent_id, _hidden in skeleton:  # a parent always comes before its replies
        root[pk] = root.get(parent_id, pk) if parent_id is not None else pk
    return root


def thread_page_number(consultation: Consultation, contribution_id: Any) -> int | None:
    """The thread page showing a contribution (with its whole top-level discussion); 1 query."""
    try:
        number = int(contribution_id)
    except (TypeError, ValueError):
        return None
    skeleton = _skeleton(consultation)
    root = _roots(skeleton)
    if number not in root:
        return None
    top_level = [pk for pk, r in root.items() if r == pk]
    return top_level.index(root[number]) // THREAD_PAGE_SIZE + 1


def contribution_url(contribution: Contribution) -> str:
    """The consultation page (the right thread page) scrolled to the contribution."""
    url = contribution.consultation.get_absolute_url()
    number = thread_page_number(contribution.consultation, contribution.pk) or 1
    query = f"?page={number}" if number > 1 else ""
    return f"{url}{query}#contribution-{contribution.pk}"


def consultation_page(
    consultation: Consultation,
    user: Any,
    page_number: Any = None,
    *,
    showing: Any = None,
    can_react: bool = False,
    can_contribute: bool = False,
) -> ConsultationPage:
    """One page of the thread (THREAD_PAGE_SIZE top-level contributions, oldest first, each with
    all its replies) with badges and reaction counts, the official responses and their
    commitments: 5 queries (+1 for a signed-in person's own reactions) for any thread size.
    Without a page number, ``showing`` (a contribution id) picks the page that shows it.
    ``consultation`` comes from ``consultation_for_page`` (institutions and links prefetched).
    """
    links = list(consultation.gcm_links.all())
    skeleton = _skeleton(consultation)
    root = _roots(skeleton)
    top_level = [pk for pk, r in root.items() if r == pk]
    if not page_number and showing is not None:
        try:
            target = root.get(int(showing))
        except (TypeError, ValueError):
            target = None
        if target is not None:
            page_number = top_level.index(target) // THREAD_PAGE_SIZE + 1
    thread_page = Paginator(top_level, THREAD_PAGE_SIZE).get_page(page_number)
    on_page = set(thread_page.object_list)
    ids = [pk for pk, r in root.items() if r in on_page]
    contributions = (
        list(
            Contribution.objects.filter(pk__in=ids)
            .select_related("author", "organization", "organization__headquarters")
            .order_by("created_at", "id")
        )
        if ids
        else []
    )
    mine: dict[int, set[str]] = defaultdict(set)
    if getattr(user, "is_authenticated", False) and contributions:
        for contribution_id, kind in Reaction.objects.filter(
            person=user, contribution_id__in=ids
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
        thread=_build_thread(
            contributions,
            user,
            mine,
            moderator,
            can_react=can_react,
            can_contribute=can_contribute,
        ),
        contribution_count=sum(1 for _pk, _parent, hidden in skeleton if not hidden),
        responses=responses,
        thread_page=thread_page,
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
    number = parse_id(pk)
    if number is None:
        return None
    return Contribution.objects.select_related("author").filter(pk=number).first()

"""Reads of proposals. Every function costs a bounded number of SQL queries at any data size."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from minga.gcm.models import GCMLink
from minga.stakeholders.models import Membership, MembershipRole, MembershipStatus, Organization

from .models import (
    AWAITING,
    Answer,
    AnswerStatus,
    Attachment,
    Comment,
    Endorsement,
    Proposal,
    ProposalQuerySet,
)

PAGE_SIZE = 20
# A proposal page lists this many comments at most (oldest first), and organizations.
COMMENT_LIMIT = 300
ORGANIZATION_ENDORSER_LIMIT = 50

SORTS = ("recent", "endorsed", "discussed")
ORDERINGS = {
    "recent": ("-created_at", "-id"),
    "endorsed": ("-endorsement_count", "-organization_endorsement_count", "-id"),
    "discussed": ("-comment_count", "-id"),
}


@dataclass
class ProposalFilters:
    objective: int | None = None
    country: str = ""
    corridor_role: str = ""
    status: str = ""  # an AnswerStatus value or AWAITING
    stakeholder_type: str = ""
    language: str = ""
    sort: str = "recent"

    @property
    def active(self) -> bool:
        return any(
            (
                self.objective,
                self.country,
                self.corridor_role,
                self.status,
                self.stakeholder_type,
                self.language,
            )
        )


def _links_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.select_related("objective", "country").order_by("id"),
    )


def list_queryset(filters: ProposalFilters) -> ProposalQuerySet:
    qs: Any = Proposal.objects.public()
    if filters.objective:
        qs = qs.by_objective(filters.objective)
    if filters.country:
        qs = qs.by_country(filters.country)
    if filters.corridor_role:
        qs = qs.with_corridor_role(filters.corridor_role)
    if filters.status == AWAITING:
        qs = qs.filter(answer_status="")
    elif filters.status in AnswerStatus.values:
        qs = qs.filter(answer_status=filters.status)
    if filters.stakeholder_type:
        # Only organizations shown as authors: an anonymous author's organization is not public.
        qs = qs.filter(
            author_display="organization", organization__stakeholder_type=filters.stakeholder_type
        )
    if filters.language:
        qs = qs.filter(language=filters.language)
    ordered: ProposalQuerySet = qs.order_by(*ORDERINGS.get(filters.sort, ORDERINGS["recent"]))
    return ordered


def proposal_list(filters: ProposalFilters, page_number: Any = 1) -> Page:
    """One page of the public list: a count, the proposals with their author, organization
    and intermediary, and their GCM links — three queries."""
    qs = (
        list_queryset(filters)
        .select_related("author", "organization__headquarters", "intermediary")
        .prefetch_related(_links_prefetch())
        .defer("text", "consent_how")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ProposalPage:
    proposal: Proposal
    objectives: list[Any]
    countries: list[Any]
    attachments: list[Attachment]
    answers: list[Answer]
    threads: list[Thread]
    organization_endorsers: list[Organization]
    merged_from: list[Proposal]


def proposal_page(proposal: Proposal) -> ProposalPage:
    """Everything the proposal page shows; a fixed number of queries."""
    links = list(proposal.gcm_links.select_related("objective", "country"))
    comments = list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "id")[:COMMENT_LIMIT]
    )
    threads: dict[int, Thread] = {}
    orphans: list[Comment] = []
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        elif comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
        else:
            orphans.append(comment)
    endorsers = [
        e.organization
        for e in Endorsement.objects.filter(proposal=proposal, organization__isnull=False)
        .select_related("organization__headquarters")
        .order_by("-created_at")[:ORGANIZATION_ENDORSER_LIMIT]
        if e.organization is not None
    ]
    return ProposalPage(
        proposal=proposal,
        objectives=sorted(
            (link.objective for link in links if link.objective), key=lambda o: o.number
        ),
        countries=sorted((link.country for link in links if link.country), key=lambda c: c.name),
        attachments=list(Attachment.objects.filter(proposal=proposal)),
        answers=list(
            Answer.objects.filter(proposal=proposal)
            .select_related("answered_by")
            .order_by("-created_at", "-id")
        ),
        threads=list(threads.values()) + [Thread(c) for c in orphans],
        organization_endorsers=endorsers,
        merged_from=list(
            Proposal.objects.filter(merged_into=proposal).only("id", "title", "merged_at")
        ),
    )


@dataclass
class EndorsementState:
    """What the current user may do with endorsements on one proposal."""

    personal: bool = False
    # (organization, already endorsed) for each organization the user represents.
    organizations: list[tuple[Organization, bool]] = field(default_factory=list)


def endorsement_state(user: Any, proposal: Proposal) -> EndorsementState:
    """Two queries for a signed-in person, none otherwise."""
    state = EndorsementState()
    if not getattr(user, "is_authenticated", False):
        return state
    represented = [
        m.organization
        for m in Membership.objects.filter(
            person=user, role=MembershipRole.REPRESENTATIVE, status=MembershipStatus.APPROVED
        ).select_related("organization")
    ]
    mine = Endorsement.objects.filter(proposal=proposal).filter(person=user, organization=None)
    endorsed_orgs: set[int] = set()
    if represented:
        endorsed_orgs = set(
            Endorsement.objects.filter(proposal=proposal, organization__in=represented).values_list(
                "organization_id", flat=True
            )
        )
    state.personal = mine.exists()
    state.organizations = [(org, org.pk in endorsed_orgs) for org in represented]
    return state


def member_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations the user is an approved member or representative of."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__person=user, memberships__status=MembershipStatus.APPROVED
    ).order_by("name")


def proposals_by(user: Any) -> ProposalQuerySet:
    """A person's own proposals (for their own views)."""
    return Proposal.objects.filter(author=user).order_by("-created_at")

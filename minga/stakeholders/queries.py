"""Reads of organizations: the public directory, organization pages, queues and open data.

Every function here costs a bounded number of SQL queries whatever the number of rows.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from minga.core.text import name_sort_key
from minga.gcm.models import Country, GCMLink, Objective
from minga.reviews.models import Review

from .models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationQuerySet,
)

PAGE_SIZE = 20
# How many member organizations / public members an organization page lists.
PAGE_LIST_LIMIT = 50
MAX_SEARCH_WORDS = 8


@dataclass
class DirectoryFilters:
    q: str = ""
    stakeholder_type: str = ""
    country: str = ""  # ISO 3166 alpha-2
    subregion: str = ""
    network: str = ""  # slug of a network
    objective: int | None = None
    accredited: bool = False
    migrant_led: bool = False

    @property
    def active(self) -> bool:
        return any(
            (
                self.q,
                self.stakeholder_type,
                self.country,
                self.subregion,
                self.network,
                self.objective,
                self.accredited,
                self.migrant_led,
            )
        )


def _network_prefetch() -> Prefetch:
    return Prefetch(
        "networks",
        queryset=Organization.objects.only("id", "name", "slug", "acronym").order_by("name"),
    )


def _accredited_for(review: Review | None) -> Any:
    if review is None:
        return Q(pk__in=[])
    return Exists(
        Accreditation.objects.filter(
            organization=OuterRef("pk"), review=review, status=AccreditationStatus.APPROVED
        )
    )


def directory_queryset(filters: DirectoryFilters, review: Review | None) -> OrganizationQuerySet:
    qs: OrganizationQuerySet = Organization.objects.select_related("headquarters")
    qs = qs.annotate(is_accredited=_accredited_for(review))
    if filters.stakeholder_type:
        qs = qs.filter(stakeholder_type=filters.stakeholder_type)
    if filters.country:
        # Countries of work (GCM links) or headquarters.
        iso2 = filters.country.upper()
        working = Organization.objects.by_country(iso2).values("pk")
        qs = qs.filter(Q(pk__in=working) | Q(headquarters__code=iso2))
    if filters.subregion:
        working = Organization.objects.by_subregion(filters.subregion).values("pk")
        qs = qs.filter(Q(pk__in=working) | Q(headquarters__subregion=filters.subregion))
    if filters.objective:
        qs = qs.filter(pk__in=Organization.objects.by_objective(filters.objective).values("pk"))
    if filters.network:
        qs = qs.filter(networks__slug=filters.network)
    if filters.migrant_led:
        qs = qs.filter(is_migrant_led=True)
    if filters.accredited:
        qs = qs.filter(is_accredited=True)
    for word in filters.q.split()[:MAX_SEARCH_WORDS]:
        qs = qs.filter(
            Q(name__icontains=word) | Q(acronym__icontains=word) | Q(description__icontains=word)
        )
    return qs.order_by("name", "pk")


def directory(filters: DirectoryFilters, review: Review | None, page_number: Any = 1) -> Page:
    """One page of the public directory: a count, the page of organizations (with their
    headquarters and accredited flag) and their networks: three queries."""
    qs = directory_queryset(filters, review).prefetch_related(_network_prefetch())
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


def network_choices() -> list[tuple[str, str]]:
    """Networks as (slug, name) for the directory filter and forms; one query."""
    return list(
        Organization.objects.filter(is_network=True).order_by("name").values_list("slug", "name")
    )


def directory_country_choices() -> list[Country]:
    """Countries worth filtering by: the LAC countries and any country an organization works
    in or is based in, sorted by translated name; one query."""
    ct = ContentType.objects.get_for_model(Organization)
    linked = GCMLink.objects.filter(content_type=ct, country__isnull=False).values("country_id")
    headquarters = Organization.objects.values("headquarters_id")
    countries = Country.objects.filter(
        Q(region__key="lac") | Q(pk__in=linked) | Q(pk__in=headquarters)
    )
    return sorted(countries, key=lambda c: name_sort_key(c.name))


def all_countries_by_name() -> list[Country]:
    """Every country, sorted by its name in the current language; one query."""
    return sorted(Country.objects.all(), key=lambda c: name_sort_key(c.name))


@dataclass
class OrganizationPage:
    organization: Organization
    networks: list[Organization]
    member_organizations: list[Organization]
    member_organization_count: int
    public_members: list[Membership]
    public_member_count: int
    accreditations: list[Accreditation]
    countries: list[Country] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)

    @property
    def approved_accreditations(self) -> list[Accreditation]:
        return [a for a in self.accreditations if a.status == AccreditationStatus.APPROVED]


def public_memberships() -> QuerySet[Membership]:
    """Approved memberships of active people who chose to appear in public lists."""
    return Membership.objects.filter(
        status=MembershipStatus.APPROVED, person__is_public=True, person__is_active=True
    )


def organization_page(slug: str) -> OrganizationPage | None:
    """Everything an organization page shows, in at most eight queries."""
    organization = (
        Organization.objects.select_related("headquarters")
        .prefetch_related(
            _network_prefetch(),
            Prefetch(
                "gcm_links",
                queryset=GCMLink.objects.filter(
                    Q(country__isnull=False) | Q(objective__isnull=False)
                ).select_related("country", "objective"),
            ),
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.select_related("review").order_by("-created_at"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if organization is None:
        return None
    members_qs = public_memberships().filter(organization=organization)
    public_members = list(
        # "representative" sorts after "member": descending puts representatives first.
        members_qs.select_related("person").order_by("-role", "person__display_name")[
            :PAGE_LIST_LIMIT
        ]
    )
    member_orgs: list[Organization] = []
    member_org_count = 0
    if organization.is_network:
        member_orgs_qs = organization.network_members.select_related("headquarters").order_by(
            "name"
        )
        member_orgs = list(member_orgs_qs[:PAGE_LIST_LIMIT])
        member_org_count = (
            len(member_orgs) if len(member_orgs) < PAGE_LIST_LIMIT else member_orgs_qs.count()
        )
    links = list(organization.gcm_links.all())
    countries = sorted(
        (link.country for link in links if link.country), key=lambda c: name_sort_key(c.name)
    )
    objectives = sorted(
        (link.objective for link in links if link.objective), key=lambda o: o.number
    )
    return OrganizationPage(
        organization=organization,
        networks=list(organization.networks.all()),
        member_organizations=member_orgs,
        member_organization_count=member_org_count,
        public_members=public_members,
        public_member_count=(
            len(public_members) if len(public_members) < PAGE_LIST_LIMIT else members_qs.count()
        ),
        accreditations=list(organization.accreditations.all()),
        countries=countries,
        objectives=objectives,
    )


def membership_of(user: Any, organization: Organization) -> Membership | None:
    """The viewer's own membership of the organization (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(person=user, organization=organization).first()


@dataclass
class MembersOverview:
    pending: list[Membership]
    approved: list[Membership]


def members_overview(organization: Organization) -> MembersOverview:
    """Pending requests and approved members, for the organization's representatives."""
    memberships = list(
        Membership.objects.filter(organization=organization)
        .exclude(status=MembershipStatus.DECLINED)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    return MembersOverview(
        pending=[m for m in memberships if m.status == MembershipStatus.PENDING],
        approved=sorted(
            (m for m in memberships if m.status == MembershipStatus.APPROVED),
            key=lambda m: (m.role, str(m.person).lower()),
        ),
    )


def pending_request_count(organization: Organization) -> int:
    return Membership.objects.filter(
        organization=organization, status=MembershipStatus.PENDING
    ).count()


def accreditation_of(organization: Organization, review: Review | None) -> Accreditation | None:
    if review is None:
        return None
    return Accreditation.objects.filter(organization=organization, review=review).first()


@dataclass
class AccreditationQueue:
    pending: list[Accreditation]
    decided: list[Accreditation]


DECIDED_SHOWN = 50


def accreditation_queue(review: Review) -> AccreditationQueue:
    """Applications waiting for a decision (oldest first) and the latest decisions."""
    base = Accreditation.objects.filter(review=review).select_related(
        "organization__headquarters", "applied_by", "decided_by"
    )
    return AccreditationQueue(
        pending=list(base.filter(status=AccreditationStatus.APPLIED).order_by("created_at", "pk")),
        decided=list(
            base.exclude(status=AccreditationStatus.APPLIED).order_by("-decided_at", "-pk")[
                :DECIDED_SHOWN
            ]
        ),
    )


def popolo_export() -> dict[str, list[dict[str, Any]]]:
    """Organizations and public memberships in the Popolo data format (popoloproject.com).

    People appear only if they chose to be public, only with their display name; four
    queries.
    """
    organizations = Organization.objects.select_related("headquarters").prefetch_related(
        Prefetch("networks", queryset=Organization.objects.only("id", "slug")),
        Prefetch(
            "gcm_links",
            queryset=GCMLink.objects.filter(country__isnull=False).select_related("country"),
        ),
    )
    org_rows = []
    for org in organizations.order_by("name", "pk"):
        other_names = [{"name": org.acronym, "note": "acronym"}] if org.acronym else []
        links = [{"url": org.website, "note": "website"}] if org.website else []
        org_rows.append(
            {
                "id": org.slug,
                "name": org.name,
                "other_names": other_names,
                "classification": org.stakeholder_type,
                "area_id": org.headquarters.iso2,
                "countries": sorted(
                    link.country.iso2 for link in org.gcm_links.all() if link.country
                ),
                "parent_ids": [n.slug for n in org.networks.all()],
                "is_network": org.is_network,
                "migrant_led": org.is_migrant_led,
                "links": links,
            }
        )
    persons: dict[int, dict[str, Any]] = {}
    membership_rows = []
    rows = (
        public_memberships()
        .order_by("organization__name", "pk")
        .values("person_id", "person__display_name", "organization__slug", "role")
    )
    for row in rows:
        person_id = f"person-{row['person_id']}"
        persons.setdefault(row["person_id"], {"id": person_id, "name": row["person__display_name"]})
        membership_rows.append(
            {
                "person_id": person_id,
                "organization_id": row["organization__slug"],
                "role": row["role"],
            }
        )
    return {
        "persons": list(persons.values()),
        "organizations": org_rows,
        "memberships": membership_rows,
    }


def represented_accredited_organizations(user: Any, review: Review) -> list[Organization]:
    """Organizations accredited to ``review`` that ``user`` represents (an approved
    representative), by name; one query. Empty for anonymous visitors."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organization.objects.accredited_for(review)
        .filter(
            memberships__person=user,
            memberships__role=MembershipRole.REPRESENTATIVE,
            memberships__status=MembershipStatus.APPROVED,
        )
        .distinct()
        .order_by("name")
    )

"""Reads of initiatives. Every function costs a bounded number of SQL queries at any data size."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Prefetch, QuerySet, Value
from django.utils import timezone

from minga.gcm.models import Country, GCMLink, Objective, Principle
from minga.reviews.queries import current_review
from minga.stakeholders.models import Organization

from . import permissions
from .models import (
    RATING_LEVELS,
    Assessment,
    Initiative,
    InitiativeQuerySet,
    InitiativeVersion,
    Involvement,
    Kind,
    PrincipleRating,
    Rating,
    Reply,
    Source,
    Status,
    Update,
)

PAGE_SIZE = 20
CHANGES_PAGE_SIZE = 30
VERSION_LIMIT = 50
UPDATE_LIMIT = 100
FEED_LIMIT = 50
PANEL_INITIATIVES = 10
PANEL_UPDATES = 5
PERIODS = {"week": 7, "month": 30}


@dataclass
class InitiativeFilters:
    country: str = ""
    objective: int | None = None
    principle: str = ""
    kind: str = ""
    status: str = ""
    involvement: str = ""
    champion: bool = False

    @property
    def active(self) -> bool:
        return any(
            (
                self.country,
                self.objective,
                self.principle,
                self.kind,
                self.status,
                self.involvement,
                self.champion,
            )
        )


def _links_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.filter(objective__isnull=False)
        .select_related("objective")
        .order_by("objective__number"),
        to_attr="objective_links",
    )


def list_queryset(filters: InitiativeFilters) -> InitiativeQuerySet:
    qs: Any = Initiative.objects.all()
    if filters.country:
        through = Initiative.states.through.objects.filter(country__code=filters.country.upper())
        qs = qs.filter(pk__in=through.values("initiative_id"))
    if filters.objective:
        qs = qs.by_objective(filters.objective)
    if filters.principle:
        qs = qs.by_principle(filters.principle)
    if filters.kind in Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.involvement in Involvement.values:
        qs = qs.filter(cs_involvement=filters.involvement)
    if filters.champion:
        qs = qs.champions()
    ordered: InitiativeQuerySet = qs.order_by("-updated_at", "-id")
    return ordered


def initiative_list(filters: InitiativeFilters, page_number: Any = 1) -> Page:
    """One page of the list: a count, the initiatives with their lead State, their States and
    objectives — four queries."""
    qs = (
        list_queryset(filters)
        .select_related("lead_state")
        .prefetch_related(Prefetch("states", queryset=Country.objects.order_by("code")))
        .prefetch_related(_links_prefetch())
        .defer("summary", "cs_evidence", "budget_note")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


# --- Scorecards ------------------------------------------------------------------------------


@dataclass
class LevelCount:
    level: int
    label: str
    count: int
    percent: int  # of the rated answers for this principle, for the CSS bar

    @property
    def bar(self) -> int:
        """The percentage rounded to a step of 5 (the CSS has one class per step)."""
        return 5 * round(self.percent / 5)


@dataclass
class ScoreRow:
    principle: Principle
    levels: list[LevelCount]
    rated: int
    not_assessed: int

    @property
    def total(self) -> int:
        return self.rated + self.not_assessed


@dataclass
class Scorecard:
    assessments: int
    rows: list[ScoreRow]

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(level, str(Rating(level).label)) for level in RATING_LEVELS]


def scorecard(**assessment_filter: Any) -> Scorecard:
    """Counts of ratings per principle and level for the assessments matching the filter
    (``initiative=…`` or ``initiative__states=…``): three queries."""
    assessments = Assessment.objects.filter(**assessment_filter)
    counts: dict[tuple[int, int], int] = {}
    for row in (
        PrincipleRating.objects.filter(assessment__in=assessments.values("pk"))
        .values("principle_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(row["principle_id"], row["rating"])] = row["n"]
    rows = []
    for principle in Principle.objects.order_by("position"):
        rated = sum(counts.get((principle.pk, level), 0) for level in RATING_LEVELS)
        rows.append(
            ScoreRow(
                principle=principle,
                levels=[
                    LevelCount(
                        level=level,
                        label=str(Rating(level).label),
                        count=counts.get((principle.pk, level), 0),
                        percent=round(100 * counts.get((principle.pk, level), 0) / rated)
                        if rated
                        else 0,
                    )
                    for level in RATING_LEVELS
                ],
                rated=rated,
                not_assessed=counts.get((principle.pk, Rating.NOT_ASSESSED), 0),
            )
        )
    return Scorecard(assessments=assessments.count(), rows=rows)


# --- The initiative page ----------------------------------------------------------------------


@dataclass
class InitiativePage:
    initiative: Initiative
    states: list[Country]
    objectives: list[Any]
    principles: list[Any]
    versions: list[InitiativeVersion]
    updates: list[Update]
    sources: list[Source]
    assessments: list[Assessment]
    scorecard: Scorecard


def initiative_page(initiative: Initiative) -> InitiativePage:
    """Everything the initiative page shows; a fixed number of queries."""
    links = list(initiative.gcm_links.select_related("objective", "principle"))
    states = list(initiative.states.all())
    states.sort(key=lambda c: (c.pk != initiative.lead_state_id, c.name))
    assessments = list(
        Assessment.objects.filter(initiative=initiative)
        .select_related("organization__headquarters", "author", "reply__author", "reply__state")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=PrincipleRating.objects.select_related("principle").order_by(
                    "principle__position"
                ),
            )
        )
        .order_by("-created_at", "-id")
    )
    return InitiativePage(
        initiative=initiative,
        states=states,
        objectives=sorted((lk.objective for lk in links if lk.objective), key=lambda o: o.number),
        principles=sorted((lk.principle for lk in links if lk.principle), key=lambda p: p.position),
        versions=list(
            InitiativeVersion.objects.filter(initiative=initiative)
            .select_related("editor")
            .order_by("-number")[:VERSION_LIMIT]
        ),
        updates=list(
            Update.objects.filter(initiative=initiative)
            .select_related("author")
            .order_by("-date", "-id")[:UPDATE_LIMIT]
        ),
        sources=list(Source.objects.filter(initiative=initiative).order_by("created_at", "id")),
        assessments=assessments,
        scorecard=scorecard(initiative=initiative),
    )


def accredited_organizations(user: Any) -> list[Organization]:
    """Organizations accredited to the current review that this person represents (the ones
    they may assess for)."""
    if not getattr(user, "is_authenticated", False):
        return []
    review = current_review()
    if review is None:
        return []
    candidates = (
        Organization.objects.accredited_for(review)
        .filter(memberships__person=user)
        .distinct()
        .order_by("name")
    )
    return [org for org in candidates if permissions.can_assess_for(user, org, accredited=True)]


# --- What changed -----------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # version, update, assessment, reply
    when: datetime.datetime
    item: Any

    @property
    def initiative(self) -> Initiative:
        return self.item.initiative


def _kinds() -> list[tuple[str, QuerySet[Any]]]:
    return [
        ("version", InitiativeVersion.objects.select_related("initiative", "editor")),
        ("update", Update.objects.select_related("initiative", "author")),
        (
            "assessment",
            Assessment.objects.select_related("initiative", "organization__headquarters"),
        ),
        (
            "reply",
            Reply.objects.select_related(
                "initiative", "state", "assessment__organization", "assessment__initiative"
            ),
        ),
    ]


def changes(period: str, page_number: Any = 1) -> Page:
    """Versions, updates, assessments and replies of the period across all initiatives, newest
    first: one UNION for the page (plus its count), then one query per kind on the page."""
    days = PERIODS.get(period, PERIODS["week"])
    since = timezone.now() - datetime.timedelta(days=days)
    parts = [
        qs.model.objects.filter(created_at__gte=since)
        .annotate(change_kind=Value(kind, output_field=CharField()))
        .values_list("change_kind", "pk", "created_at")
        .order_by()
        for kind, qs in _kinds()
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-created_at", "-pk")
    page = Paginator(union, CHANGES_PAGE_SIZE).get_page(page_number)
    wanted: dict[str, list[int]] = {}
    for kind, pk, _when in page.object_list:
        wanted.setdefault(kind, []).append(pk)
    found: dict[tuple[str, int], Any] = {}
    for kind, qs in _kinds():
        if wanted.get(kind):
            for item in qs.filter(pk__in=wanted[kind]):
                found[(kind, item.pk)] = item
    page.object_list = [
        Change(kind=kind, when=when, item=found[(kind, pk)])
        for kind, pk, when in page.object_list
        if (kind, pk) in found
    ]
    return page


# --- Feeds ------------------------------------------------------------------------------------


@dataclass
class FeedEntry:
    kind: str  # "initiative" (a new one) or "update"
    title: str
    text: str
    language: str
    url: str
    when: datetime.datetime
    author: str
    guid: str
    initiative: Initiative = field(repr=False)
    update: Update | None = field(default=None, repr=False)


def _feed_initiatives(target: dict[str, Any]) -> Any:
    qs: Any = Initiative.objects.all()
    if "initiative" in target:
        return qs.filter(pk=target["initiative"].pk)
    if "country" in target:
        through = Initiative.states.through.objects.filter(country=target["country"])
        return qs.filter(pk__in=through.values("initiative_id"))
    if "objective" in target:
        return qs.by_objective(target["objective"].number)
    return qs


def feed_entries(**target: Any) -> list[FeedEntry]:
    """The latest new initiatives and dated updates for a feed (``initiative=``, ``country=``,
    ``objective=`` or nothing for all): two queries."""
    initiatives = _feed_initiatives(target)
    updates = Update.objects.select_related("initiative", "author").order_by("-created_at", "-id")
    if target:
        updates = updates.filter(initiative__in=initiatives.values("pk"))
    entries = [
        FeedEntry(
            kind="update",
            title=u.title,
            text=u.text,
            language=u.language,
            url=u.get_absolute_url(),
            when=u.created_at,
            author=str(u.author) if u.author else "",
            guid=f"initiative-update-{u.pk}",
            initiative=u.initiative,
            update=u,
        )
        for u in updates[:FEED_LIMIT]
    ]
    entries += [
        FeedEntry(
            kind="initiative",
            title=i.title,
            text=i.summary,
            language=i.language,
            url=i.get_absolute_url(),
            when=i.created_at,
            author=str(i.created_by) if i.created_by else "",
            guid=f"initiative-{i.pk}",
            initiative=i,
        )
        for i in initiatives.select_related("created_by").order_by("-created_at", "-id")[
            :FEED_LIMIT
        ]
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:FEED_LIMIT]


# --- The country page panel -------------------------------------------------------------------


@dataclass
class CountryPanel:
    country: Country
    total: int
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    by_objective: list[tuple[Any, int]]  # (objective, count)
    initiatives: list[Initiative]
    updates: list[Update]
    scorecard: Scorecard


def country_panel(country: Country) -> CountryPanel:
    """The initiatives of one State for its country page: nine queries at any data size."""
    ids = Initiative.states.through.objects.filter(country=country).values("initiative_id")
    mine = Initiative.objects.filter(pk__in=ids)
    status_counts = {
        row["status"]: row["n"] for row in mine.values("status").annotate(n=Count("id")).order_by()
    }
    ct = ContentType.objects.get_for_model(Initiative)
    objective_rows = (
        GCMLink.objects.filter(content_type=ct, object_id__in=ids, objective__isnull=False)
        .values("objective_id")
        .annotate(n=Count("id"))
        .order_by("-n", "objective_id")[:23]
    )
    objective_counts = {row["objective_id"]: row["n"] for row in objective_rows}
    objectives = Objective.objects.in_bulk(list(objective_counts))
    return CountryPanel(
        country=country,
        total=sum(status_counts.values()),
        by_status=[
            (value, str(label), status_counts.get(value, 0))
            for value, label in Status.choices
            if status_counts.get(value)
        ],
        by_objective=[
            (objectives[pk], n) for pk, n in objective_counts.items() if pk in objectives
        ],
        initiatives=list(
            mine.select_related("lead_state").order_by("-updated_at", "-id")[:PANEL_INITIATIVES]
        ),
        updates=list(
            Update.objects.filter(initiative__in=ids)
            .select_related("initiative")
            .order_by("-date", "-id")[:PANEL_UPDATES]
        ),
        scorecard=scorecard(initiative__in=ids),
    )


def assessment_initial(initiative: Initiative, organizations: list[Organization]) -> dict[str, Any]:
    """The assessment form's initial data: the first organization's existing assessment, if
    any (it is updated, not duplicated). Two queries."""
    if not organizations:
        return {}
    existing = (
        Assessment.objects.filter(initiative=initiative, organization=organizations[0])
        .prefetch_related(
            Prefetch("ratings", queryset=PrincipleRating.objects.select_related("principle"))
        )
        .first()
    )
    initial: dict[str, Any] = {"organization": str(organizations[0].pk)}
    if existing is None:
        return initial
    initial.update(comment=existing.comment, language=existing.language)
    for rating in existing.ratings.all():
        key = rating.principle.key
        initial[f"rating_{key}"] = rating.rating
        initial[f"evidence_{key}"] = rating.evidence
        initial[f"links_{key}"] = "\n".join(rating.links)
    return initial

"""Reads for the participation dashboards: aggregated counts only, with small groups
suppressed. Every breakdown is one grouped SQL query (the page costs about a dozen queries
whatever the number of people, organizations or contributions).

Privacy: people are counted, never listed; any group of people smaller than
``SMALL_GROUP`` is shown as "fewer than 5", and the next smallest groups are suppressed too
until at least two are hidden and together they stand for at least ``SMALL_GROUP`` people,
so that no hidden group (nor a sum of them that pins each down) can be worked out from the
total ("complementary suppression"). Gender is self-declared and optional.

To add a breakdown (monitoring aggregates, for example), append a ``Breakdown`` to the list
built in ``context()``; the template draws every breakdown the same way.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minga.accounts.models import Gender, User
from minga.core import charts
from minga.core.models import ContentLanguage, InterfaceLanguage
from minga.core.text import name_sort_key
from minga.dialogue.models import Contribution
from minga.gcm import maps
from minga.gcm.models import Country, StakeholderType, Subregion
from minga.hearings.models import Question, QuestionStatus, Registration, RegistrationStatus
from minga.hearings.models import Session as HearingSession
from minga.proposals.models import Comment, Proposal
from minga.stakeholders.models import MembershipStatus, Organization

SMALL_GROUP = 5
MONTHS = 12


@dataclass
class Group:
    key: str
    label: str
    count: int | None  # None: suppressed (fewer than SMALL_GROUP people)


@dataclass
class Breakdown:
    key: str
    title: Any
    description: Any
    groups: list[Group]
    of_people: bool

    @property
    def chart(self) -> Any:
        return charts.bar_chart(
            [(g.label, g.count) for g in self.groups],
            title=self.title,
            description=self.description,
            svg_id=f"chart-{self.key}",
            missing_label=str(_("fewer than 5")),
        )


def suppress(groups: list[Group]) -> list[Group]:
    """Hide groups of 1–4 people, then the next smallest until at least two groups are
    hidden and the hidden ones add up to at least ``SMALL_GROUP`` (complementary
    suppression: the total cannot pin a hidden group down)."""
    hidden = [g for g in groups if g.count is not None and 0 < g.count < SMALL_GROUP]
    if hidden:
        hidden_ids = {id(g) for g in hidden}
        shown = sorted(
            (g for g in groups if g.count and id(g) not in hidden_ids), key=lambda g: g.count or 0
        )
        hidden_sum = sum(g.count or 0 for g in hidden)
        while shown and (len(hidden) < 2 or hidden_sum < SMALL_GROUP):
            group = shown.pop(0)
            hidden.append(group)
            hidden_sum += group.count or 0
        for group in hidden:
            group.count = None
    return groups


def _labelled(
    rows: Iterable[tuple[Any, int]], labels: dict[Any, Any], *, keep_order: bool = True
) -> list[Group]:
    counts = dict(rows)
    groups = [Group(str(key), str(label), counts.pop(key, 0)) for key, label in labels.items()]
    groups = [g for g in groups if g.count]
    if not keep_order:
        groups.sort(key=lambda g: -(g.count or 0))
    return groups


def _people() -> Any:
    return User.objects.filter(is_active=True)


def _country_names() -> dict[str, str]:
    return {c.iso2: c.name for c in Country.objects.lac()}


def people_by_gender() -> list[Group]:
    rows = _people().order_by().values_list("gender").annotate(n=Count("pk"))
    labels = dict(Gender.choices)
    labels[""] = _("Not declared")
    return suppress(_labelled(rows, labels))


def people_by_language() -> list[Group]:
    rows = _people().order_by().values_list("preferred_language").annotate(n=Count("pk"))
    return suppress(_labelled(rows, dict(InterfaceLanguage.choices)))


def people_by_subregion() -> list[Group]:
    rows = (
        _people()
        .filter(countries__region__key="lac")
        .order_by()
        .values_list("countries__subregion")
        .annotate(n=Count("pk", distinct=True))
    )
    return suppress(_labelled(rows, dict(Subregion.choices)))


def people_by_country() -> list[Group]:
    rows = (
        _people()
        .filter(countries__region__key="lac")
        .order_by()
        .values_list("countries__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return suppress(_labelled(rows, _sorted_names(_country_names()), keep_order=False))


def people_by_stakeholder_type() -> list[Group]:
    """People by the type of the organizations they are approved members of."""
    rows = (
        _people()
        .filter(memberships__status=MembershipStatus.APPROVED)
        .order_by()
        .values_list("memberships__organization__stakeholder_type")
        .annotate(n=Count("pk", distinct=True))
    )
    return suppress(_labelled(rows, dict(StakeholderType.choices), keep_order=False))


def organizations_by_stakeholder_type() -> list[Group]:
    rows = Organization.objects.order_by().values_list("stakeholder_type").annotate(n=Count("pk"))
    return _labelled(rows, dict(StakeholderType.choices), keep_order=False)


def organizations_by_subregion() -> list[Group]:
    rows = (
        Organization.objects.filter(headquarters__region__key="lac")
        .order_by()
        .values_list("headquarters__subregion")
        .annotate(n=Count("pk"))
    )
    return _labelled(rows, dict(Subregion.choices))


def organizations_by_language() -> list[Group]:
    rows = (
        Organization.objects.order_by().values_list("description_language").annotate(n=Count("pk"))
    )
    return _labelled(rows, dict(ContentLanguage.choices), keep_order=False)


def organizations_by_country() -> dict[str, int]:
    rows = Organization.objects.order_by().values_list("headquarters__code").annotate(n=Count("pk"))
    return {str(code): n for code, n in rows}


# --- Sessions (live-room participation) ----------------------------------------------------------


def _registrations() -> Any:
    """Confirmed registrations at published sessions (cancelled places are not counted)."""
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, session__in=HearingSession.objects.public()
    )


def _registrations_by_type(qs: Any) -> list[Group]:
    """Registrations by the stakeholder type of the person's organizations (a person who
    belongs to organizations of two types counts once in each)."""
    rows = (
        qs.filter(person__memberships__status=MembershipStatus.APPROVED)
        .order_by()
        .values_list("person__memberships__organization__stakeholder_type")
        .annotate(n=Count("pk", distinct=True))
    )
    return suppress(_labelled(rows, dict(StakeholderType.choices), keep_order=False))


def registrations_by_stakeholder_type() -> list[Group]:
    return _registrations_by_type(_registrations())


def check_ins_by_stakeholder_type() -> list[Group]:
    return _registrations_by_type(_registrations().filter(checked_in_at__isnull=False))


PUBLIC_QUESTION_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED, QuestionStatus.MERGED)


def _public_questions() -> Any:
    """Questions let through by the moderators at published sessions (pending and hidden
    ones are not counted)."""
    return Question.objects.filter(
        status__in=PUBLIC_QUESTION_STATUSES, session__in=HearingSession.objects.public()
    )


def _sorted_names(names: dict[str, str]) -> dict[str, str]:
    return dict(sorted(names.items(), key=lambda item: name_sort_key(item[1])))


# --- Contributions over time --------------------------------------------------------------------


def month_starts(today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for _i in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(starts))


def _per_month(qs: Any, since: datetime.datetime) -> dict[datetime.date, int]:
    rows = (
        qs.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    found: dict[datetime.date, int] = {}
    for month, n in rows:
        day = month.date() if isinstance(month, datetime.datetime) else month
        found[day] = found.get(day, 0) + n
    return found


@dataclass
class Series:
    key: str
    title: Any
    points: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.points)

    @property
    def chart(self) -> Any:
        return charts.column_chart(
            self.points,
            title=self.title,
            description=_("Number per month over the last twelve months."),
            svg_id=f"chart-{self.key}",
        )


def contributions_over_time(today: datetime.date | None = None) -> list[Series]:
    today = today or timezone.localdate()
    starts = month_starts(today)
    since = datetime.datetime.combine(starts[0], datetime.time.min, tzinfo=datetime.UTC)
    kinds = [
        ("proposals", _("Proposals per month"), Proposal.objects.public()),
        ("comments", _("Comments on proposals per month"), Comment.objects.filter(is_hidden=False)),
        (
            "contributions",
            _("Contributions to consultations per month"),
            Contribution.objects.filter(is_hidden=False),
        ),
        ("questions", _("Questions asked in live rooms per month"), _public_questions()),
    ]
    series = []
    for key, title, qs in kinds:
        found = _per_month(qs, since)
        points = [(start.strftime("%Y-%m"), found.get(start, 0)) for start in starts]
        series.append(Series(key, title, points))
    return series


# --- The page -----------------------------------------------------------------------------------


def context() -> dict[str, Any]:
    people = [
        Breakdown(
            "people-type",
            _("People by type of their organization"),
            _("Approved members of organizations, by the organization's stakeholder type."),
            people_by_stakeholder_type(),
            True,
        ),
        Breakdown(
            "people-subregion",
            _("People by subregion"),
            _("People by the LAC subregion of the countries they live in, come from or work on."),
            people_by_subregion(),
            True,
        ),
        Breakdown(
            "people-country",
            _("People by country"),
            _("People by the LAC countries they live in, come from or work on."),
            people_by_country(),
            True,
        ),
        Breakdown(
            "people-language",
            _("People by language"),
            _("People by the interface language they chose."),
            people_by_language(),
            True,
        ),
        Breakdown(
            "people-gender",
            _("People by gender (self-declared)"),
            _("Gender as people chose to declare it; it is optional and private."),
            people_by_gender(),
            True,
        ),
    ]
    organizations = [
        Breakdown(
            "orgs-type",
            _("Organizations by stakeholder type"),
            _("Registered organizations by stakeholder type."),
            organizations_by_stakeholder_type(),
            False,
        ),
        Breakdown(
            "orgs-subregion",
            _("Organizations by subregion"),
            _("Organizations by the LAC subregion of their headquarters."),
            organizations_by_subregion(),
            False,
        ),
        Breakdown(
            "orgs-language",
            _("Organizations by language"),
            _("Organizations by the language of their description."),
            organizations_by_language(),
            False,
        ),
    ]
    sessions = [
        Breakdown(
            "sessions-registered",
            _("Registrations by type of organization"),
            _(
                "Confirmed registrations at published sessions, by the stakeholder type of "
                "the person's organizations."
            ),
            registrations_by_stakeholder_type(),
            True,
        ),
        Breakdown(
            "sessions-checked-in",
            _("Check-ins by type of organization"),
            _(
                "People checked in at published sessions, by the stakeholder type of their "
                "organizations."
            ),
            check_ins_by_stakeholder_type(),
            True,
        ),
    ]
    names = _country_names()
    by_country = organizations_by_country()
    lac_values = {iso2: by_country.get(iso2, 0) for iso2 in names}
    org_map = maps.choropleth(
        lac_values,
        title=_("Organizations by country of headquarters"),
        description=_(
            "Map of Latin America and the Caribbean; the darker a country, the more "
            "organizations have their headquarters there. The table beside it gives the numbers."
        ),
        names=names,
        svg_id="map-organizations",
    )
    return {
        "sections": [
            ("people-heading", _("People"), people),
            ("organizations-heading", _("Organizations"), organizations),
            ("sessions-heading", _("Sessions"), sessions),
        ],
        "people_total": _people().count(),
        "organizations_total": Organization.objects.count(),
        "series": contributions_over_time(),
        "org_map": org_map,
        "org_map_legend": maps.legend_html(lac_values),
        "org_map_rows": [
            (
                iso2,
                name,
                lac_values[iso2],
                Country(code=iso2).get_absolute_url(),
            )
            for iso2, name in _sorted_names(names).items()
        ],
        "small_group": SMALL_GROUP,
    }

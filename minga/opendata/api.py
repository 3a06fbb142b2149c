"""Read-only API v1: resource declarations, their serializers, filters and pagination.

Every resource lists PUBLIC data only, from each app's own public querysets. The same
declarations drive the JSON endpoints, the OpenAPI document and the reference page.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from minga.committee.models import Call, CallRole, CallStatus, Nomination
from minga.dialogue.models import Consultation, ConsultationPhase
from minga.dialogue.queries import _with_counts as consultation_counts
from minga.gcm.models import GCMLink
from minga.hearings.models import (
    AgendaItem,
    Session,
    SessionFormat,
    SessionKind,
    SessionRole,
)
from minga.hearings.queries import review_zone
from minga.initiatives.models import Initiative, Status
from minga.practices.models import Practice, PracticeRegion
from minga.proposals.models import AnswerStatus, AuthorDisplay, Proposal
from minga.stakeholders.models import Organization

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
CURSOR_SALT = "minga.opendata.cursor"
ISO2 = re.compile(r"^[A-Za-z]{2}$")


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


# --- Filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    name: str
    description: Any
    schema: dict[str, Any]
    parse: Callable[[str], Any]
    apply: Callable[[Any, Any], Any]
    example: str = ""


def parse_objective(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 23:
        raise ValueError(_("Give a GCM objective number from 1 to 23."))
    return int(value)


def parse_country(value: str) -> str:
    if not ISO2.match(value):
        raise ValueError(_("Give a two-letter ISO 3166 country code, such as MX."))
    return value.upper()


def parse_since(value: str) -> datetime.datetime:
    moment: datetime.datetime | None = None
    try:
        day = parse_date(value)
        if day is not None:
            moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
        else:
            moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(_("Give an ISO 8601 date or date and time, such as 2026-01-31."))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError(_("This date is out of range.")) from None


def choice_parser(values: list[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in values:
            raise ValueError(_("Unknown value. Allowed values are listed in the reference."))
        return value

    return parse


OBJECTIVE_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 23}
COUNTRY_SCHEMA = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
SINCE_SCHEMA = {"type": "string", "format": "date-time"}


def objective_filter() -> Filter:
    return Filter(
        "objective",
        _("Only items linked to this GCM objective (1–23)."),
        OBJECTIVE_SCHEMA,
        parse_objective,
        lambda qs, n: qs.by_objective(n),
        "13",
    )


def country_filter(apply: Callable[[Any, Any], Any] | None = None) -> Filter:
    return Filter(
        "country",
        _("Only items linked to this country (ISO 3166 two-letter code)."),
        COUNTRY_SCHEMA,
        parse_country,
        apply or (lambda qs, iso2: qs.by_country(iso2)),
        "MX",
    )


def date_filters() -> list[Filter]:
    return [
        Filter(
            "created_since",
            _("Only items created at or after this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            lambda qs, moment: qs.filter(created_at__gte=moment),
            "2026-01-01",
        ),
        Filter(
            "updated_since",
            _("Only items changed at or after this date (ISO 8601)."),
            SINCE_SCHEMA,
            parse_since,
            lambda qs, moment: qs.filter(updated_at__gte=moment),
            "2026-01-01",
        ),
    ]


def choice_filter(
    name: str, description: Any, values: list[str], apply: Callable[[Any, Any], Any]
) -> Filter:
    return Filter(
        name,
        description,
        {"type": "string", "enum": values},
        choice_parser(values),
        apply,
        values[0],
    )


# --- Resources ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    name: str
    title: Any
    description: Any
    queryset: Callable[[], QuerySet[Any]]
    serialize: Callable[[Any], dict[str, Any]]
    fields: dict[str, dict[str, Any]]
    filters: list[Filter] = field(default_factory=list)

    def filter_by_name(self) -> dict[str, Filter]:
        return {f.name: f for f in self.filters}

    def list_url(self) -> str:
        return reverse("api:list", args=[self.name])

    def item_url(self, pk: int) -> str:
        return reverse("api:detail", args=[self.name, pk])


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _links_prefetch() -> Prefetch:
    return Prefetch(
        "gcm_links",
        queryset=GCMLink.objects.select_related("objective", "country").order_by("id"),
    )


def _gcm(obj: Any) -> dict[str, Any]:
    links = list(obj.gcm_links.all())
    return {
        "objectives": sorted({link.objective.number for link in links if link.objective_id}),
        "countries": sorted({link.country.iso2 for link in links if link.country_id}),
    }


def _base(resource: str, obj: Any) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "url": reverse("api:detail", args=[resource, obj.pk]),
        "html_url": obj.get_absolute_url(),
        "created_at": _iso(obj.created_at),
        "updated_at": _iso(obj.updated_at),
    }


def _org_ref(org: Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": org.pk,
        "name": org.name,
        "url": reverse("api:detail", args=["organizations", org.pk]),
    }


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_STR = {"type": ["string", "null"]}
ISO2_LIST = {"type": "array", "items": {"type": "string"}}
INT_LIST = {"type": "array", "items": {"type": "integer"}}
ORG_REF = {
    "type": ["object", "null"],
    "properties": {"id": INT, "name": STR, "url": STR},
    "required": ["id", "name", "url"],
}
BASE_FIELDS: dict[str, dict[str, Any]] = {
    "id": INT,
    "url": {"type": "string", "description": "API link to this item"},
    "html_url": {"type": "string", "description": "Web page of this item"},
    "created_at": DATETIME,
    "updated_at": DATETIME,
    "objectives": INT_LIST,
    "countries": ISO2_LIST,
}


# Organizations ------------------------------------------------------------------------------


def organizations_qs() -> QuerySet[Organization]:
    return Organization.objects.select_related("headquarters").prefetch_related(
        _links_prefetch(),
        Prefetch("networks", queryset=Organization.objects.only("id", "name").order_by("name")),
    )


def serialize_organization(org: Organization) -> dict[str, Any]:
    return {
        **_base("organizations", org),
        **_gcm(org),
        "name": org.name,
        "acronym": org.acronym,
        "stakeholder_type": org.stakeholder_type,
        "headquarters": org.headquarters.iso2,
        "is_migrant_led": org.is_migrant_led,
        "is_network": org.is_network,
        "networks": [_org_ref(n) for n in org.networks.all()],
        "description": org.description,
        "website": org.website,
        "ecosoc_status": org.ecosoc_status,
    }


def _org_country(qs: Any, iso2: str) -> Any:
    working = Organization.objects.by_country(iso2).values("pk")
    return qs.filter(Q(pk__in=working) | Q(headquarters__code=iso2))


ORGANIZATION_FIELDS = {
    **BASE_FIELDS,
    "name": STR,
    "acronym": STR,
    "stakeholder_type": STR,
    "headquarters": STR,
    "is_migrant_led": BOOL,
    "is_network": BOOL,
    "networks": {"type": "array", "items": ORG_REF},
    "description": STR,
    "website": STR,
    "ecosoc_status": STR,
}


# Proposals ----------------------------------------------------------------------------------


def proposals_qs() -> QuerySet[Proposal]:
    return (
        Proposal.objects.public()
        .select_related("author", "organization")
        .prefetch_related(_links_prefetch())
    )


def serialize_proposal(proposal: Proposal) -> dict[str, Any]:
    author = None
    if (
        proposal.author_display == AuthorDisplay.PERSON
        and proposal.author is not None
        and proposal.author.is_public
    ):
        # The public display name only (a pseudonym is allowed), and only for people who
        # chose to appear in public lists and open data; never the e-mail.
        author = {"name": proposal.author.display_name or None}
    organization = None
    if proposal.author_display == AuthorDisplay.ORGANIZATION:
        organization = _org_ref(proposal.organization)
    return {
        **_base("proposals", proposal),
        **_gcm(proposal),
        "title": proposal.title,
        "text": proposal.text,
        "language": proposal.language,
        "corridor_roles": proposal.corridor_roles,
        "author": author,
        "organization": organization,
        "status": proposal.answer_status or "awaiting",
        "answered_at": _iso(proposal.answered_at),
        "endorsements": {
            "people": proposal.endorsement_count,
            "organizations": proposal.organization_endorsement_count,
            "total": proposal.total_endorsements,
        },
        "comment_count": proposal.comment_count,
    }


def _proposal_status(qs: Any, value: str) -> Any:
    return qs.filter(answer_status="" if value == "awaiting" else value)


PROPOSAL_FIELDS = {
    **BASE_FIELDS,
    "title": STR,
    "text": STR,
    "language": STR,
    "corridor_roles": ISO2_LIST,
    "author": {
        "type": ["object", "null"],
        "properties": {"name": NULLABLE_STR},
        "description": "Only when the author chose to be shown under their name and to "
        "appear in open data.",
    },
    "organization": ORG_REF,
    "status": STR,
    "answered_at": NULLABLE_STR,
    "endorsements": {
        "type": "object",
        "properties": {"people": INT, "organizations": INT, "total": INT},
        "required": ["people", "organizations", "total"],
    },
    "comment_count": INT,
}


# Consultations --------------------------------------------------------------------------------


def consultations_qs() -> QuerySet[Consultation]:
    return consultation_counts(
        Consultation.objects.select_related("review").prefetch_related(
            _links_prefetch(),
            Prefetch("institutions", queryset=Organization.objects.order_by("name")),
        )
    )


def serialize_consultation(consultation: Any) -> dict[str, Any]:
    return {
        **_base("consultations", consultation),
        **_gcm(consultation),
        "title": consultation.title,
        "question": consultation.question,
        "background": consultation.background,
        "phase": consultation.phase,
        "is_standing": consultation.is_standing,
        "closes_on": _iso(consultation.closes_on),
        "closed_at": _iso(consultation.closed_at),
        "conclusion": consultation.conclusion,
        "institutions": [_org_ref(org) for org in consultation.institutions.all()],
        "contribution_count": consultation.contribution_count,
        "response_count": consultation.response_count,
    }


CONSULTATION_FIELDS = {
    **BASE_FIELDS,
    "title": STR,
    "question": STR,
    "background": STR,
    "phase": STR,
    "is_standing": BOOL,
    "closes_on": DATE,
    "closed_at": NULLABLE_STR,
    "conclusion": STR,
    "institutions": {"type": "array", "items": ORG_REF},
    "contribution_count": INT,
    "response_count": INT,
}


# Initiatives ----------------------------------------------------------------------------------


def initiatives_qs() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("lead_state").prefetch_related(
        _links_prefetch(), "states"
    )


def serialize_initiative(initiative: Initiative) -> dict[str, Any]:
    return {
        **_base("initiatives", initiative),
        **_gcm(initiative),
        "title": initiative.title,
        "summary": initiative.summary,
        "kind": initiative.kind,
        "status": initiative.status,
        "lead_state": initiative.lead_state.iso2,
        "states": sorted(state.iso2 for state in initiative.states.all()),
        "start_date": _iso(initiative.start_date),
        "end_date": _iso(initiative.end_date),
        "responsible_institution": initiative.responsible_institution,
        "budget_amount": (
            str(initiative.budget_amount) if initiative.budget_amount is not None else None
        ),
        "budget_currency": initiative.budget_currency,
        "cs_involvement": initiative.cs_involvement,
        "update_count": initiative.update_count,
        "assessment_count": initiative.assessment_count,
        "version_count": initiative.version_count,
    }


def _initiative_country(qs: Any, iso2: str) -> Any:
    through = Initiative.states.through.objects.filter(country__code=iso2)
    return qs.filter(pk__in=through.values("initiative_id"))


INITIATIVE_FIELDS = {
    **BASE_FIELDS,
    "title": STR,
    "summary": STR,
    "kind": STR,
    "status": STR,
    "lead_state": STR,
    "states": ISO2_LIST,
    "start_date": DATE,
    "end_date": DATE,
    "responsible_institution": STR,
    "budget_amount": NULLABLE_STR,
    "budget_currency": STR,
    "cs_involvement": STR,
    "update_count": INT,
    "assessment_count": INT,
    "version_count": INT,
}


# Practices ------------------------------------------------------------------------------------


def practices_qs() -> QuerySet[Practice]:
    return (
        Practice.objects.published()
        .select_related("contact_organization")
        .prefetch_related(_links_prefetch())
    )


def serialize_practice(practice: Practice) -> dict[str, Any]:
    return {
        **_base("practices", practice),
        **_gcm(practice),
        "title": practice.title,
        "region": practice.region,
        "description": practice.description,
        "results": practice.results,
        "replication": practice.replication,
        "partners": practice.partners,
        "sources": [line.strip() for line in practice.sources.splitlines() if line.strip()],
        "contact_organization": _org_ref(practice.contact_organization),
        "published_at": _iso(practice.published_at),
    }


PRACTICE_FIELDS = {
    **BASE_FIELDS,
    "title": STR,
    "region": STR,
    "description": STR,
    "results": STR,
    "replication": STR,
    "partners": STR,
    "sources": ISO2_LIST,
    "contact_organization": ORG_REF,
    "published_at": NULLABLE_STR,
}


# Sessions -------------------------------------------------------------------------------------


def sessions_qs() -> QuerySet[Session]:
    """Published sessions of published reviews (no drafts, no cancelled ones), with their
    agenda and the people in roles. Registrations, questionnaires, questions, presences and
    rapporteur notes are never read."""
    return (
        Session.objects.public()
        .select_related("review")
        .prefetch_related(
            _links_prefetch(),
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "id")),
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("person", "organization").order_by(
                    "role", "id"
                ),
            ),
        )
    )


def _local(value: datetime.datetime, zone: Any) -> str:
    return value.astimezone(zone).isoformat()


def _person_name(person: Any) -> str | None:
    """The name shown publicly beside a role: the display name (a pseudonym is allowed),
    never the e-mail address nor any part of it."""
    return (person.display_name or None) if person is not None else None


def _role(role: SessionRole) -> dict[str, Any]:
    org = role.organization
    return {
        "role": role.role,
        "name": _person_name(role.person),
        "organization": _org_ref(org),
        "constituency": org.stakeholder_type if org is not None else None,
        "selected_by_committee": role.source == "committee",
    }


def serialize_session(session: Session) -> dict[str, Any]:
    zone = review_zone(session.review)
    return {
        **_base("sessions", session),
        **_gcm(session),
        "review": {
            "slug": session.review.slug,
            "title": session.review.title,
            "html_url": session.review.get_absolute_url(),
        },
        "title": session.title,
        "description": session.description,
        "kind": session.kind,
        "format": session.format,
        "venue": session.venue,
        "stream_url": session.stream_url,
        "time_zone": str(zone),
        "starts_at": _local(session.starts_at, zone),
        "ends_at": _local(session.ends_at, zone),
        "languages": list(session.languages),
        "interpretation": list(session.interpretation),
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "duration_minutes": item.duration_minutes,
                "description": item.description,
            }
            for item in session.agenda.all()
        ],
        "roles": [_role(role) for role in session.roles.all()],
        "summary": session.summary if session.summary_published_at else "",
        "ics_url": reverse("hearings:ics", args=[session.pk]),
    }


def _session_starts(op: str) -> Callable[[Any, Any], Any]:
    return lambda qs, moment: qs.filter(**{f"starts_at__{op}": moment})


ROLE_SCHEMA = {
    "type": "object",
    "properties": {
        "role": STR,
        "name": {
            **NULLABLE_STR,
            "description": "Display name shown on the programme (never an e-mail).",
        },
        "organization": ORG_REF,
        "constituency": {**NULLABLE_STR, "description": "Stakeholder type of the organization."},
        "selected_by_committee": BOOL,
    },
    "required": ["role", "name", "organization", "constituency", "selected_by_committee"],
    "additionalProperties": False,
}
LOCAL_DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with the offset of the review's time zone.",
}
SESSION_FIELDS = {
    **BASE_FIELDS,
    "review": {
        "type": "object",
        "properties": {"slug": STR, "title": STR, "html_url": STR},
        "required": ["slug", "title", "html_url"],
    },
    "title": STR,
    "description": STR,
    "kind": {"type": "string", "enum": list(SessionKind.values)},
    "format": {"type": "string", "enum": list(SessionFormat.values)},
    "venue": STR,
    "stream_url": STR,
    "time_zone": STR,
    "starts_at": LOCAL_DATETIME,
    "ends_at": LOCAL_DATETIME,
    "languages": ISO2_LIST,
    "interpretation": ISO2_LIST,
    "agenda": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "position": INT,
                "title": STR,
                "duration_minutes": INT,
                "description": STR,
            },
            "required": ["position", "title", "duration_minutes", "description"],
        },
    },
    "roles": {"type": "array", "items": ROLE_SCHEMA},
    "summary": {"type": "string", "description": "Empty until the summary is published."},
    "ics_url": {"type": "string", "description": "iCalendar file of the session"},
}


# Calls for nominations --------------------------------------------------------------------


def calls_qs() -> QuerySet[Call]:
    """Calls for nominations for published sessions. Nominations are read only when the
    selection is confirmed, and then only the selected ones; votes, consent, e-mails,
    justifications and genders are never read."""
    selected = (
        Nomination.objects.filter(selected=True, call__status=CallStatus.CONFIRMED)
        .select_related("nominee", "organization")
        .order_by("nominee_name", "id")
    )
    return (
        Call.objects.public()
        .filter(session__in=Session.objects.public())
        .select_related("session")
        .prefetch_related(
            Prefetch("session__gcm_links", queryset=_links_prefetch().queryset),
            Prefetch("nominations", queryset=selected, to_attr="selected_people"),
        )
    )


def serialize_call(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "url": reverse("api:detail", args=["calls", call.pk]),
        "html_url": call.get_absolute_url(),
        "created_at": _iso(call.created_at),
        "updated_at": _iso(call.updated_at),
        **_gcm(call.session),
        "session": {
            "id": call.session_id,
            "title": call.session.title,
            "url": reverse("api:detail", args=["sessions", call.session_id]),
        },
        "role": call.role,
        "seats": call.seats,
        "deadline": _iso(call.deadline),
        "status": call.status,
        "accepts_nominations": call.accepts_nominations,
        "eligibility": call.eligibility,
        "balance_rules": dict(call.rules),
        "rationale": call.rationale if call.status == CallStatus.CONFIRMED else "",
        "confirmed_at": _iso(call.confirmed_at) if call.status == CallStatus.CONFIRMED else None,
        "selected": [
            {
                "name": _person_name(n.nominee),
                "organization": _org_ref(n.organization),
                "constituency": n.organization.stakeholder_type,
            }
            for n in call.selected_people  # type: ignore[attr-defined]
        ],
    }


def _call_objective(qs: Any, number: int) -> Any:
    return qs.filter(session__in=Session.objects.by_objective(number).values("pk"))


def _call_country(qs: Any, iso2: str) -> Any:
    return qs.filter(session__in=Session.objects.by_country(iso2).values("pk"))


CALL_FIELDS = {
    **BASE_FIELDS,
    "session": {
        "type": "object",
        "properties": {"id": INT, "title": STR, "url": STR},
        "required": ["id", "title", "url"],
    },
    "role": {"type": "string", "enum": list(CallRole.values)},
    "seats": INT,
    "deadline": DATETIME,
    "status": {"type": "string", "enum": list(CallStatus.values)},
    "accepts_nominations": BOOL,
    "eligibility": STR,
    "balance_rules": {
        "type": "object",
        "properties": {
            "min_women_percent": INT,
            "all_subregions": BOOL,
            "min_migrant_led": INT,
            "max_per_country": INT,
            "min_first_time": INT,
            "languages": ISO2_LIST,
        },
        "additionalProperties": False,
        "description": "The balance the committee's selection must respect.",
    },
    "rationale": {"type": "string", "description": "Once the selection is confirmed."},
    "confirmed_at": NULLABLE_STR,
    "selected": {
        "type": "array",
        "description": "People selected, only once the selection is confirmed.",
        "items": {
            "type": "object",
            "properties": {
                "name": NULLABLE_STR,
                "organization": ORG_REF,
                "constituency": STR,
            },
            "required": ["name", "organization", "constituency"],
            "additionalProperties": False,
        },
    },
}


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in [
        Resource(
            "organizations",
            _("Organizations"),
            _("Registered civil-society and other stakeholder organizations."),
            organizations_qs,
            serialize_organization,
            ORGANIZATION_FIELDS,
            [objective_filter(), country_filter(_org_country), *date_filters()],
        ),
        Resource(
            "proposals",
            _("Proposals"),
            _(
                "Public proposals, with their endorsement counts. Hidden and merged ones are left out."
            ),
            proposals_qs,
            serialize_proposal,
            PROPOSAL_FIELDS,
            [
                objective_filter(),
                country_filter(),
                *date_filters(),
                choice_filter(
                    "status",
                    _("Answer status of the proposal."),
                    ["awaiting", *AnswerStatus.values],
                    _proposal_status,
                ),
            ],
        ),
        Resource(
            "consultations",
            _("Consultations"),
            _("Dialogue consultations with institutions, with counts of visible contributions."),
            consultations_qs,
            serialize_consultation,
            CONSULTATION_FIELDS,
            [
                objective_filter(),
                country_filter(),
                *date_filters(),
                choice_filter(
                    "phase",
                    _("Phase of the consultation."),
                    list(ConsultationPhase.values),
                    lambda qs, v: qs.filter(phase=v),
                ),
            ],
        ),
        Resource(
            "initiatives",
            _("Initiatives"),
            _("Laws, policies, programmes and pledges of States, with their update counts."),
            initiatives_qs,
            serialize_initiative,
            INITIATIVE_FIELDS,
            [
                objective_filter(),
                country_filter(_initiative_country),
                *date_filters(),
                choice_filter(
                    "status",
                    _("Status of the initiative."),
                    list(Status.values),
                    lambda qs, v: qs.filter(status=v),
                ),
            ],
        ),
        Resource(
            "practices",
            _("Practices"),
            _("Published promising practices (drafts and practices in review are left out)."),
            practices_qs,
            serialize_practice,
            PRACTICE_FIELDS,
            [
                objective_filter(),
                country_filter(),
                *date_filters(),
                choice_filter(
                    "region",
                    _("Region of the practice."),
                    list(PracticeRegion.values),
                    lambda qs, v: qs.filter(region=v),
                ),
            ],
        ),
        Resource(
            "sessions",
            _("Sessions"),
            _(
                "Published sessions (hearings, roundtables, consultations) with their agenda "
                "and the people in roles. Drafts and cancelled sessions are left out."
            ),
            sessions_qs,
            serialize_session,
            SESSION_FIELDS,
            [
                objective_filter(),
                country_filter(),
                *date_filters(),
                Filter(
                    "starts_since",
                    _("Only sessions starting at or after this date (ISO 8601)."),
                    SINCE_SCHEMA,
                    parse_since,
                    _session_starts("gte"),
                    "2026-01-01",
                ),
                Filter(
                    "starts_before",
                    _("Only sessions starting before this date (ISO 8601)."),
                    SINCE_SCHEMA,
                    parse_since,
                    _session_starts("lt"),
                    "2027-01-01",
                ),
                choice_filter(
                    "kind",
                    _("Kind of session."),
                    list(SessionKind.values),
                    lambda qs, v: qs.filter(kind=v),
                ),
            ],
        ),
        Resource(
            "calls",
            _("Calls for nominations"),
            _(
                "The Civil Society Committee's calls for nominations for roles at published "
                "sessions, with the people selected once the selection is confirmed. "
                "Nominations, votes and consent are never published."
            ),
            calls_qs,
            serialize_call,
            CALL_FIELDS,
            [
                Filter(
                    "objective",
                    _("Only calls for sessions linked to this GCM objective (1–23)."),
                    OBJECTIVE_SCHEMA,
                    parse_objective,
                    _call_objective,
                    "13",
                ),
                Filter(
                    "country",
                    _("Only calls for sessions linked to this country (ISO 3166 code)."),
                    COUNTRY_SCHEMA,
                    parse_country,
                    _call_country,
                    "MX",
                ),
                *date_filters(),
                choice_filter(
                    "status",
                    _("Status of the call."),
                    list(CallStatus.values),
                    lambda qs, v: qs.filter(status=v),
                ),
            ],
        ),
    ]
}


# --- Pagination -------------------------------------------------------------------------------


def encode_cursor(obj: Any) -> str:
    # A plain Signer, not signing.dumps (which adds a timestamp): the same page must give the
    # same cursor, or the body, and so the ETag, of every page with a next link would change
    # every second.
    return signing.Signer(salt=CURSOR_SALT).sign_object(
        [obj.created_at.isoformat(), obj.pk], compress=True
    )


def decode_cursor(value: str) -> tuple[datetime.datetime, int]:
    try:
        moment, pk = signing.Signer(salt=CURSOR_SALT).unsign_object(value)
        parsed = parse_datetime(moment)
        if parsed is None or not isinstance(pk, int):
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError):
        raise BadParameter(  # noqa: B904
            "cursor", str(_("This cursor is not valid: use the next link as given."))
        )
    return parsed, pk


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadParameter("limit", str(_("Give a number of items from 1 to 100.")))
    return int(value)


PAGING = ("cursor", "limit")


def list_page(resource: Resource, params: Any) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a resource: the serialized items and the cursor of the next page.
    Raises BadParameter on any parameter it cannot understand."""
    filters = resource.filter_by_name()
    for name in params:
        if name not in filters and name not in PAGING:
            raise BadParameter(name, str(_("Unknown parameter.")))
    limit = parse_limit(params.get("limit"))
    qs: Any = resource.queryset()
    for name, flt in filters.items():
        if name not in params:
            continue
        try:
            value = flt.parse(params[name])
        except ValueError as error:
            raise BadParameter(name, str(error)) from None
        qs = flt.apply(qs, value)
    if params.get("cursor") is not None:
        moment, pk = decode_cursor(params["cursor"])
        qs = qs.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
    items = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    next_cursor = encode_cursor(items[limit - 1]) if len(items) > limit else None
    return [resource.serialize(obj) for obj in items[:limit]], next_cursor


def item(resource: Resource, pk: int) -> dict[str, Any] | None:
    if not 0 < pk < 2**63:
        return None
    obj = resource.queryset().filter(pk=pk).first()
    return resource.serialize(obj) if obj is not None else None

"""The exports of public data (see exports.py for how to add one).

Privacy decisions, tested in tests/test_exports.py:
- Proposals: the author's display name only when the proposal is shown under the person's name
  AND the person chose to appear in public lists; the organization only when the proposal is
  presented under the organization's name. Never an e-mail, never the author of an anonymous
  proposal, never consent or intermediary details. Hidden and merged proposals are left out.
- Endorsements: one row per endorsement of a public proposal, with the kind of endorser
  (``person`` or ``organization``), the organization's id when an organization endorsed, and
  the date (day only). No person identifier at all, even for people with a public profile:
  there is no public resource for people to link to, and a stable id would let anyone build a
  profile of one person's political positions across proposals. Counts stay exact.
- Practices: published ones only; no submitter, reviewers or review verdicts.
- Organizations: the public directory fields; no logo, no "registered by".
- Sessions: published sessions of published reviews only (no drafts, no cancelled ones); the
  programme fields. Never the capacity, the registration questionnaire, registrations,
  accessibility needs, questions or notes.
- Session roles: the people in roles of those sessions as the public programme shows them:
  the display name (never an e-mail or part of one), the organization and its stakeholder
  type (the constituency). No person identifier.
"""

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from minga.dialogue.models import Consultation, Contribution
from minga.hearings.models import RoleSource, Session, SessionRole
from minga.initiatives.models import Initiative
from minga.practices.models import Practice
from minga.proposals.models import AuthorDisplay, CorridorRole, Endorsement, Proposal
from minga.stakeholders.models import Organization

from .exports import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    STRING,
    Column,
    Export,
    gcm_columns,
    id_column,
    register,
    timestamps,
)


def _org_networks(ids: list[int]) -> Mapping[int, Any]:
    through = Organization.networks.through
    found: dict[int, list[int]] = defaultdict(list)
    rows = through.objects.filter(from_organization_id__in=ids).values_list(
        "from_organization_id", "to_organization_id"
    )
    for member, network in rows:
        found[member].append(network)
    return {pk: sorted(networks) for pk, networks in found.items()}


def _initiative_states(ids: list[int]) -> Mapping[int, Any]:
    through = Initiative.states.through
    found: dict[int, list[str]] = defaultdict(list)
    rows = through.objects.filter(initiative_id__in=ids).values_list(
        "initiative_id", "country__code"
    )
    for initiative, code in rows:
        found[initiative].append(str(code))
    return {pk: sorted(codes) for pk, codes in found.items()}


def _proposal_author(row: Mapping[str, Any]) -> str | None:
    if row["author_display"] == AuthorDisplay.PERSON and row["author__is_public"]:
        return row["author__display_name"] or None
    return None


def _proposal_organization(row: Mapping[str, Any]) -> int | None:
    if row["author_display"] == AuthorDisplay.ORGANIZATION:
        return row["organization_id"]
    return None


def _corridor(row: Mapping[str, Any]) -> list[str]:
    return [role for role in CorridorRole.values if row[f"is_{role}"]]


def _consultations() -> Any:
    contributions = (
        Contribution.objects.filter(consultation=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("consultation")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Consultation.objects.annotate(visible_contributions=Coalesce(Subquery(contributions), 0))


ORGANIZATIONS = register(
    Export(
        name="organizations",
        title=_("Organizations"),
        description=_("Registered civil-society and other stakeholder organizations."),
        queryset=lambda: Organization.objects.all(),
        columns=[
            id_column(),
            Column("name", STRING, required=True),
            Column("acronym", STRING),
            Column("stakeholder_type", STRING, required=True),
            Column(
                "headquarters",
                STRING,
                _("ISO 3166 code of the headquarters country."),
                path="headquarters__code",
            ),
            Column("is_migrant_led", BOOLEAN, required=True),
            Column("is_network", BOOLEAN, required=True),
            Column(
                "networks",
                STRING,
                _("Ids of the networks it belongs to, separated by semicolons."),
                per_chunk=_org_networks,
            ),
            Column("description", STRING),
            Column("website", STRING),
            Column("ecosoc_status", STRING),
            *gcm_columns(Organization),
            *timestamps(),
        ],
    )
)

PROPOSALS = register(
    Export(
        name="proposals",
        title=_("Proposals"),
        description=_("Public proposals with their endorsement counts (not hidden, not merged)."),
        queryset=lambda: Proposal.objects.public(),
        columns=[
            id_column(),
            Column("title", STRING, required=True),
            Column("text", STRING),
            Column("language", STRING),
            Column(
                "corridor_roles",
                STRING,
                _("Origin, transit, destination or return, separated by semicolons."),
                compute=_corridor,
            ),
            Column(
                "author_name",
                STRING,
                _("Display name of the author, only when they chose to be shown in public."),
                compute=_proposal_author,
            ),
            Column(
                "organization_id",
                INTEGER,
                _("Organization that presents the proposal, when presented in its name."),
                compute=_proposal_organization,
            ),
            Column("answer_status", STRING, _("Status of the official answer (empty: none).")),
            Column("answered_at", DATETIME),
            Column("endorsements_people", INTEGER, path="endorsement_count"),
            Column("endorsements_organizations", INTEGER, path="organization_endorsement_count"),
            Column("comment_count", INTEGER),
            *gcm_columns(Proposal),
            *timestamps(),
        ],
        reads=[
            "author_display",
            "author__is_public",
            "author__display_name",
            "organization_id",
            *(f"is_{role}" for role in CorridorRole.values),
        ],
        snapshot=True,
    )
)

ENDORSEMENTS = register(
    Export(
        name="endorsements",
        title=_("Endorsements"),
        description=_(
            "Endorsements of public proposals: who endorsed (a person or an organization), "
            "the organization when one endorsed, and the day. People are never identified."
        ),
        queryset=lambda: Endorsement.objects.filter(
            proposal__is_hidden=False, proposal__merged_into__isnull=True
        ),
        columns=[
            id_column(),
            Column("proposal_id", INTEGER, required=True),
            Column(
                "endorser_kind",
                STRING,
                _("person or organization"),
                compute=lambda row: "organization" if row["organization_id"] else "person",
            ),
            Column("organization_id", INTEGER),
            Column(
                "endorsed_on",
                DATE,
                _("Day of the endorsement (UTC)."),
                compute=lambda row: row["created_at"].date(),
            ),
        ],
        reads=["created_at"],
        snapshot=True,
    )
)

CONSULTATIONS = register(
    Export(
        name="consultations",
        title=_("Consultations"),
        description=_("Dialogue consultations with institutions."),
        queryset=_consultations,
        columns=[
            id_column(),
            Column("title", STRING, required=True),
            Column("question", STRING),
            Column("background", STRING),
            Column("phase", STRING),
            Column("is_standing", BOOLEAN),
            Column("closes_on", DATE),
            Column("closed_at", DATETIME),
            Column("conclusion", STRING),
            Column(
                "contribution_count",
                INTEGER,
                _("Visible contributions."),
                path="visible_contributions",
            ),
            *gcm_columns(Consultation),
            *timestamps(),
        ],
    )
)

INITIATIVES = register(
    Export(
        name="initiatives",
        title=_("Initiatives"),
        description=_("Laws, policies, programmes and pledges of States."),
        queryset=lambda: Initiative.objects.all(),
        columns=[
            id_column(),
            Column("title", STRING, required=True),
            Column("summary", STRING),
            Column("language", STRING),
            Column("kind", STRING),
            Column("status", STRING),
            Column("lead_state", STRING, path="lead_state__code"),
            Column(
                "states",
                STRING,
                _("ISO 3166 codes of the States taking part, separated by semicolons."),
                per_chunk=_initiative_states,
            ),
            Column("start_date", DATE),
            Column("end_date", DATE),
            Column("responsible_institution", STRING),
            Column("budget_amount", NUMBER),
            Column("budget_currency", STRING),
            Column("cs_involvement", STRING),
            Column("update_count", INTEGER),
            Column("assessment_count", INTEGER),
            *gcm_columns(Initiative),
            *timestamps(),
        ],
    )
)

PRACTICES = register(
    Export(
        name="practices",
        title=_("Practices"),
        description=_("Published promising practices."),
        queryset=lambda: Practice.objects.published(),
        columns=[
            id_column(),
            Column("title", STRING, required=True),
            Column("region", STRING),
            Column("description", STRING),
            Column("results", STRING),
            Column("replication", STRING),
            Column("partners", STRING),
            Column("sources", STRING, _("Web addresses, one per line.")),
            Column("contact_organization_id", INTEGER),
            Column("published_at", DATETIME),
            *gcm_columns(Practice),
            *timestamps(),
        ],
    )
)


def _sessions() -> Any:
    return Session.objects.public().annotate(
        agenda_items=Count("agenda"),
        agenda_minutes=Coalesce(Sum("agenda__duration_minutes"), 0),
    )


SESSIONS = register(
    Export(
        name="sessions",
        title=_("Sessions"),
        description=_(
            "Published sessions of the reviews (hearings, roundtables, consultations); times "
            "in UTC, with the review's time zone."
        ),
        queryset=_sessions,
        columns=[
            id_column(),
            Column("review", STRING, _("Short name of the review."), path="review__slug"),
            Column("title", STRING, required=True),
            Column("description", STRING),
            Column("kind", STRING, required=True),
            Column("format", STRING, required=True),
            Column("venue", STRING),
            Column("stream_url", STRING),
            Column("time_zone", STRING, _("Time zone of the review."), path="review__time_zone"),
            Column("starts_at", DATETIME, _("Start (UTC)."), required=True),
            Column("ends_at", DATETIME, _("End (UTC)."), required=True),
            Column(
                "languages",
                STRING,
                _("Languages spoken, separated by semicolons."),
                compute=lambda row: row["languages"],
            ),
            Column(
                "interpretation",
                STRING,
                _("Interpretation into these languages, separated by semicolons."),
                compute=lambda row: row["interpretation"],
            ),
            Column("agenda_items", INTEGER, _("Number of agenda items.")),
            Column("agenda_minutes", INTEGER, _("Total duration of the agenda items.")),
            *gcm_columns(Session),
            *timestamps(),
        ],
        reads=["languages", "interpretation"],
    )
)

SESSION_ROLES = register(
    Export(
        name="session_roles",
        title=_("People in session roles"),
        description=_(
            "Chairs, panelists, rapporteurs, moderators and speakers of the published "
            "sessions, as the programme shows them: display name, organization, constituency."
        ),
        queryset=lambda: SessionRole.objects.filter(session__in=Session.objects.public()),
        columns=[
            id_column(),
            Column("session_id", INTEGER, required=True),
            Column("role", STRING, required=True),
            Column(
                "name",
                STRING,
                _("Display name shown on the programme (never an e-mail address)."),
                compute=lambda row: row["person__display_name"] or None,
            ),
            Column("organization_id", INTEGER),
            Column(
                "constituency",
                STRING,
                _("Stakeholder type of the organization."),
                path="organization__stakeholder_type",
            ),
            Column(
                "selected_by_committee",
                BOOLEAN,
                _("Selected by the Civil Society Committee."),
                compute=lambda row: row["source"] == RoleSource.COMMITTEE,
            ),
            Column("assigned_at", DATETIME),
        ],
        reads=["person__display_name", "source"],
    )
)

"""Session templates: the methodology of each kind of session, prefilled into a new session
(agenda items, roles to fill, speaking-time rules, questionnaire) for organizers to adjust."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import SessionFormat, SessionKind, SessionRoleKind


@dataclass(frozen=True)
class Methodology:
    key: str
    name: Promise
    description: Promise
    kind: str
    format: str
    agenda: tuple[tuple[Promise, int], ...]
    roles: dict[str, int]
    speaking_time_seconds: int
    requires_check_in: bool = False
    questionnaire: tuple[Promise, ...] = field(default_factory=tuple)
    uses_roundtable: bool = False


METHODOLOGIES: dict[str, Methodology] = {
    m.key: m
    for m in (
        Methodology(
            key="hearing",
            name=_("Multi-stakeholder hearing"),
            description=_(
                "Panelists from each constituency speak in turn, then the floor opens to "
                "statements and questions; States and UN respond; the rapporteur summarizes."
            ),
            kind=SessionKind.HEARING,
            format=SessionFormat.HYBRID,
            agenda=(
                (_("Opening by the chair"), 10),
                (_("Panel: civil society, migrants, States, UN"), 40),
                (_("Open floor: statements and questions"), 45),
                (_("Responses from States and UN entities"), 20),
                (_("Rapporteur's summary and closing"), 5),
            ),
            roles={
                SessionRoleKind.CHAIR: 1,
                SessionRoleKind.PANELIST: 4,
                SessionRoleKind.MODERATOR: 1,
                SessionRoleKind.RAPPORTEUR: 1,
            },
            speaking_time_seconds=180,
        ),
        Methodology(
            key="roundtable",
            name=_("Roundtable on an objective cluster"),
            description=_(
                "A dialogue on the objectives of one roundtable cluster: short framing, "
                "round of interventions, then a conversation on recommendations."
            ),
            kind=SessionKind.ROUNDTABLE,
            format=SessionFormat.HYBRID,
            agenda=(
                (_("Framing of the cluster's objectives"), 10),
                (_("Round of interventions"), 50),
                (_("Conversation on recommendations"), 40),
                (_("Rapporteur's summary"), 10),
            ),
            roles={
                SessionRoleKind.CHAIR: 1,
                SessionRoleKind.PANELIST: 3,
                SessionRoleKind.MODERATOR: 1,
                SessionRoleKind.RAPPORTEUR: 1,
            },
            speaking_time_seconds=120,
            uses_roundtable=True,
        ),
        Methodology(
            key="consultation",
            name=_("Virtual pre-consultation"),
            description=_(
                "An online consultation before the review: participants answer a short "
                "questionnaire when they register, then discuss the results."
            ),
            kind=SessionKind.CONSULTATION,
            format=SessionFormat.VIRTUAL,
            agenda=(
                (_("Welcome and results of the questionnaire"), 15),
                (_("Discussion in plenary"), 60),
                (_("Next steps"), 15),
            ),
            roles={SessionRoleKind.MODERATOR: 1, SessionRoleKind.RAPPORTEUR: 1},
            speaking_time_seconds=120,
            requires_check_in=True,
            questionnaire=(
                _("What is the most pressing issue for migrants in your country?"),
                _("Which GCM objective should the review prioritize, and why?"),
                _("What would you like to tell the States in this review?"),
            ),
        ),
    )
}


def choices() -> list[tuple[str, Promise]]:
    return [(m.key, m.name) for m in METHODOLOGIES.values()]

"""Evidence a report paragraph may cite: a registry where each kind of item plugs in.

A kind says how to find a *public* item by id (hidden, private, sealed or unpublished items
are refused: the finder returns None), its public title and address, and who to tell when it
is cited. Reports sit above hearings and monitoring (INSTALLED_APPS order), so their kinds are
registered here; an app above reports registers its own from its ``AppConfig.ready``::

    evidence.register(EvidenceKind(
        key="thing", label=_("Thing"), find=lambda pk: Thing.objects.public().filter(pk=pk).first(),
    ))

A kind whose items are not numbered (a monitoring aggregate cell is found by country) gives a
``parse`` that turns what the rapporteur typed into an id.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str | Promise
    # The public item with this id, or None (hidden, private, sealed, unpublished, missing).
    find: Callable[[int], Any]
    # Whom to notify when the item is cited (e.g. a proposal's author).
    notify: Callable[[Any], list[Any]] = field(default=lambda item: [])
    # The event published when cited (the item's own app may show it on its timeline).
    event: str = ""
    # Turns what the person typed into the item's id (None: not understood); numbers by default.
    parse: Callable[[Any], int | None] | None = None


_kinds: dict[str, EvidenceKind] = {}


def register(kind: EvidenceKind) -> None:
    _kinds[kind.key] = kind


def unregister(key: str) -> None:
    _kinds.pop(key, None)


def kinds() -> list[EvidenceKind]:
    return list(_kinds.values())


def get_kind(key: str) -> EvidenceKind | None:
    return _kinds.get(key)


def choices() -> list[tuple[str, str]]:
    return [(k.key, str(k.label)) for k in _kinds.values()]


def title_of(item: Any) -> str:
    for attr in ("title", "name"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value[:300]
    return str(item)[:300]


def url_of(item: Any) -> str:
    from minga.notifications.followable import strip_language

    getter = getattr(item, "get_absolute_url", None)
    return strip_language(str(getter())) if getter else ""


# Kinds available now ----------------------------------------------------------------------


def _proposal(pk: int) -> Any:
    from minga.proposals.models import Proposal

    return Proposal.objects.public().filter(pk=pk).first()


def _proposal_author(item: Any) -> list[Any]:
    return [item.author] if item.author_id else []


def _contribution(pk: int) -> Any:
    from minga.dialogue.models import Contribution

    return (
        Contribution.objects.filter(pk=pk, is_hidden=False).select_related("consultation").first()
    )


def _initiative(pk: int) -> Any:
    from minga.initiatives.models import Initiative

    return Initiative.objects.filter(pk=pk).first()


def _assessment(pk: int) -> Any:
    from minga.initiatives.models import Assessment

    return Assessment.objects.filter(pk=pk).select_related("initiative", "organization").first()


def _practice(pk: int) -> Any:
    from minga.practices.models import Practice

    return Practice.objects.published().filter(pk=pk).first()


@dataclass(frozen=True)
class SessionSummary:
    """The published summary of a public session, as cited evidence."""

    session: Any

    @property
    def title(self) -> str:
        return str(_("Summary of the session “%(title)s”") % {"title": self.session.title})

    def get_absolute_url(self) -> str:
        return f"{self.session.get_absolute_url()}#summary-title"


def _session_summary(pk: int) -> Any:
    from minga.hearings.models import Session

    session = (
        Session.objects.public()
        .filter(pk=pk, summary_published_at__isnull=False)
        .exclude(summary="")
        .first()
    )
    return SessionSummary(session) if session is not None else None


@dataclass(frozen=True)
class MonitoringCell:
    """A published cell of the monitoring aggregates (verified incidents in one country)."""

    country: Any
    count: int

    @property
    def title(self) -> str:
        return str(
            _("Monitoring: %(count)s verified incidents in %(country)s")
            % {"count": self.count, "country": self.country.name}
        )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("monitoring:aggregates")


def _monitoring_cell(pk: int) -> Any:
    """Only a cell the public aggregates show (k-suppressed cells are refused): never
    anything row-level."""
    from minga.gcm.models import Country
    from minga.monitoring import queries

    country = Country.objects.filter(pk=pk).first()
    if country is None:
        return None
    count = queries.counts_by_country().get(str(country.code))
    return MonitoringCell(country, count) if count is not None else None


def _country_id(value: Any) -> int | None:
    """A country's ISO code (e.g. MX) or its number."""
    from minga.core.ids import parse_id
    from minga.gcm.models import Country

    text = str(value or "").strip().upper()
    if len(text) == 2 and text.isalpha():
        return Country.objects.filter(code=text).values_list("pk", flat=True).first()
    return parse_id(text)


def register_builtin_kinds() -> None:
    register(
        EvidenceKind(
            key="proposal", label=_("Proposal"), find=_proposal, notify=_proposal_author,
            event="proposal.cited",
        )
    )  # fmt: skip
    register(EvidenceKind(key="contribution", label=_("Dialogue contribution"), find=_contribution))
    register(EvidenceKind(key="initiative", label=_("State initiative"), find=_initiative))
    register(EvidenceKind(key="assessment", label=_("Initiative assessment"), find=_assessment))
    register(EvidenceKind(key="practice", label=_("Practice"), find=_practice))
    register(EvidenceKind(key="session_summary", label=_("Session summary"), find=_session_summary))
    register(
        EvidenceKind(
            key="monitoring_aggregate", label=_("Monitoring aggregate"),
            find=_monitoring_cell, parse=_country_id,
        )
    )  # fmt: skip

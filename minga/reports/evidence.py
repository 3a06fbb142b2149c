"""Evidence a report paragraph may cite: a registry where each kind of item plugs in.

A kind says how to find a *public* item by id (hidden, private, sealed or unpublished items
are refused: the finder returns None), its public title and address, and who to tell when it
is cited. Kinds of apps that do not exist yet (session summaries, monitoring aggregates) plug
in later with a few lines, from their own ``AppConfig.ready`` or here::

    evidence.register(EvidenceKind(
        key="session_summary", label=_("Session summary"),
        find=lambda pk: SessionSummary.objects.published().filter(pk=pk).first(),
    ))
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

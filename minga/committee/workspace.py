"""The committee workspace: what awaits each member, from pluggable providers.

Any app may add a section (report chapters to approve, incidents to verify…) from its
``AppConfig.ready``::

    from minga.committee import workspace
    workspace.register("reports", chapters_awaiting_approval)

A provider takes ``(user, review)`` and returns a ``Section`` or ``None`` (nothing to show);
it must read with a bounded number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions, queries
from .models import CallStatus


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    action_url: str = ""
    action_label: str = ""


Provider = Callable[[Any, Any], Section | None]
_providers: list[tuple[str, Provider]] = []


def register(key: str, provider: Provider) -> None:
    if all(k != key for k, _p in _providers):
        _providers.append((key, provider))


def unregister(key: str) -> None:
    _providers[:] = [(k, p) for k, p in _providers if k != key]


def sections(user: Any, review: Any) -> list[Section]:
    result = []
    for _key, provider in list(_providers):
        section = provider(user, review)
        if section is not None:
            result.append(section)
    return result


# --- Built-in providers ------------------------------------------------------------------------


def _to_score(user: Any, review: Any) -> Section | None:
    if not permissions.is_member(user, review):
        return None
    items = [
        Item(
            title=n.nominee_name,
            url=reverse("committee:nominations", args=[n.call_id]) + f"#nomination-{n.pk}",
            detail=f"{n.call.get_role_display()} · {n.call.session} · {n.organization}",
        )
        for n in queries.nominations_to_score(user, review)
    ]
    return Section(
        "to_score",
        _("Nominations to score"),
        items,
        empty=str(gettext_lazy("No nomination is waiting for your vote.")),
    )


def _open_calls(user: Any, review: Any) -> Section | None:
    calls = queries.calls_with_status(review, CallStatus.OPEN, CallStatus.CLOSED)
    items = [
        Item(
            title=str(call),
            url=reverse("committee:nominations", args=[call.pk]),
            detail=_("%(status)s · %(count)d nominations")
            % {"status": call.get_status_display(), "count": call.nomination_count},  # type: ignore[attr-defined]
        )
        for call in calls
    ]
    section = Section("calls", _("Calls in progress"), items, empty=_("No call is in progress."))
    if permissions.can_open_call(user, review):
        section.action_url = reverse("committee:open_call")
        section.action_label = _("Open a call for nominations")
    return section


def _to_confirm(user: Any, review: Any) -> Section | None:
    if not (permissions.can_confirm_selection(user, review) or permissions.is_member(user, review)):
        return None
    items = [
        Item(title=str(call), url=reverse("committee:nominations", args=[call.pk]))
        for call in queries.calls_with_status(review, CallStatus.DECIDED)
    ]
    return Section(
        "to_confirm",
        _("Slates awaiting UN confirmation"),
        items,
        empty=_("No slate is awaiting confirmation."),
    )


def _accreditations(user: Any, review: Any) -> Section | None:
    items = [
        Item(title=a.organization.name, url=reverse("stakeholders:accreditations"))
        for a in queries.pending_accreditations(review)
    ]
    return Section(
        "accreditations",
        _("Accreditations to decide"),
        items,
        empty=_("No accreditation is waiting for a decision."),
    )


def register_builtins() -> None:
    register("to_score", _to_score)
    register("calls", _open_calls)
    register("to_confirm", _to_confirm)
    register("accreditations", _accreditations)

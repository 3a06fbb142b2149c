"""Links that an app higher up adds to the pages of an app below it.

Apps depend downward only, so a lower app (hearings, reviews) cannot import the apps that
build on it (committee…). It names a *place* and asks for the links of the objects it shows;
the upper app registers a provider for that place in its ``AppConfig.ready``::

    links.register("hearings.session", open_calls_for_sessions)

A provider takes the objects shown (for example every session of the programme) and returns
``{object pk: [Link, …]}``. It must cost a bounded number of SQL queries whatever the number
of objects (one query per provider is the norm) and return only what anyone may see.

Places in use: ``hearings.session`` (the programme's session cards and the session page),
``reviews.home`` (the home page's "What you can do now", asked with the current review) and
``reports.paragraph`` (a report paragraph's page).

A link meant for some people only (an action they may take) carries ``visible_to``, a predicate
on the user; the page keeps the links its viewer may see with ``for_user``.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    group: str  # translated heading, e.g. "Open calls for nominations"
    text: str  # translated link text
    url: str
    detail: str = ""  # translated, optional (a deadline, a count…)
    # Only people for whom this returns True see the link (None: everyone who sees the page).
    visible_to: Callable[[Any], bool] | None = field(default=None, compare=False, repr=False)


Provider = Callable[[Sequence[Any]], Mapping[int, list[Link]]]
_providers: dict[str, list[Provider]] = {}


def register(place: str, provider: Provider) -> None:
    providers = _providers.setdefault(place, [])
    if provider not in providers:
        providers.append(provider)


def unregister(place: str, provider: Provider) -> None:
    if provider in _providers.get(place, []):
        _providers[place].remove(provider)


def for_objects(place: str, objects: Sequence[Any]) -> dict[int, list[Link]]:
    """Every provider's links for these objects, by object pk (one call per provider)."""
    found: dict[int, list[Link]] = {}
    if not objects:
        return found
    for provider in _providers.get(place, []):
        for pk, items in provider(objects).items():
            found.setdefault(pk, []).extend(items)
    return found


def attach(place: str, objects: Sequence[Any], attribute: str = "extra_links") -> None:
    """Set ``obj.<attribute>`` to the object's links, for templates."""
    found = for_objects(place, objects)
    for obj in objects:
        setattr(obj, attribute, found.get(obj.pk, []))


def for_user(items: Sequence[Link], user: Any) -> list[Link]:
    """The links this person may see."""
    return [link for link in items if link.visible_to is None or link.visible_to(user)]

"""Domain events: how lower apps tell higher ones (notifications, search, reports) what happened
without importing them (apps depend downward only, ARCHITECTURE.md §3).

An action publishes inside its transaction::

    events.publish("proposal.answered", actor=user, target=proposal, recipients=[author])

Subscribers run after the transaction commits (never for a rolled-back change), in the order
they subscribed. Higher apps subscribe in their ``AppConfig.ready``::

    events.subscribe("proposal.*", on_proposal_event)

A subscriber that raises is logged and does not stop the others or the request: a failing
e-mail must never undo a citizen's contribution.

Event names are ``<kind>.<verb>``. Payload keys every publisher uses:

- ``actor``: the user who acted (may be None for system events)
- ``target``: the model instance the event is about (what people follow)
- ``recipients``: extra users to notify directly (e.g. a proposal's author), optional
- ``topics``: extra followable things the event concerns (objectives, countries), optional
- anything else the event needs (``status``, ``excerpt``, ...), as plain values

Two events concern the site search: ``search.index`` (``target``: an object with a
``search_document()`` method) and ``search.remove`` (``content_type_id``, ``object_id``).
"""

import fnmatch
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Subscriber = Callable[["Event"], None]
_subscribers: list[tuple[str, Subscriber]] = []


@dataclass(frozen=True)
class Event:
    name: str
    actor: Any = None
    target: Any = None
    recipients: tuple[Any, ...] = ()
    topics: tuple[Any, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


def subscribe(pattern: str, subscriber: Subscriber) -> None:
    """Call ``subscriber(event)`` for every event whose name matches the glob ``pattern``."""
    if (pattern, subscriber) not in _subscribers:
        _subscribers.append((pattern, subscriber))


def unsubscribe(pattern: str, subscriber: Subscriber) -> None:
    if (pattern, subscriber) in _subscribers:
        _subscribers.remove((pattern, subscriber))


def publish(
    name: str,
    *,
    actor: Any = None,
    target: Any = None,
    recipients: Any = (),
    topics: Any = (),
    **data: Any,
) -> Event:
    """Publish an event; subscribers run once the current transaction commits."""
    event = Event(
        name=name,
        actor=actor,
        target=target,
        recipients=tuple(recipients),
        topics=tuple(topics),
        data=data,
    )
    transaction.on_commit(lambda: dispatch(event))
    return event


def dispatch(event: Event) -> None:
    for pattern, subscriber in list(_subscribers):
        if fnmatch.fnmatchcase(event.name, pattern):
            try:
                subscriber(event)
            except Exception:
                logger.exception("Subscriber %r failed on event %s", subscriber, event.name)

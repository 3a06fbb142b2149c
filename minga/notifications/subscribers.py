"""Event subscribers: every issue-4 event becomes notifications (and e-mails)."""

from minga.core import events

from . import actions
from .messages import EVENTS


def on_event(event: events.Event) -> None:
    actions.do_create_notifications(event)


def register() -> None:
    for name in EVENTS:
        events.subscribe(name, on_event)

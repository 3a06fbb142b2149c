"""Stand-in targets and helpers for the notifications tests."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from minga.core import events
from minga.gcm.models import Country, Objective
from minga.notifications.models import EmailMode, NotificationSettings


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def objective(db) -> Objective:
    return Objective.objects.get(number=15)


@pytest.fixture
def mexico(db) -> Country:
    return Country.objects.get(code="MX")


@pytest.fixture
def publish(django_capture_on_commit_callbacks) -> Callable[..., events.Event]:
    """Publish an event and run its on-commit subscribers (as after a real commit)."""

    def _publish(name: str, **payload: Any) -> events.Event:
        with django_capture_on_commit_callbacks(execute=True):
            return events.publish(name, **payload)

    return _publish


@pytest.fixture
def set_mode() -> Callable[..., NotificationSettings]:
    def _set(user: Any, mode: str = EmailMode.IMMEDIATE, *, in_app: bool = True) -> Any:
        prefs, _created = NotificationSettings.objects.update_or_create(
            user=user, defaults={"email_mode": mode, "in_app": in_app}
        )
        return prefs

    return _set

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from minga.hearings import live
from minga.hearings.models import Registration, RegistrationStatus, Session, SessionStatus
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The asking/voting limits count in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pushed(monkeypatch):
    """Live-room notifications sent during the test (the test transaction never commits, so
    run on-commit callbacks at once and record what would be sent)."""
    sent: list[tuple[int, tuple[str, ...]]] = []
    monkeypatch.setattr(live, "transaction", SimpleNamespace(on_commit=lambda fn: fn()))
    monkeypatch.setattr(
        live, "publish", lambda session_id, topics: sent.append((session_id, tuple(topics)))
    )
    return sent


def make_session(review, **extra):
    start = extra.pop("starts_at", timezone.now() + datetime.timedelta(days=10))
    extra.setdefault("title", "Roundtable on safe and regular pathways")
    extra.setdefault("status", SessionStatus.PUBLISHED)
    return Session.objects.create(
        review=review, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **extra
    )


@pytest.fixture
def session(review):
    return make_session(review, languages=["es", "en"], interpretation=["en", "pt"])


def register(person, session, status=RegistrationStatus.CONFIRMED, **extra):
    return Registration.objects.create(session=session, person=person, status=status, **extra)


@pytest.fixture
def participant(db, session, organization):
    user = f.make_user("participant@example.org", display_name="Pat Participant")
    f.add_member(user, organization, role=MembershipRole.MEMBER)
    register(user, session)
    return user


@pytest.fixture
def second_participant(db, session):
    user = f.make_user("second@example.org", display_name="Sam Second")
    state_org = f.make_organization(
        "Ministerio de Relaciones Exteriores", iso2="MX", stakeholder_type="state"
    )
    f.add_member(user, state_org)
    register(user, session)
    return user


@pytest.fixture
def session_moderator(db, session):
    from minga.hearings.models import SessionRole

    user = f.make_user("moderator@example.org", display_name="Mona Moderator")
    SessionRole.objects.create(session=session, person=user, role="moderator")
    return user

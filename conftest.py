"""Named personas shared by every app's tests (ARCHITECTURE.md §3)."""

import pytest

from minga.accounts.models import Role
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English, whatever an earlier test activated (views activate the
    language of the URL; code outside a request would otherwise inherit it)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: rate-limit counters, cached pages and snapshots of
    an earlier test (whose user ids the database may reuse) must not leak into it."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table after themselves, the GCM reference data that
    the migrations loaded included: reload it for each transactional test."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    transactional = transactional or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        return
    from django.apps import apps

    from minga.gcm import reference
    from minga.gcm.models import Country

    request.getfixturevalue("transactional_db")
    if not Country.objects.exists():
        reference.load(apps)


@pytest.fixture
def review(db):
    return f.make_review("lac-2025", title="Regional review LAC")


@pytest.fixture
def migrant(db):
    user = f.make_user("migrant@example.org", display_name="Ana (pseudonym)")
    user.self_identification = ["migrant"]
    user.save()
    return user


@pytest.fixture
def organization(db):
    return f.make_organization("Red Migrante Andina", iso2="EC", is_migrant_led=True)


@pytest.fixture
def cso_rep(db, organization):
    user = f.make_user("cso@example.org", display_name="Carla CSO")
    f.add_member(user, organization, role=MembershipRole.REPRESENTATIVE)
    return user


@pytest.fixture
def committee_member(db, review):
    user = f.make_user("committee@example.org", display_name="Comité Member")
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    f.give_mfa(user)
    return user


@pytest.fixture
def un_delegate(db, review):
    user = f.make_user("delegate@example.org", display_name="UN Delegate")
    f.grant(user, Role.UN_DELEGATE, review=review)
    f.give_mfa(user)
    return user


@pytest.fixture
def state_focal_point(db):
    user = f.make_user("state@example.org", display_name="MX Focal Point")
    f.grant(user, Role.STATE_FOCAL_POINT, iso2="MX")
    f.give_mfa(user)
    return user


@pytest.fixture
def admin_user(db):
    user = f.make_user("admin@example.org", display_name="Admin", is_staff=True, is_superuser=True)
    f.give_mfa(user)
    return user


@pytest.fixture
def outsider(db):
    return f.make_user("outsider@example.org", display_name="Outsider")

import datetime
from types import SimpleNamespace

import pytest

from minga.accounts.models import Role
from minga.core import events
from minga.gcm.models import Country, Objective, Principle
from minga.initiatives import actions
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

SUMMARY = "Programa nacional de regularización migratoria con enfoque de derechos humanos."


@pytest.fixture
def captured(monkeypatch):
    """Events published during the test, dispatched at once (tests run inside a transaction
    that never commits)."""
    seen: list[events.Event] = []
    monkeypatch.setattr(events, "transaction", SimpleNamespace(on_commit=lambda fn: fn()))

    def grab(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("*", grab)
    yield seen
    events.unsubscribe("*", grab)


def initiative_kwargs(**extra):
    options = {
        "title": "Programa de regularización",
        "summary": SUMMARY,
        "kind": "programme",
        "lead_state": Country.objects.get(code="MX"),
        "start_date": datetime.date(2024, 1, 15),
        "status": "ongoing",
        "responsible_institution": "Instituto Nacional de Migración",
        "objectives": [Objective.objects.get(number=7)],
        "principles": [Principle.objects.order_by("position").first()],
        "cs_involvement": "consulted",
        "cs_evidence": "Tres consultas con redes de personas migrantes en 2024.",
    }
    options.update(extra)
    return options


def make_initiative(actor, **extra):
    return actions.do_create_initiative(actor, **initiative_kwargs(**extra))


@pytest.fixture
def initiative(state_focal_point):
    return make_initiative(state_focal_point)


@pytest.fixture
def accredited_org(review):
    org = f.make_organization("Red Regional Acreditada", iso2="MX", stakeholder_type="migrant_led")
    f.accredit(org, review)
    return org


@pytest.fixture
def accredited_rep(accredited_org):
    user = f.make_user("rep@example.org", display_name="Accredited Rep")
    f.add_member(user, accredited_org, role=MembershipRole.REPRESENTATIVE)
    return user


@pytest.fixture
def gt_focal_point(db):
    user = f.make_user("gt@example.org", display_name="GT Focal Point")
    f.grant(user, Role.STATE_FOCAL_POINT, iso2="GT")
    f.give_mfa(user)
    return user


@pytest.fixture
def mx_focal_no_mfa(db):
    user = f.make_user("mx-nomfa@example.org", display_name="MX without MFA")
    f.grant(user, Role.STATE_FOCAL_POINT, iso2="MX")
    return user


def ratings(**levels):
    """{principle_key: rating} → the action's ratings input, with evidence for rated ones."""
    return {
        key: actions.rating_input(level, "Evidencia documentada." if level else "")
        for key, level in levels.items()
    }


def first_principles(n=3):
    return list(Principle.objects.order_by("position").values_list("key", flat=True)[:n])


@pytest.fixture
def assessment(initiative, accredited_rep, accredited_org):
    keys = first_principles()
    return actions.do_submit_assessment(
        accredited_rep,
        initiative,
        organization=accredited_org,
        ratings=ratings(**{keys[0]: 4, keys[1]: 2, keys[2]: 0}),
        comment="Avances reales pero con poca participación.",
    )

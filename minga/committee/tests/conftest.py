import datetime

import pytest
from django.utils import timezone

from minga.accounts.models import Role
from minga.committee import actions
from minga.committee.models import CommitteeMember
from minga.hearings.models import Session, SessionStatus
from minga.testing import factories as f


def seat(user, organization, review, *, chair=False, region=""):
    """Test setup: an approved member of the organization, holding the committee role with
    MFA, seated on the review's committee."""
    if not user.memberships.filter(organization=organization).exists():
        f.add_member(user, organization)
    assignment = f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    f.give_mfa(user)
    return CommitteeMember.objects.create(
        review=review,
        person=user,
        organization=organization,
        is_chair=chair,
        focal_region=region,
        role_assignment=assignment,
    )


@pytest.fixture
def session(review):
    starts = timezone.now() + datetime.timedelta(days=30)
    return Session.objects.create(
        review=review,
        title="Mesa redonda: migración laboral",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        status=SessionStatus.PUBLISHED,
    )


@pytest.fixture
def accredited(review, organization):
    """The persona organization (migrant-led, Ecuador) accredited to the review."""
    f.accredit(organization, review)
    return organization


@pytest.fixture
def other_org(review):
    org = f.make_organization("Coalición del Caribe", iso2="DO", stakeholder_type="faith_based")
    f.accredit(org, review)
    return org


@pytest.fixture
def chair(review, other_org):
    user = f.make_user("chair@example.org", display_name="Chair Person", gender="woman")
    seat(user, other_org, review, chair=True, region="caribbean")
    return user


@pytest.fixture
def member(review, accredited):
    """A seated committee member who belongs to the persona organization (conflicted on its
    nominations)."""
    user = f.make_user("member@example.org", display_name="Seated Member")
    seat(user, accredited, review, region="south_america")
    return user


@pytest.fixture
def call(committee_member, session):
    return actions.do_open_call(
        committee_member,
        session,
        role="rapporteur",
        seats=2,
        deadline=timezone.now() + datetime.timedelta(days=7),
        eligibility="Personas con experiencia en relatoría de procesos regionales.",
        rules={"min_women_percent": 50, "min_migrant_led": 1},
    )


@pytest.fixture
def nominee(db):
    return f.make_user("nominee@example.org", display_name="Nominee Person", gender="woman")


def nominate(rep, call, organization, email, name="Persona Nominada", **extra):
    kwargs = {
        "organization": organization,
        "nominee_email": email,
        "nominee_name": name,
        "languages": ["es", "en"],
        "justification": "Coordinó la relatoría de tres consultas regionales con personas migrantes.",
    }
    kwargs.update(extra)
    return actions.do_nominate(rep, call, **kwargs)


@pytest.fixture
def nomination(cso_rep, call, accredited, nominee):
    return nominate(cso_rep, call, accredited, nominee.email, name="Nominee Person")

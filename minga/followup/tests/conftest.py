import datetime

import pytest
from django.utils import timezone

from minga.followup import actions
from minga.gcm.models import Objective
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """PDFs and other files written by the tests go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def iom(db):
    return f.make_organization(
        "International Organization for Migration", iso2="CH", stakeholder_type="un", acronym="IOM"
    )


@pytest.fixture
def iom_delegate(db, un_delegate, iom):
    f.add_member(un_delegate, iom, role=MembershipRole.MEMBER)
    return un_delegate


@pytest.fixture
def accredited_rep(db, review, cso_rep, organization):
    f.accredit(organization, review)
    return cso_rep


@pytest.fixture
def recommendation(db, review, committee_member, iom):
    return actions.do_create_recommendation(
        committee_member, review,
        text="Garantizar documentos de identidad a todas las personas migrantes.",
        due_on=timezone.localdate() + datetime.timedelta(days=60),
        countries=[f.country("MX")], institutions=[iom],
        objectives=[Objective.objects.get(number=4)],
    )  # fmt: skip

"""Committee pages read with a bounded number of SQL queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from minga.committee import actions
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import nominate

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def add_nominations(call, review, count, committee):
    for _ in range(count):
        org = f.make_organization(iso2="PE", is_migrant_led=True)
        f.accredit(org, review)
        rep = f.make_user()
        f.add_member(rep, org, role=MembershipRole.REPRESENTATIVE)
        nomination = nominate(rep, call, org, rep.email)
        for member in committee:
            actions.do_vote(member, nomination, choice="support", comment="Bien.")


def test_pages_cost_the_same_with_three_times_the_nominations(
    client, review, call, chair, committee_member
):
    with translation.override("en"):
        paths = [
            reverse("committee:workspace"),
            reverse("committee:calls"),
            reverse("committee:call", args=[call.pk]),
            reverse("committee:nominations", args=[call.pk]),
            reverse("committee:balance", args=[call.pk]) + "?nominations=1&nominations=2",
        ]
    client.force_login(chair)
    add_nominations(call, review, 2, [committee_member])
    small = [queries_for(client, p) for p in paths]
    add_nominations(call, review, 6, [committee_member])
    large = [queries_for(client, p) for p in paths]
    assert large == small
    assert max(small) <= 30, dict(zip(paths, small, strict=True))

import pytest
from django.urls import reverse

from minga.accounts.models import Role, RoleAssignment
from minga.committee.models import CommitteeMember
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def test_admin_seats_and_unseats_through_the_actions(client, admin_user, review, accredited):
    person = f.make_user("seat@example.org")
    f.add_member(person, accredited)
    client.force_login(admin_user)
    add = reverse("admin:committee_committeemember_add")
    data = {
        "review": review.pk,
        "person": person.pk,
        "organization": accredited.pk,
        "focal_region": "diaspora",
    }
    outsider = f.make_user("not-member@example.org")
    response = client.post(add, {**data, "person": outsider.pk})
    assert response.status_code == 200  # form error, not a 500
    assert "miembro aprobado" in response.content.decode()  # admin in the default language
    response = client.post(add, data)
    assert response.status_code == 302
    member = CommitteeMember.objects.get(person=person)
    assert RoleAssignment.objects.filter(user=person, role=Role.COMMITTEE_MEMBER).exists()
    delete = reverse("admin:committee_committeemember_delete", args=[member.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.filter(user=person, role=Role.COMMITTEE_MEMBER).exists()


def test_calls_nominations_and_votes_are_read_only_in_the_admin(client, admin_user, nomination):
    client.force_login(admin_user)
    assert client.get(reverse("admin:committee_nomination_changelist")).status_code == 200
    assert client.get(reverse("admin:committee_nomination_add")).status_code == 403

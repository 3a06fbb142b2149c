"""Deleting one's account: typed confirmation, POST only, handover first, no personal data kept."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied

from minga.accounts import actions
from minga.accounts.models import Role, RoleAssignment, User
from minga.core.models import AuditEntry
from minga.stakeholders.models import Membership, MembershipRole
from minga.testing import factories as f

URL = "/en/accounts/profile/delete/"


def test_get_shows_the_confirmation_and_deletes_nothing(client, migrant):
    client.force_login(migrant)
    response = client.get(URL, {"confirm": migrant.email})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirm"' in html
    assert 'method="post"' in html
    assert User.objects.filter(pk=migrant.pk).exists()


def test_wrong_confirmation_is_refused_next_to_the_field(client, migrant):
    client.force_login(migrant)
    response = client.post(URL, {"confirm": "someone@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_confirm_error"' in html
    assert "This is not the e-mail address of your account." in html
    assert 'value="someone@example.org"' in html
    assert User.objects.filter(pk=migrant.pk).exists()


def test_deletion_removes_the_person_logs_out_and_keeps_no_personal_data(client, review):
    person = f.make_user("leaving@example.org", display_name="Leaving Person")
    org = f.make_organization("Casa del Migrante")
    f.add_member(person, org)
    f.give_mfa(person)
    actions.do_update_profile(person, person, display_name="Leaving P.")
    client.force_login(person)

    response = client.post(URL, {"confirm": "  LEAVING@example.org "})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.filter(person_id=person.pk).exists()
    assert not EmailAddress.objects.filter(email="leaving@example.org").exists()
    assert not Authenticator.objects.filter(user_id=person.pk).exists()
    assert "_auth_user_id" not in client.session

    entry = AuditEntry.objects.get(action="accounts.delete_account")
    assert entry.actor is None
    assert entry.target_repr == ""
    assert entry.data == {}
    # Earlier entries about the person no longer carry their name.
    text = str(list(AuditEntry.objects.values_list("target_repr", "data")))
    assert "Leaving" not in text
    assert "leaving@example.org" not in text


def test_last_representative_must_hand_over_first(client, cso_rep, organization):
    client.force_login(cso_rep)
    page = client.get(URL).content.decode()
    assert "Hand over your organizations first." in page
    assert organization.name in page
    assert 'name="confirm"' not in page

    response = client.post(URL, {"confirm": cso_rep.email})
    assert response.status_code == 200
    assert User.objects.filter(pk=cso_rep.pk).exists()
    assert not AuditEntry.objects.filter(action="accounts.delete_account").exists()

    with pytest.raises(actions.HandoverRequired) as error:
        actions.do_delete_account(cso_rep, cso_rep)
    assert error.value.organizations == [organization]


def test_representative_with_a_colleague_representative_can_leave(client, cso_rep, organization):
    colleague = f.make_user()
    f.add_member(colleague, organization, role=MembershipRole.REPRESENTATIVE)
    client.force_login(cso_rep)
    response = client.post(URL, {"confirm": cso_rep.email})
    assert response.status_code == 302
    assert not User.objects.filter(pk=cso_rep.pk).exists()
    assert Membership.objects.filter(organization=organization).count() == 1


def test_pending_representative_request_does_not_block(db):
    person = f.make_user()
    f.add_member(
        person, f.make_organization(), role=MembershipRole.REPRESENTATIVE, status="pending"
    )
    actions.do_delete_account(person, person)
    assert not User.objects.filter(pk=person.pk).exists()


def test_roles_are_deleted_and_role_audit_entries_lose_the_name(admin_user, review):
    person = f.make_user(display_name="Named Moderator")
    actions.do_grant_role(admin_user, person, Role.MODERATOR, review=review)
    actions.do_delete_account(person, person)
    assert not RoleAssignment.objects.filter(user_id=person.pk).exists()
    grant = AuditEntry.objects.get(action="accounts.grant_role")
    assert grant.target_repr == ""
    assert grant.actor == admin_user


def test_only_the_person_can_delete_their_account(migrant, outsider, admin_user):
    for actor in (outsider, admin_user):
        with pytest.raises(PermissionDenied):
            actions.do_delete_account(actor, migrant)
    assert User.objects.filter(pk=migrant.pk).exists()


def test_deletion_requires_login(client, db):
    response = client.post(URL, {"confirm": "x@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")

"""Django admin for people and roles: role changes go through the actions."""

import pytest

from minga.accounts.models import Role, RoleAssignment, User
from minga.core.models import AuditEntry
from minga.testing import factories as f

ROLES = "/admin/accounts/roleassignment/"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def test_user_admin_lists_searches_and_filters(client, admin_user, migrant, outsider):
    client.force_login(admin_user)
    response = client.get("/admin/accounts/user/", {"q": "pseudonym"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "migrant@example.org" in html
    assert "outsider@example.org" not in html
    assert client.get("/admin/accounts/user/", {"is_staff__exact": "1"}).status_code == 200
    assert (
        client.get("/admin/accounts/user/", {"roles__role": "committee_member"}).status_code == 200
    )


def test_user_change_page_shows_roles_read_only_and_no_private_fields(
    client, admin_user, committee_member
):
    client.force_login(admin_user)
    response = client.get(f"/admin/accounts/user/{committee_member.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Civil Society Committee member" in html
    assert 'name="username"' not in html
    assert 'name="first_name"' not in html
    assert 'name="self_identification"' not in html
    assert 'name="gender"' not in html
    assert 'name="is_superuser"' not in html  # follows the admin role, read-only here
    assert 'name="roles-0-role"' not in html  # inline is read-only


def test_user_add_page_and_creation(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "added@example.org",
            "display_name": "Added",
            "preferred_language": "pt",
            "usable_password": "true",
            "password1": f.PASSWORD,
            "password2": f.PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="added@example.org")
    assert user.check_password(f.PASSWORD)
    assert AuditEntry.objects.filter(action="admin.add", target_id=str(user.pk)).exists()


def test_grant_role_in_admin_goes_through_the_action(client, admin_user, outsider, review):
    client.force_login(admin_user)
    assert client.get(ROLES + "add/").status_code == 200
    response = client.post(
        ROLES + "add/",
        {"user": outsider.pk, "role": Role.COMMITTEE_MEMBER, "review": review.pk, "country": ""},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=outsider)
    assert assignment.granted_by == admin_user
    entry = AuditEntry.objects.get(action="accounts.grant_role")
    assert entry.actor == admin_user
    assert entry.target_id == str(assignment.pk)


def test_admin_form_errors_instead_of_crashing(client, admin_user, outsider, review):
    client.force_login(admin_user)
    response = client.post(
        ROLES + "add/", {"user": outsider.pk, "role": Role.STATE_FOCAL_POINT, "review": ""}
    )
    assert response.status_code == 200
    assert "A State focal point speaks for a country" in response.content.decode()
    f.grant(outsider, Role.MODERATOR, review=review)
    response = client.post(
        ROLES + "add/", {"user": outsider.pk, "role": Role.MODERATOR, "review": review.pk}
    )
    assert response.status_code == 200
    assert "already holds this role" in response.content.decode()
    assert not AuditEntry.objects.filter(action="accounts.grant_role").exists()


def test_revoke_in_admin_goes_through_the_action(client, admin_user, committee_member):
    client.force_login(admin_user)
    assignment = committee_member.roles.get()
    response = client.post(f"{ROLES}{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.get(action="accounts.revoke_role").actor == admin_user


def test_bulk_revoke_goes_through_the_action(client, admin_user, un_delegate, state_focal_point):
    client.force_login(admin_user)
    ids = list(RoleAssignment.objects.values_list("pk", flat=True))
    response = client.post(
        ROLES, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.exists()
    assert AuditEntry.objects.filter(action="accounts.revoke_role").count() == 2


def test_role_assignments_cannot_be_edited_in_place(client, admin_user, committee_member):
    client.force_login(admin_user)
    assignment = committee_member.roles.get()
    response = client.post(
        f"{ROLES}{assignment.pk}/change/", {"user": committee_member.pk, "role": Role.ADMIN}
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.role == Role.COMMITTEE_MEMBER


def test_users_are_not_deleted_from_the_admin(client, admin_user, migrant):
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{migrant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=migrant.pk).exists()

"""Role and profile actions: who may call them, what they check, what they audit."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from minga.accounts import actions, permissions
from minga.accounts.models import Role, RoleAssignment
from minga.core.models import AuditEntry
from minga.testing import factories as f

DENIED = [
    "migrant",
    "cso_rep",
    "committee_member",
    "un_delegate",
    "state_focal_point",
    "outsider",
    "admin_without_mfa",
    "anonymous",
]


@pytest.fixture
def admin_without_mfa(db):
    return f.make_user("admin-nomfa@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def target(db):
    return f.make_user("target@example.org", display_name="Target")


def test_admin_with_mfa_grants_and_revokes_with_audit(admin_user, target, review):
    assignment = actions.do_grant_role(admin_user, target, Role.COMMITTEE_MEMBER, review=review)
    assert assignment.granted_by == admin_user
    entry = AuditEntry.objects.get(action="accounts.grant_role")
    assert entry.actor == admin_user
    assert entry.target_id == str(assignment.pk)
    assert entry.data == {
        "user_id": target.pk,
        "role": "committee_member",
        "review": review.slug,
        "country": None,
    }

    actions.do_revoke_role(admin_user, assignment)
    assert not RoleAssignment.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(action="accounts.revoke_role")
    assert entry.actor == admin_user
    assert entry.data["role"] == "committee_member"


def test_platform_admin_by_role_with_mfa_may_manage_roles(admin_user, target, review):
    delegate_admin = f.make_user()
    actions.do_grant_role(admin_user, delegate_admin, Role.ADMIN)
    f.give_mfa(delegate_admin)
    actions.do_grant_role(delegate_admin, target, Role.MODERATOR, review=review)
    assert RoleAssignment.objects.filter(user=target, role=Role.MODERATOR).exists()


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_else_is_denied(request, persona, target, review, admin_user):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.do_grant_role(actor, target, Role.MODERATOR, review=review)
    existing = actions.do_grant_role(admin_user, target, Role.MODERATOR, review=review)
    with pytest.raises(PermissionDenied):
        actions.do_revoke_role(actor, existing)
    assert RoleAssignment.objects.filter(pk=existing.pk).exists()
    assert AuditEntry.objects.filter(actor=admin_user).count() == 1


def test_state_focal_point_needs_a_country(admin_user, target):
    with pytest.raises(ValidationError) as error:
        actions.do_grant_role(admin_user, target, Role.STATE_FOCAL_POINT)
    assert "country" in error.value.message_dict
    assignment = actions.do_grant_role(
        admin_user, target, Role.STATE_FOCAL_POINT, country=f.country("MX")
    )
    assert assignment.country is not None
    assert assignment.country.iso2 == "MX"
    assert AuditEntry.objects.get(action="accounts.grant_role").data["country"] == "MX"


def test_committee_member_needs_a_review(admin_user, target, review):
    with pytest.raises(ValidationError) as error:
        actions.do_grant_role(admin_user, target, Role.COMMITTEE_MEMBER)
    assert "review" in error.value.message_dict
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert not AuditEntry.objects.filter(action="accounts.grant_role").exists()


def test_unknown_role_and_duplicates_are_refused(admin_user, target, review):
    with pytest.raises(ValidationError):
        actions.do_grant_role(admin_user, target, "emperor")
    actions.do_grant_role(admin_user, target, Role.MODERATOR, review=review)
    with pytest.raises(ValidationError):
        actions.do_grant_role(admin_user, target, Role.MODERATOR, review=review)
    assert RoleAssignment.objects.filter(user=target).count() == 1


def test_granted_privileged_role_requires_mfa_before_it_counts(admin_user, target, review):
    actions.do_grant_role(admin_user, target, Role.UN_DELEGATE, review=review)
    assert permissions.needs_mfa_setup(target)
    assert not permissions.has_role(target, Role.UN_DELEGATE, review=review)
    f.give_mfa(target)
    permissions.clear_cache(target)
    assert permissions.has_role(target, Role.UN_DELEGATE, review=review)


def test_admin_role_gives_and_takes_admin_site_access(admin_user, target):
    assignment = actions.do_grant_role(admin_user, target, Role.ADMIN)
    target.refresh_from_db()
    assert target.is_staff and target.is_superuser
    actions.do_revoke_role(admin_user, assignment)
    target.refresh_from_db()
    assert not target.is_staff and not target.is_superuser


def test_update_profile_only_by_the_person(migrant, outsider, admin_user):
    for actor in (outsider, admin_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            actions.do_update_profile(actor, migrant, display_name="Hacked")
    migrant.refresh_from_db()
    assert migrant.display_name == "Ana (pseudonym)"


def test_update_profile_refuses_other_fields(migrant):
    with pytest.raises(ValueError):
        actions.do_update_profile(migrant, migrant, is_superuser=True)
    migrant.refresh_from_db()
    assert not migrant.is_superuser


def test_update_profile_returns_changed_fields_and_audits(migrant):
    changed = actions.do_update_profile(
        migrant, migrant, display_name="Ana", countries=[f.country("PE")], gender=""
    )
    assert changed == ["display_name", "countries"]
    entry = AuditEntry.objects.get(action="accounts.update_profile")
    assert entry.data == {"fields": ["countries", "display_name"]}
    assert actions.do_update_profile(migrant, migrant, display_name="Ana") == []
    assert AuditEntry.objects.filter(action="accounts.update_profile").count() == 1

import pytest
from django.urls import reverse

from minga.accounts.models import Role
from minga.core.models import AuditEntry
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipStatus,
    Organization,
)
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admin_in_english(client):
    # The admin is outside the language-prefixed URLs: it follows the browser's language.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def deciding_admin(db, review):
    """A platform admin who also sits on the review's committee."""
    user = f.make_user("chair@example.org", display_name="Chair", is_staff=True, is_superuser=True)
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    f.give_mfa(user)
    return user


@pytest.mark.parametrize("model", ["organization", "membership", "accreditation"])
def test_changelists_search_and_filter(client, admin_user, organization, cso_rep, review, model):
    f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    client.force_login(admin_user)
    url = reverse(f"admin:stakeholders_{model}_changelist")
    assert client.get(url).status_code == 200
    response = client.get(url, {"q": "andina", "status__exact": "approved"}
                          if model == "membership" else {"q": "andina"})  # fmt: skip
    assert response.status_code == 200
    assert "Red Migrante Andina" in response.content.decode()


def test_accreditation_decision_from_admin_goes_through_the_action(
    client, deciding_admin, organization, review
):
    acc = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    client.force_login(deciding_admin)
    url = reverse("admin:stakeholders_accreditation_change", args=[acc.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "approved", "reason": ""})
    assert response.status_code == 302
    acc.refresh_from_db()
    assert acc.status == AccreditationStatus.APPROVED
    assert acc.decided_by == deciding_admin
    assert acc.decided_at is not None
    entry = AuditEntry.objects.get(action="stakeholders.decide_accreditation")
    assert entry.actor == deciding_admin


def test_admin_decline_needs_a_reason(client, deciding_admin, organization, review):
    acc = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    client.force_login(deciding_admin)
    url = reverse("admin:stakeholders_accreditation_change", args=[acc.pk])
    response = client.post(url, {"status": "declined", "reason": ""})
    assert response.status_code == 200
    assert "Give a reason for declining" in response.content.decode()
    assert Accreditation.objects.get(pk=acc.pk).status == AccreditationStatus.APPLIED


def test_admin_without_a_deciding_role_cannot_decide(client, admin_user, organization, review):
    acc = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    client.force_login(admin_user)
    url = reverse("admin:stakeholders_accreditation_change", args=[acc.pk])
    response = client.post(url, {"status": "approved", "reason": ""})
    assert response.status_code == 200
    assert "Only committee members of this review" in response.content.decode()
    assert Accreditation.objects.get(pk=acc.pk).status == AccreditationStatus.APPLIED
    assert not AuditEntry.objects.filter(action="stakeholders.decide_accreditation").exists()


def test_admin_action_accredits_through_the_action(client, deciding_admin, organization, review):
    acc = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    client.force_login(deciding_admin)
    response = client.post(
        reverse("admin:stakeholders_accreditation_changelist"),
        {"action": "approve", "_selected_action": [acc.pk]},
    )
    assert response.status_code == 302
    assert Accreditation.objects.get(pk=acc.pk).status == AccreditationStatus.APPROVED
    assert AuditEntry.objects.filter(action="stakeholders.decide_accreditation").count() == 1


def test_membership_admin_actions(client, admin_user, organization, migrant, outsider):
    first = f.add_member(migrant, organization, status=MembershipStatus.PENDING)
    second = f.add_member(outsider, organization, status=MembershipStatus.PENDING)
    client.force_login(admin_user)
    url = reverse("admin:stakeholders_membership_changelist")
    client.post(url, {"action": "approve", "_selected_action": [first.pk]})
    client.post(url, {"action": "decline", "_selected_action": [second.pk]})
    assert Membership.objects.get(pk=first.pk).status == MembershipStatus.APPROVED
    assert Membership.objects.get(pk=second.pk).status == MembershipStatus.DECLINED
    assert AuditEntry.objects.filter(action="stakeholders.decide_membership").count() == 2


def test_organization_admin_edit_goes_through_the_action(client, admin_user, organization, network):
    client.force_login(admin_user)
    url = reverse("admin:stakeholders_organization_change", args=[organization.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": organization.name,
        "acronym": "RMA",
        "stakeholder_type": "cso",
        "headquarters": organization.headquarters.pk,
        "is_migrant_led": "on",
        "description_language": "es",
        "ecosoc_status": "special",
        "networks": [network.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    organization.refresh_from_db()
    assert organization.acronym == "RMA"
    assert organization.ecosoc_status == "special"
    assert list(organization.networks.all()) == [network]
    entry = AuditEntry.objects.get(action="stakeholders.update")
    assert entry.data["fields"] == ["acronym", "ecosoc_status", "networks"]


def test_organization_admin_add_and_duplicate(client, admin_user, organization):
    client.force_login(admin_user)
    url = reverse("admin:stakeholders_organization_add")
    data = {
        "name": "red migrante andina",
        "stakeholder_type": "cso",
        "headquarters": f.country("AR").pk,
        "description_language": "es",
        "ecosoc_status": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is already registered" in response.content.decode()
    data["name"] = "Nueva desde el admin"
    response = client.post(url, data)
    assert response.status_code == 302
    org = Organization.objects.get(name="Nueva desde el admin")
    assert org.slug == "nueva-desde-el-admin"
    assert not Membership.objects.filter(organization=org).exists()
    assert AuditEntry.objects.filter(action="stakeholders.register").count() == 1

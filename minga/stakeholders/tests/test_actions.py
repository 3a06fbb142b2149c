import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from minga.core.models import AuditEntry
from minga.gcm.models import GCMLink, Objective
from minga.stakeholders import actions
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
)
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def audit_actions(target=None) -> list[str]:
    qs = AuditEntry.objects.all()
    if target is not None:
        qs = qs.filter(target_id=str(target.pk))
    return list(qs.order_by("id").values_list("action", flat=True))


def register(actor, name="Casa del Migrante Tijuana", **extra):
    extra.setdefault("stakeholder_type", "faith_based")
    extra.setdefault("headquarters", f.country("MX"))
    return actions.do_register_organization(actor, name=name, **extra)


# --- Registration ----------------------------------------------------------------------


def test_register_makes_the_creator_an_approved_representative(outsider):
    org = register(
        outsider,
        acronym="CMT",
        countries=[f.country("MX"), f.country("GT")],
        objectives=list(Objective.objects.filter(number__in=[7, 13])),
    )
    assert org.slug == "casa-del-migrante-tijuana"
    assert org.created_by == outsider
    membership = Membership.objects.get(organization=org)
    assert membership.person == outsider
    assert membership.role == MembershipRole.REPRESENTATIVE
    assert membership.status == MembershipStatus.APPROVED
    links = GCMLink.objects.filter(object_id=org.pk)
    assert {link.country.iso2 for link in links if link.country} == {"MX", "GT"}
    assert {link.objective.number for link in links if link.objective} == {7, 13}
    assert "stakeholders.register" in audit_actions(org)
    entry = AuditEntry.objects.get(action="stakeholders.register")
    assert entry.actor == outsider
    assert entry.data["headquarters"] == "MX"


def test_register_refuses_a_duplicate_name_whatever_the_case(outsider, organization):
    with pytest.raises(ValidationError) as excinfo:
        register(outsider, name="  red migrante ANDINA ")
    assert excinfo.value.code == "duplicate"
    assert Organization.objects.count() == 1


def test_register_needs_a_logged_in_person():
    with pytest.raises(PermissionDenied):
        register(AnonymousUser())


def test_register_avoids_reserved_and_taken_slugs(outsider, migrant):
    first = register(outsider, name="New")
    assert first.slug not in actions.RESERVED_SLUGS
    f.make_organization("Acción Solidaria")
    second = register(migrant, name="Accion Solidaria!")
    assert second.slug == "accion-solidaria-2"


def test_register_checks_the_logo_content(outsider, upload):
    with pytest.raises(ValidationError):
        register(outsider, logo=upload("logo.png", b"<html>not an image</html>"))
    assert not Organization.objects.exists()
    org = register(outsider, logo=upload("whatever.gif", fmt="WEBP"))
    assert org.logo.name.endswith(f"{org.slug}.webp")


def test_register_refuses_a_network_that_is_not_one(outsider, organization):
    with pytest.raises(ValidationError):
        register(outsider, networks=[organization])


def test_only_admins_register_without_becoming_representative(outsider, admin_user):
    with pytest.raises(PermissionDenied):
        register(outsider, become_representative=False)
    org = register(admin_user, become_representative=False)
    assert not Membership.objects.filter(organization=org).exists()


# --- Update ------------------------------------------------------------------------------


def test_representative_updates_the_organization(cso_rep, organization, network):
    actions.do_update_organization(
        cso_rep,
        organization,
        changes={"acronym": "RMA", "website": "https://rma.example.org"},
        networks=[network],
        countries=[f.country("EC"), f.country("PE")],
    )
    organization.refresh_from_db()
    assert organization.acronym == "RMA"
    assert list(organization.networks.all()) == [network]
    entry = AuditEntry.objects.filter(action="stakeholders.update").get()
    assert entry.data["fields"] == ["acronym", "networks", "website"]
    assert "gcm.set_links" in audit_actions(organization)


@pytest.mark.parametrize("persona", ["outsider", "member", "committee_member", "un_delegate"])
def test_others_cannot_update(request, persona, organization):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.do_update_organization(user, organization, changes={"acronym": "X"})


def test_admin_may_update(admin_user, organization):
    actions.do_update_organization(admin_user, organization, changes={"acronym": "ADM"})
    assert Organization.objects.get(pk=organization.pk).acronym == "ADM"


def test_update_refuses_a_name_taken_by_another(cso_rep, organization):
    f.make_organization("Sin Fronteras")
    with pytest.raises(ValidationError):
        actions.do_update_organization(cso_rep, organization, changes={"name": "SIN FRONTERAS"})


def test_update_refuses_unknown_fields(cso_rep, organization):
    with pytest.raises(ValueError):
        actions.do_update_organization(cso_rep, organization, changes={"slug": "x"})


def test_update_replaces_and_removes_the_logo(cso_rep, organization, upload):
    actions.do_update_organization(cso_rep, organization, changes={"logo": upload(fmt="PNG")})
    assert organization.logo.name.endswith(".png")
    actions.do_update_organization(cso_rep, organization, changes={"logo": False})
    organization.refresh_from_db()
    assert not organization.logo


# --- Memberships -------------------------------------------------------------------------


def test_request_membership_waits_for_approval(outsider, organization):
    membership = actions.do_request_membership(
        outsider, organization, role=MembershipRole.REPRESENTATIVE, message=" Hola "
    )
    assert membership.status == MembershipStatus.PENDING
    assert membership.role == MembershipRole.REPRESENTATIVE
    assert membership.message == "Hola"
    assert audit_actions(membership) == ["stakeholders.request_membership"]


def test_request_membership_twice_is_refused(member, outsider, organization):
    with pytest.raises(ValidationError):
        actions.do_request_membership(member, organization)
    actions.do_request_membership(outsider, organization)
    with pytest.raises(ValidationError):
        actions.do_request_membership(outsider, organization)


def test_request_membership_rejects_unknown_role(outsider, organization):
    with pytest.raises(ValidationError):
        actions.do_request_membership(outsider, organization, role="boss")


def test_representative_approves_a_request(cso_rep, outsider, organization):
    membership = actions.do_request_membership(outsider, organization)
    actions.do_decide_membership(cso_rep, membership, approve=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == cso_rep
    assert membership.decided_at is not None
    entry = AuditEntry.objects.get(action="stakeholders.decide_membership")
    assert entry.actor == cso_rep
    assert entry.data["decision"] == "approved"


def test_a_declined_person_may_ask_again(cso_rep, outsider, organization):
    membership = actions.do_request_membership(outsider, organization)
    actions.do_decide_membership(cso_rep, membership, approve=False)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.DECLINED
    again = actions.do_request_membership(outsider, organization)
    assert again.pk == membership.pk
    assert again.status == MembershipStatus.PENDING
    assert again.decided_by is None


@pytest.mark.parametrize("persona", ["outsider", "member", "committee_member", "un_delegate"])
def test_only_representatives_decide_requests(request, persona, organization, migrant):
    membership = actions.do_request_membership(migrant, organization)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.do_decide_membership(user, membership, approve=True)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.PENDING


def test_a_request_is_decided_once(cso_rep, outsider, organization):
    membership = actions.do_request_membership(outsider, organization)
    actions.do_decide_membership(cso_rep, membership, approve=True)
    with pytest.raises(ValidationError):
        actions.do_decide_membership(cso_rep, membership, approve=False)


def test_a_member_leaves(member, organization):
    actions.do_leave_organization(member, organization)
    assert not Membership.objects.filter(person=member).exists()
    entry = AuditEntry.objects.get(action="stakeholders.leave")
    assert entry.actor == member
    assert entry.data == {"role": "member", "status": "approved"}


def test_the_last_representative_cannot_leave(cso_rep, organization, migrant):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_leave_organization(cso_rep, organization)
    assert excinfo.value.code == "last_representative"
    f.add_member(migrant, organization, role=MembershipRole.REPRESENTATIVE)
    actions.do_leave_organization(cso_rep, organization)
    assert not Membership.objects.filter(person=cso_rep).exists()


def test_leaving_without_membership_is_refused(outsider, organization):
    with pytest.raises(ValidationError):
        actions.do_leave_organization(outsider, organization)


# --- Accreditation -----------------------------------------------------------------------


def test_representative_applies_for_accreditation(cso_rep, organization, review):
    accreditation = actions.do_apply_accreditation(
        cso_rep, organization, review, motivation="We work with migrants in transit."
    )
    assert accreditation.status == AccreditationStatus.APPLIED
    assert accreditation.applied_by == cso_rep
    assert audit_actions(accreditation) == ["stakeholders.apply_accreditation"]


def test_application_needs_a_motivation(cso_rep, organization, review):
    with pytest.raises(ValidationError):
        actions.do_apply_accreditation(cso_rep, organization, review, motivation="   ")


@pytest.mark.parametrize("persona", ["outsider", "member", "committee_member", "un_delegate"])
def test_only_representatives_apply(request, persona, organization, review):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.do_apply_accreditation(user, organization, review, motivation="Please")


def test_applying_twice_is_refused_but_a_declined_organization_may_reapply(
    cso_rep, organization, review, committee_member
):
    accreditation = actions.do_apply_accreditation(cso_rep, organization, review, motivation="A")
    with pytest.raises(ValidationError):
        actions.do_apply_accreditation(cso_rep, organization, review, motivation="B")
    actions.do_decide_accreditation(committee_member, accreditation, approve=False, reason="No")
    again = actions.do_apply_accreditation(cso_rep, organization, review, motivation="Better")
    assert again.pk == accreditation.pk
    assert again.status == AccreditationStatus.APPLIED
    assert again.reason == ""
    assert again.decided_by is None


def test_committee_member_approves(cso_rep, organization, review, committee_member):
    accreditation = actions.do_apply_accreditation(cso_rep, organization, review, motivation="A")
    actions.do_decide_accreditation(committee_member, accreditation, approve=True)
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.APPROVED
    assert accreditation.decided_by == committee_member
    assert accreditation.decided_at is not None
    assert list(Organization.objects.accredited_for(review)) == [organization]
    entry = AuditEntry.objects.get(action="stakeholders.decide_accreditation")
    assert entry.data["decision"] == "approved"
    assert entry.data["previous"] == "applied"


def test_decline_needs_a_reason(cso_rep, organization, review, un_delegate):
    accreditation = actions.do_apply_accreditation(cso_rep, organization, review, motivation="A")
    with pytest.raises(ValidationError):
        actions.do_decide_accreditation(un_delegate, accreditation, approve=False, reason=" ")
    assert not AuditEntry.objects.filter(action="stakeholders.decide_accreditation").exists()
    actions.do_decide_accreditation(
        un_delegate, accreditation, approve=False, reason="Not a migration organization."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.DECLINED
    assert accreditation.reason == "Not a migration organization."
    assert accreditation.decided_by == un_delegate


@pytest.mark.parametrize(
    "persona", ["outsider", "member", "cso_rep", "committee_without_mfa", "admin_user"]
)
def test_others_cannot_decide_accreditation(request, persona, organization, review):
    accreditation = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.do_decide_accreditation(user, accreditation, approve=True)
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.APPLIED


def test_committee_member_of_another_review_cannot_decide(organization, review):
    other = f.make_review("other-review")
    user = f.make_user(display_name="Other committee")
    f.grant(user, f.Role.COMMITTEE_MEMBER, review=other)
    f.give_mfa(user)
    accreditation = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    with pytest.raises(PermissionDenied):
        actions.do_decide_accreditation(user, accreditation, approve=True)

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.stakeholders.access import (
    access_accreditation,
    access_membership,
    access_organization,
)
from minga.stakeholders.models import AccreditationStatus, MembershipStatus
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "cso_rep",
    "committee_member",
    "committee_without_mfa",
    "un_delegate",
    "admin_user",
]


def persona(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_anyone_reads_an_organization(request, name, organization):
    assert access_organization(persona(request, name), organization.slug) == organization


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", False),
        ("cso_rep", True),
        ("committee_member", False),
        ("committee_without_mfa", False),
        ("un_delegate", False),
        ("admin_user", True),
    ],
)
def test_write_access_to_an_organization(request, name, allowed, organization):
    request.getfixturevalue("cso_rep")
    user = persona(request, name)
    if allowed:
        assert access_organization(user, organization.slug, for_write=True) == organization
    else:
        with pytest.raises(PermissionDenied):
            access_organization(user, organization.slug, for_write=True)


def test_pending_or_declined_representative_has_no_write_access(organization, outsider):
    membership = f.add_member(
        outsider, organization, role="representative", status=MembershipStatus.PENDING
    )
    with pytest.raises(PermissionDenied):
        access_organization(outsider, organization.slug, for_write=True)
    membership.status = MembershipStatus.DECLINED
    membership.save()
    with pytest.raises(PermissionDenied):
        access_organization(outsider, organization.slug, for_write=True)


def test_admin_without_mfa_has_no_write_access(organization):
    admin = f.make_user(is_staff=True, is_superuser=True)
    with pytest.raises(PermissionDenied):
        access_organization(admin, organization.slug, for_write=True)


def test_unknown_organization():
    with pytest.raises(Http404):
        access_organization(AnonymousUser(), "nope")


@pytest.mark.parametrize(
    ("name", "read", "write"),
    [
        ("anonymous", False, False),
        ("outsider", False, False),
        ("member", False, False),
        ("cso_rep", True, True),
        ("committee_member", False, False),
        ("un_delegate", False, False),
        ("admin_user", True, True),
    ],
)
def test_membership_access(request, name, read, write, organization, migrant):
    request.getfixturevalue("cso_rep")
    pending = f.add_member(migrant, organization, status=MembershipStatus.PENDING)
    user = persona(request, name)
    for for_write, allowed in ((False, read), (True, write)):
        if allowed:
            assert access_membership(user, pending.pk, for_write=for_write) == pending
        else:
            with pytest.raises(PermissionDenied):
                access_membership(user, pending.pk, for_write=for_write)


def test_a_person_reads_but_does_not_decide_their_own_request(organization, migrant):
    pending = f.add_member(migrant, organization, status=MembershipStatus.PENDING)
    assert access_membership(migrant, str(pending.pk)) == pending
    with pytest.raises(PermissionDenied):
        access_membership(migrant, pending.pk, for_write=True)


@pytest.mark.parametrize(
    ("name", "read", "write"),
    [
        ("anonymous", False, False),
        ("outsider", False, False),
        ("member", False, False),
        ("cso_rep", True, False),
        ("committee_member", True, True),
        ("committee_without_mfa", False, False),
        ("un_delegate", True, True),
        ("admin_user", True, False),
    ],
)
def test_accreditation_access(request, name, read, write, organization, review):
    request.getfixturevalue("cso_rep")
    acc = f.accredit(organization, review, status=AccreditationStatus.APPLIED)
    user = persona(request, name)
    for for_write, allowed in ((False, read), (True, write)):
        if allowed:
            assert access_accreditation(user, acc.pk, for_write=for_write) == acc
        else:
            with pytest.raises(PermissionDenied):
                access_accreditation(user, acc.pk, for_write=for_write)


@pytest.mark.parametrize("bad", ["abc", "", None, "-1", "0", "1.5", "9" * 40, 2**70])
def test_bad_ids_are_404(bad, admin_user):
    with pytest.raises(Http404):
        access_membership(admin_user, bad)
    with pytest.raises(Http404):
        access_accreditation(admin_user, bad)

import json

import pytest
from django.urls import reverse

from minga.gcm.actions import do_set_gcm_links
from minga.stakeholders.models import MembershipRole, MembershipStatus
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organization, network, cso_rep, migrant):
    """Public and private people in two organizations."""
    public = f.make_user(
        "public.person@example.org", display_name="Luz Pública", is_public=True, gender="woman"
    )
    public.self_identification = ["returnee"]
    public.save()
    f.add_member(public, organization)
    f.add_member(public, network, role=MembershipRole.REPRESENTATIVE)
    f.add_member(migrant, organization)  # private
    waiting = f.make_user("waiting@example.org", display_name="Espera Pública", is_public=True)
    f.add_member(waiting, organization, status=MembershipStatus.PENDING)
    gone = f.make_user("gone@example.org", display_name="Cuenta Inactiva", is_public=True)
    gone.is_active = False
    gone.save()
    f.add_member(gone, organization)
    return {"public": public, "private": [cso_rep, migrant], "waiting": waiting, "gone": gone}


def get_export(client) -> tuple[dict, str]:
    response = client.get(reverse("stakeholders:popolo"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    return json.loads(body), body


def test_organizations_in_popolo_shape(client, organization, network, admin_user):
    organization.acronym = "RMA"
    organization.website = "https://rma.example.org"
    organization.save()
    organization.networks.add(network)
    do_set_gcm_links(admin_user, organization, countries=[f.country("PE"), f.country("EC")])
    data, _ = get_export(client)
    assert set(data) == {"persons", "organizations", "memberships"}
    by_id = {o["id"]: o for o in data["organizations"]}
    assert by_id["red-migrante-andina"] == {
        "id": "red-migrante-andina",
        "name": "Red Migrante Andina",
        "other_names": [{"name": "RMA", "note": "acronym"}],
        "classification": "cso",
        "area_id": "EC",
        "countries": ["EC", "PE"],
        "parent_ids": [network.slug],
        "is_network": False,
        "migrant_led": True,
        "links": [{"url": "https://rma.example.org", "note": "website"}],
    }
    assert by_id[network.slug]["is_network"] is True


def test_only_public_people_with_only_their_display_name(client, people, organization, network):
    data, body = get_export(client)
    public = people["public"]
    assert data["persons"] == [{"id": f"person-{public.pk}", "name": "Luz Pública"}]
    assert sorted((m["organization_id"], m["role"]) for m in data["memberships"]) == sorted(
        [(organization.slug, "member"), (network.slug, "representative")]
    )
    assert all(m["person_id"] == f"person-{public.pk}" for m in data["memberships"])
    # Private people, pending requests, inactive accounts and private fields never appear.
    for private in people["private"]:
        assert private.display_name not in body
    assert "Espera Pública" not in body
    assert "Cuenta Inactiva" not in body
    assert "@" not in body.replace("https://", "")
    for secret in ("woman", "returnee", "email", "gender", "self_identification"):
        assert secret not in body


def test_export_is_bounded(client, people, django_assert_max_num_queries):
    for n in range(15):
        org = f.make_organization(f"Extra {n}")
        f.add_member(f.make_user(is_public=True), org)
    with django_assert_max_num_queries(6):
        get_export(client)

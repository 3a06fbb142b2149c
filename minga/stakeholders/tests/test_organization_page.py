import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Objective
from minga.stakeholders.models import AccreditationStatus, MembershipRole, MembershipStatus
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def page_url(org) -> str:
    return reverse("stakeholders:organization", args=[org.slug])


def test_public_entry_points_exist(client, organization):
    assert client.get("/es/organizations/").status_code == 200
    assert client.get(f"/es/organizations/{organization.slug}/").status_code == 200
    assert client.get("/es/organizations/no-such-organization/").status_code == 404


def test_page_shows_facts_links_and_description_language(client, organization, admin_user):
    organization.description = "Una **red** de personas migrantes."
    organization.description_language = "es"
    organization.website = "https://rma.example.org"
    organization.save()
    do_set_gcm_links(
        admin_user,
        organization,
        countries=[f.country("EC"), f.country("PE")],
        objectives=list(Objective.objects.filter(number__in=[13, 16])),
    )
    html = client.get(page_url(organization)).content.decode()
    assert "<h1>Red Migrante Andina" in html
    assert html.count("<h1") == 1
    assert '<div lang="es"><p>Una <strong>red</strong> de personas migrantes.</p></div>' in html
    assert 'href="/en/countries/ec/"' in html
    assert 'href="/en/countries/pe/"' in html
    assert 'href="/en/objectives/13/"' in html
    assert 'href="/en/objectives/16/"' in html
    assert 'href="https://rma.example.org" rel="nofollow noopener ugc"' in html


def test_description_is_sanitised(client, organization):
    organization.description = "<script>alert(1)</script><a href='javascript:x()'>x</a>"
    organization.save()
    html = client.get(page_url(organization)).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_only_people_who_chose_to_be_public_appear(client, organization, cso_rep, migrant):
    public = f.make_user("public@example.org", display_name="Pública Persona", is_public=True)
    f.add_member(public, organization)
    f.add_member(migrant, organization)  # migrant.is_public is False
    pending = f.make_user("pending@example.org", display_name="Pendiente Pública", is_public=True)
    f.add_member(pending, organization, status=MembershipStatus.PENDING)
    html = client.get(page_url(organization)).content.decode()
    assert "Pública Persona" in html
    assert "Ana (pseudonym)" not in html
    assert "Carla CSO" not in html
    assert "Pendiente Pública" not in html
    assert "@example.org" not in html


def test_networks_and_member_organizations(client, organization, network):
    organization.networks.add(network)
    html = client.get(page_url(organization)).content.decode()
    assert f'href="{page_url(network)}"' in html
    html = client.get(page_url(network)).content.decode()
    assert "Member organizations" in html
    assert f'href="{page_url(organization)}"' in html


def test_public_sees_only_accreditations_granted(client, organization, review):
    f.accredit(organization, review)
    html = client.get(page_url(organization)).content.decode()
    assert "Accredited to Regional review LAC" in html

    other = f.make_organization("Otra Org")
    acc = f.accredit(other, review, status=AccreditationStatus.DECLINED)
    acc.reason = "Secret reason text"
    acc.save()
    html = client.get(page_url(other)).content.decode()
    assert "Secret reason text" not in html
    assert "Not accredited to any review." in html


def test_representative_sees_the_decline_reason_and_management_links(
    client, organization, cso_rep, review
):
    acc = f.accredit(organization, review, status=AccreditationStatus.DECLINED)
    acc.reason = "Missing documents"
    acc.save()
    f.add_member(f.make_user(), organization, status=MembershipStatus.PENDING)
    client.force_login(cso_rep)
    html = client.get(page_url(organization)).content.decode()
    assert "Missing documents" in html
    assert reverse("stakeholders:edit", args=[organization.slug]) in html
    assert reverse("stakeholders:members", args=[organization.slug]) in html
    assert reverse("stakeholders:accreditation_apply", args=[organization.slug]) in html
    assert "1 request" in html


@pytest.mark.parametrize(
    ("setup", "expected", "absent"),
    [
        ("anonymous", "Log in to ask to join", "stakeholders:edit"),
        ("outsider", "stakeholders:join", "stakeholders:edit"),
        ("pending", "Request pending", "stakeholders:join"),
        ("member", "You are a member of this organization.", "stakeholders:edit"),
    ],
)
def test_actions_shown_to_the_viewer(client, organization, outsider, setup, expected, absent):
    if setup == "pending":
        f.add_member(outsider, organization, status=MembershipStatus.PENDING)
    if setup == "member":
        f.add_member(outsider, organization, role=MembershipRole.MEMBER)
    if setup != "anonymous":
        client.force_login(outsider)
    html = client.get(page_url(organization)).content.decode()
    if expected.startswith("stakeholders:"):
        expected = reverse(expected, args=[organization.slug])
    assert expected in html
    assert reverse(absent, args=[organization.slug]) not in html


def grow(organization, network, review, admin_user, n: int) -> None:
    for i in range(n):
        person = f.make_user(display_name=f"P{n}-{i}", is_public=True)
        f.add_member(person, organization)
        f.add_member(person, network)
        other = f.make_organization(f"Member org {n}-{i}")
        other.networks.add(network)
        net = f.make_organization(f"Net {n}-{i}", is_network=True)
        organization.networks.add(net)
        network.networks.add(net)
        f.accredit(net, f.make_review(f"r-{n}-{i}"))
    do_set_gcm_links(
        admin_user,
        organization,
        countries=[f.country(c) for c in ("EC", "PE", "BO", "CO", "CL")[: n % 5 + 1]],
        objectives=list(Objective.objects.all()[: n + 1]),
    )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("which", ["organization", "network"])
def test_query_count_does_not_grow(
    client, organization, network, review, admin_user, django_assert_max_num_queries, which
):
    target = organization if which == "organization" else network
    grow(organization, network, review, admin_user, 2)
    small = count(client, page_url(target))
    grow(organization, network, review, admin_user, 30)
    large = count(client, page_url(target))
    assert large == small
    with django_assert_max_num_queries(12):
        client.get(page_url(target))


def test_query_count_for_a_representative_is_bounded(
    client, organization, network, review, admin_user, cso_rep, django_assert_max_num_queries
):
    grow(organization, network, review, admin_user, 20)
    client.force_login(cso_rep)
    with django_assert_max_num_queries(20):
        assert client.get(page_url(organization)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/en/organizations/%00/",
        "/en/organizations/..%2f/",
        "/en/organizations/a%20b/",
        "/en/organizations/" + "x" * 300 + "/",
        "/en/organizations/no-such/edit/",
        "/en/organizations/no-such/join/",
        "/en/organizations/no-such/members/",
        "/en/organizations/no-such/accreditation/",
        "/en/organizations/no-such/leave/",
    ],
)
def test_bad_slugs_give_404(client, outsider, path):
    client.force_login(outsider)
    assert client.get(path).status_code == 404

"""Bad input gets a clear message beside the field, keeps what was typed, never a 500."""

from typing import Any

import pytest
from django.urls import reverse

from minga.stakeholders.models import Accreditation, Membership, MembershipStatus, Organization
from minga.testing import factories as f

from .conftest import image_bytes
from .test_permissions_matrix import org_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, outsider):
    client.force_login(outsider)
    return client


def post_create(client, **overrides):
    values: dict[str, Any] = {
        "name": "Casa Migrante Sur",
        "acronym": "CMS",
        "description": "Texto que escribí con cuidado.",
        "website": "https://cms.example.org",
    }
    values.update(overrides)
    data = org_form_data(None, **values)
    return client.post(reverse("stakeholders:create"), data)


def field_errors(response, name) -> list[str]:
    return response.context["form"].errors.get(name, [])


def test_valid_registration_with_a_logo(logged_in, upload):
    response = post_create(logged_in, logo=upload("logo.png", fmt="PNG"))
    org = Organization.objects.get(name="Casa Migrante Sur")
    assert response.status_code == 302
    assert response["Location"] == org.get_absolute_url()
    assert str(org.logo.name).endswith("casa-migrante-sur.png")
    page = logged_in.get(org.get_absolute_url()).content.decode()
    assert org.logo.url in page


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [
        ("logo.png", b"this is plain text, not an image", "image/png"),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/svg+xml"),
        ("logo.exe", b"MZ\x90\x00\x03", "application/octet-stream"),
        ("logo.bmp", image_bytes("BMP"), "image/bmp"),
        ("logo.tiff", image_bytes("TIFF"), "image/tiff"),
        ("logo.png", image_bytes("PNG")[:40], "image/png"),  # truncated
    ],
)
def test_a_logo_that_is_not_an_accepted_image(logged_in, upload, filename, content, content_type):
    response = post_create(logged_in, logo=upload(filename, content, content_type=content_type))
    assert response.status_code == 200
    assert field_errors(response, "logo") == [
        "This file is not a PNG, JPEG, WebP or GIF image. Choose an image file."
    ]
    assert not Organization.objects.filter(name="Casa Migrante Sur").exists()
    html = response.content.decode()
    # Everything typed is kept…
    assert 'value="Casa Migrante Sur"' in html
    assert 'value="CMS"' in html
    assert "Texto que escribí con cuidado." in html
    assert 'value="https://cms.example.org"' in html
    # …and the file input cannot be: the page says so.
    assert "choose the logo again" in html


def test_a_logo_too_large(logged_in, upload, settings):
    settings.MINGA_LOGO_MAX_BYTES = 100
    response = post_create(logged_in, logo=upload("big.png", fmt="PNG", content=b"x" * 101))
    assert response.status_code == 200
    (error,) = field_errors(response, "logo")
    assert error.startswith("The logo is too large (101")
    assert "The limit is 100" in error


def test_an_image_in_disguise_is_stored_with_its_real_extension(logged_in, upload):
    post_create(logged_in, logo=upload("logo.html", fmt="JPEG", content_type="text/html"))
    org = Organization.objects.get(name="Casa Migrante Sur")
    assert str(org.logo.name).endswith(".jpg")


def test_duplicate_name_suggests_joining(logged_in, organization):
    response = post_create(logged_in, name="RED MIGRANTE andina")
    assert response.status_code == 200
    (error,) = field_errors(response, "name")
    assert "“Red Migrante Andina” is already registered" in error
    assert "Ask to join it" in error
    html = response.content.decode()
    assert reverse("stakeholders:join", args=[organization.slug]) in html
    assert organization.get_absolute_url() in html
    assert Organization.objects.count() == 1
    assert 'value="CMS"' in html


@pytest.mark.parametrize("code", ["ZZ", "XX", "ecuador", "", "<b>"])
def test_unknown_country_code(logged_in, code):
    response = post_create(logged_in, headquarters=code)
    assert response.status_code == 200
    (error,) = field_errors(response, "headquarters")
    if code:
        assert error == f"“{code}” is not a country we know. Choose the country from the list."
    else:
        assert error == "Choose the country where the organization has its headquarters."
    assert 'value="Casa Migrante Sur"' in response.content.decode()


def test_unknown_country_of_work_and_objective(logged_in):
    response = post_create(logged_in, gcm_countries=["999999"], gcm_objectives=["abc"])
    assert response.status_code == 200
    assert field_errors(response, "gcm_countries")
    assert field_errors(response, "gcm_objectives")


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [("es", "Perú", "Portugal"), ("fr", "Équateur", "Espagne"), ("en", "Ecuador", "Egypt")],
)
def test_headquarters_choices_are_sorted_by_translated_name(logged_in, lang, before, after):
    response = logged_in.get(f"/{lang}/organizations/new/")
    field = response.context["form"].fields["headquarters"]
    labels = [label for code, label in field.choices][1:]
    assert labels.index(before) < labels.index(after)
    assert len(labels) > 240


def test_invalid_network_choice(logged_in, organization):
    response = post_create(logged_in, networks=[str(organization.pk)])  # not a network
    assert response.status_code == 200
    assert field_errors(response, "networks")


def test_edit_keeps_the_saved_page_intact_on_error(client, cso_rep, organization):
    f.make_organization("Sin Fronteras")
    client.force_login(cso_rep)
    url = reverse("stakeholders:edit", args=[organization.slug])
    response = client.post(url, org_form_data(organization, name="Sin Fronteras", acronym="ZZZ"))
    assert response.status_code == 200
    assert field_errors(response, "name")
    organization.refresh_from_db()
    assert organization.name == "Red Migrante Andina"
    assert organization.acronym == ""
    # The breadcrumb still shows the saved name, the form shows the typed one.
    html = response.content.decode()
    assert 'value="Sin Fronteras"' in html
    assert "Edit Red Migrante Andina" in html


@pytest.mark.parametrize("value", ["abc", "", "-5", "99999999999999999999999", "1.5"])
def test_members_decision_with_bad_ids(client, cso_rep, organization, value):
    client.force_login(cso_rep)
    url = reverse("stakeholders:members", args=[organization.slug])
    response = client.post(url, {"membership": value, "decision": "approve"})
    assert response.status_code in (302, 404)


def test_members_decision_for_an_unknown_or_foreign_membership(client, cso_rep, organization):
    client.force_login(cso_rep)
    url = reverse("stakeholders:members", args=[organization.slug])
    assert client.post(url, {"membership": 987654, "decision": "approve"}).status_code == 404
    other = f.make_organization("Other")
    foreign = f.add_member(f.make_user(), other, status=MembershipStatus.PENDING)
    response = client.post(url, {"membership": foreign.pk, "decision": "approve"})
    assert response.status_code == 403
    assert Membership.objects.get(pk=foreign.pk).status == MembershipStatus.PENDING


def test_members_decision_with_a_bad_decision(client, cso_rep, organization):
    pending = f.add_member(f.make_user(), organization, status=MembershipStatus.PENDING)
    client.force_login(cso_rep)
    url = reverse("stakeholders:members", args=[organization.slug])
    response = client.post(url, {"membership": pending.pk, "decision": "maybe"}, follow=True)
    assert response.status_code == 200
    assert "The decision could not be read." in response.content.decode()
    assert Membership.objects.get(pk=pending.pk).status == MembershipStatus.PENDING


def test_deciding_twice_shows_a_message(client, cso_rep, organization):
    pending = f.add_member(f.make_user(), organization, status=MembershipStatus.PENDING)
    client.force_login(cso_rep)
    url = reverse("stakeholders:members", args=[organization.slug])
    client.post(url, {"membership": pending.pk, "decision": "approve"})
    response = client.post(url, {"membership": pending.pk, "decision": "decline"}, follow=True)
    assert "This request has already been decided." in response.content.decode()
    assert Membership.objects.get(pk=pending.pk).status == MembershipStatus.APPROVED


@pytest.mark.parametrize("value", ["abc", "", "0", "-3", "1e3"])
def test_accreditation_decision_with_bad_ids(client, committee_member, review, value):
    client.force_login(committee_member)
    response = client.post(
        reverse("stakeholders:accreditations"), {"accreditation": value, "decision": "approve"}
    )
    assert response.status_code == 200
    assert "The decision could not be recorded." in response.content.decode()


def test_accreditation_decision_with_a_huge_id(client, committee_member, review):
    client.force_login(committee_member)
    response = client.post(
        reverse("stakeholders:accreditations"),
        {"accreditation": "9" * 30, "decision": "approve"},
    )
    assert response.status_code == 404


def test_accreditation_decision_for_an_unknown_id(client, committee_member, review):
    client.force_login(committee_member)
    response = client.post(
        reverse("stakeholders:accreditations"), {"accreditation": 424242, "decision": "approve"}
    )
    assert response.status_code == 404


def test_decline_without_reason_keeps_the_form(client, committee_member, organization, review):
    acc = Accreditation.objects.create(organization=organization, review=review, motivation="M")
    client.force_login(committee_member)
    response = client.post(
        reverse("stakeholders:accreditations"),
        {"accreditation": acc.pk, "decision": "decline", "reason": "  "},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a reason for declining; the organization will read it." in html
    assert f'id="acc{acc.pk}_reason"' in html
    acc.refresh_from_db()
    assert acc.status == "applied"


def test_decline_with_reason(client, committee_member, organization, review):
    acc = Accreditation.objects.create(organization=organization, review=review, motivation="M")
    client.force_login(committee_member)
    response = client.post(
        reverse("stakeholders:accreditations"),
        {"accreditation": acc.pk, "decision": "decline", "reason": "Outside the region."},
        follow=True,
    )
    assert response.status_code == 200
    acc.refresh_from_db()
    assert acc.status == "declined"
    assert acc.reason == "Outside the region."
    assert acc.decided_by == committee_member
    assert "Outside the region." in response.content.decode()  # in "latest decisions"


def test_apply_without_motivation(client, cso_rep, organization, review):
    client.force_login(cso_rep)
    url = reverse("stakeholders:accreditation_apply", args=[organization.slug])
    response = client.post(url, {"motivation": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["motivation"]
    assert not Accreditation.objects.exists()


def test_apply_twice_shows_the_status_instead_of_the_form(client, cso_rep, organization, review):
    client.force_login(cso_rep)
    url = reverse("stakeholders:accreditation_apply", args=[organization.slug])
    assert client.post(url, {"motivation": "First"}).status_code == 302
    response = client.post(url, {"motivation": "Second"})
    assert response.status_code == 200
    assert Accreditation.objects.get().motivation == "First"
    assert "Send the application" not in response.content.decode()


def test_join_keeps_the_message_on_error(client, outsider, organization):
    client.force_login(outsider)
    url = reverse("stakeholders:join", args=[organization.slug])
    response = client.post(url, {"role": "boss", "message": "Soy voluntaria."})
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert "Soy voluntaria." in response.content.decode()
    assert not Membership.objects.filter(person=outsider).exists()


def test_last_representative_leaving_gets_a_message(client, cso_rep, organization):
    client.force_login(cso_rep)
    url = reverse("stakeholders:leave", args=[organization.slug])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "You are the only representative." in response.content.decode()
    assert Membership.objects.filter(person=cso_rep).exists()


def test_wrong_methods(client, outsider, organization):
    client.force_login(outsider)
    assert client.put(reverse("stakeholders:directory")).status_code == 405
    assert client.post(reverse("stakeholders:popolo")).status_code == 405
    assert client.delete(reverse("stakeholders:join", args=[organization.slug])).status_code == 405

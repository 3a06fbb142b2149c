"""The committee seats page: role × endpoint, the chair's limits, bad input (never a 500)."""

import pytest

from minga.accounts.models import Role, RoleAssignment
from minga.committee.models import CommitteeMember
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/en/committee/members/"


@pytest.fixture
def newcomer(accredited):
    person = f.make_user("newcomer@example.org", display_name="New Comer")
    f.add_member(person, accredited)
    return person


def test_role_by_endpoint(
    client, admin_user, chair, member, committee_member, un_delegate, cso_rep, outsider
):
    seat = CommitteeMember.objects.get(person=member)
    allowed = {admin_user, chair}
    for user in (admin_user, chair, member, committee_member, un_delegate, cso_rep, outsider):
        client.force_login(user)
        response = client.get(PAGE)
        assert response.status_code == (200 if user in allowed else 403), user
        update = client.post(
            f"/en/committee/members/{seat.pk}/update/", {f"seat{seat.pk}-focal_region": "mca"}
        )
        remove_missing = client.post("/en/committee/members/999999/remove/")
        assert remove_missing.status_code == 404
        if user in allowed:
            assert update.status_code == 302
        else:
            assert update.status_code == 403
        client.logout()
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.post(f"/en/committee/members/{seat.pk}/remove/").status_code == 302
    assert CommitteeMember.objects.filter(pk=seat.pk).exists()


def test_workspace_links_the_page_for_the_chair_only(client, chair, member):
    client.force_login(chair)
    assert 'href="/en/committee/members/"' in client.get("/en/committee/").content.decode()
    client.force_login(member)
    assert 'href="/en/committee/members/"' not in client.get("/en/committee/").content.decode()


def test_chair_adds_updates_and_removes_an_ordinary_member(client, chair, accredited, newcomer):
    client.force_login(chair)
    page = client.get(PAGE).content.decode()
    assert 'name="is_chair"' not in page  # the chair cannot appoint a chair
    assert "Red Migrante Andina" in page
    response = client.post(
        PAGE,
        {"email": "NEWCOMER@example.org", "organization": accredited.pk, "focal_region": "mca"},
    )
    assert response.status_code == 302
    seat = CommitteeMember.objects.get(person=newcomer)
    assert seat.focal_region == "mca" and not seat.is_chair
    # A forged chair flag is ignored for the chair: the seat's chair status stays.
    client.post(
        f"/en/committee/members/{seat.pk}/update/",
        {f"seat{seat.pk}-focal_region": "caribbean", f"seat{seat.pk}-is_chair": "on"},
    )
    seat.refresh_from_db()
    assert seat.focal_region == "caribbean" and not seat.is_chair
    client.post(f"/en/committee/members/{seat.pk}/remove/")
    assert not CommitteeMember.objects.filter(pk=seat.pk).exists()
    assert not RoleAssignment.objects.filter(user=newcomer, role=Role.COMMITTEE_MEMBER).exists()


def test_chair_cannot_unseat_the_chair(client, chair):
    client.force_login(chair)
    own = CommitteeMember.objects.get(person=chair)
    response = client.post(f"/en/committee/members/{own.pk}/remove/", follow=True)
    assert response.status_code == 200
    assert "Only a platform administrator appoints or changes the chair." in (
        response.content.decode()
    )
    assert CommitteeMember.objects.filter(pk=own.pk).exists()


def test_admin_appoints_and_changes_the_chair(client, admin_user, chair, accredited, newcomer):
    client.force_login(admin_user)
    assert 'name="is_chair"' in client.get(PAGE).content.decode()
    own = CommitteeMember.objects.get(person=chair)
    client.post(
        f"/en/committee/members/{own.pk}/update/", {f"seat{own.pk}-focal_region": "caribbean"}
    )
    own.refresh_from_db()
    assert not own.is_chair
    response = client.post(
        PAGE,
        {"email": "newcomer@example.org", "organization": accredited.pk, "is_chair": "on"},
    )
    assert response.status_code == 302
    assert CommitteeMember.objects.get(person=newcomer).is_chair


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "nobody@example.org"}, "No one on Minga has this e-mail address."),
        ({"email": "not an email"}, "Enter a valid email address."),
        ({"email": "outsider@example.org"}, "The person must be an approved member"),
        ({"email": "newcomer@example.org", "focal_region": "mars"}, "Select a valid choice"),
        ({"email": "member@example.org"}, "already sits on the committee"),
    ],
)
def test_bad_input_is_a_clear_message(
    client, chair, member, accredited, newcomer, outsider, data, message
):
    client.force_login(chair)
    response = client.post(PAGE, {"organization": accredited.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="' + data["email"] + '"' in response.content.decode()


def test_bad_ids_and_methods_are_not_500s(client, chair):
    client.force_login(chair)
    assert client.post("/en/committee/members/abc/remove/").status_code == 404
    assert client.get("/en/committee/members/1/remove/").status_code == 405
    assert client.post(PAGE, {"organization": "x"}).status_code == 400
    assert client.post("/en/committee/members/1/update/", {}).status_code in (302, 404)

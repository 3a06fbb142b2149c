"""Every write endpoint × every persona: who may act, and what the others get."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from minga.stakeholders import actions
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipStatus,
    Organization,
)
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


def org_form_data(organization: Organization | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": organization.name if organization else "Nueva Organización",
        "acronym": organization.acronym if organization else "",
        "stakeholder_type": organization.stakeholder_type if organization else "cso",
        "headquarters": organization.headquarters.iso2 if organization else "PE",
        "description": "",
        "description_language": "es",
        "website": "",
        "ecosoc_status": "",
    }
    if organization and organization.is_migrant_led:
        data["is_migrant_led"] = "on"
    data.update(overrides)
    return data


@dataclass
class Endpoint:
    """A write endpoint: how to build the request and how to see that it took effect."""

    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    done: Callable[[Any], bool]
    expected: dict[str, str]  # persona → "ok" | "refused" | "login" | "mfa" | "403" | "404"


class Ctx:
    def __init__(self, organization: Organization, review: Any, user: Any) -> None:
        self.organization = organization
        self.review = review
        self.user = user
        self.was_member = (
            user is not None
            and Membership.objects.filter(person=user, organization=organization).exists()
        )
        self.pending = actions.do_request_membership(
            f.make_user(display_name="Wants In"), organization
        )
        self.application = Accreditation.objects.create(
            organization=f.make_organization("Applicant Org", iso2="BR"), review=review
        )


def everyone_but(ok: list[str], others: str = "403", **special: str) -> dict[str, str]:
    expected = {p: ("ok" if p in ok else others) for p in PERSONAS}
    expected["anonymous"] = "login"
    expected.update(special)
    return expected


ENDPOINTS = {
    "create": Endpoint(
        url=lambda c: reverse("stakeholders:create"),
        data=lambda c: org_form_data(),
        done=lambda c: Organization.objects.filter(name="Nueva Organización").exists(),
        expected=everyone_but(
            ["outsider", "member", "cso_rep", "committee_member", "un_delegate", "admin_user"],
            committee_without_mfa="mfa",
        ),
    ),
    "edit": Endpoint(
        url=lambda c: reverse("stakeholders:edit", args=[c.organization.slug]),
        data=lambda c: org_form_data(c.organization, acronym="NEW"),
        done=lambda c: Organization.objects.get(pk=c.organization.pk).acronym == "NEW",
        expected=everyone_but(["cso_rep", "admin_user"], committee_without_mfa="mfa"),
    ),
    "join": Endpoint(
        url=lambda c: reverse("stakeholders:join", args=[c.organization.slug]),
        data=lambda c: {"role": "member", "message": "Hola"},
        done=lambda c: Membership.objects.filter(
            person=c.user, organization=c.organization, status=MembershipStatus.PENDING
        ).exists(),
        expected=everyone_but(
            ["outsider", "committee_member", "un_delegate", "admin_user"],
            member="refused",
            cso_rep="refused",
            committee_without_mfa="mfa",
        ),
    ),
    "members": Endpoint(
        url=lambda c: reverse("stakeholders:members", args=[c.organization.slug]),
        data=lambda c: {"membership": c.pending.pk, "decision": "approve"},
        done=lambda c: Membership.objects.get(pk=c.pending.pk).status == MembershipStatus.APPROVED,
        expected=everyone_but(["cso_rep", "admin_user"], committee_without_mfa="mfa"),
    ),
    "leave": Endpoint(
        url=lambda c: reverse("stakeholders:leave", args=[c.organization.slug]),
        data=lambda c: {},
        done=lambda c: (
            c.was_member
            and not Membership.objects.filter(person=c.user, organization=c.organization).exists()
        ),
        expected=everyone_but(
            ["member"], others="404", cso_rep="refused", committee_without_mfa="mfa"
        ),
    ),
    "accreditation_apply": Endpoint(
        url=lambda c: reverse("stakeholders:accreditation_apply", args=[c.organization.slug]),
        data=lambda c: {"motivation": "We accompany migrants in transit."},
        done=lambda c: Accreditation.objects.filter(
            organization=c.organization, review=c.review
        ).exists(),
        expected=everyone_but(["cso_rep", "admin_user"], committee_without_mfa="mfa"),
    ),
    "accreditations": Endpoint(
        url=lambda c: reverse("stakeholders:accreditations"),
        data=lambda c: {"accreditation": c.application.pk, "decision": "approve", "reason": ""},
        done=lambda c: (
            Accreditation.objects.get(pk=c.application.pk).status == AccreditationStatus.APPROVED
        ),
        expected=everyone_but(["committee_member", "un_delegate"], committee_without_mfa="mfa"),
    ),
}

CASES = [(name, persona) for name in ENDPOINTS for persona in PERSONAS]


@pytest.mark.parametrize(("endpoint", "persona"), CASES)
def test_write_endpoint_matrix(client, request, endpoint, persona, organization, review):
    # Every persona exists in every case, so that the organization has its representative.
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    user = users.get(persona)
    if user is not None:
        client.force_login(user)
    spec = ENDPOINTS[endpoint]
    ctx = Ctx(organization, review, user)
    response = client.post(spec.url(ctx), spec.data(ctx))
    expected = spec.expected[persona]
    location = response.get("Location", "")
    if expected == "ok":
        assert response.status_code == 302, response.content[:2000]
        assert spec.done(ctx)
        return
    assert not spec.done(ctx)
    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in location
    elif expected == "mfa":
        assert response.status_code == 302
        assert reverse("mfa_activate_totp") in location
    elif expected == "refused":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == int(expected)


READ_PAGES = {
    "edit": "stakeholders:edit",
    "members": "stakeholders:members",
    "accreditation_apply": "stakeholders:accreditation_apply",
}


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("outsider", 403),
        ("member", 403),
        ("committee_member", 403),
        ("committee_without_mfa", 403),
        ("un_delegate", 403),
        ("cso_rep", 200),
        ("admin_user", 200),
    ],
)
def test_management_pages_for_each_persona(
    client, request, page, persona, status, organization, review
):
    request.getfixturevalue("cso_rep")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(READ_PAGES[page], args=[organization.slug]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("outsider", 403),
        ("member", 403),
        ("cso_rep", 403),
        ("committee_without_mfa", 403),
        ("admin_user", 403),
        ("committee_member", 200),
        ("un_delegate", 200),
    ],
)
def test_accreditation_queue_for_each_persona(client, request, persona, status, review):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("stakeholders:accreditations"))
    assert response.status_code == status


@pytest.mark.parametrize(
    "name",
    ["create", "edit", "join", "leave", "members", "accreditation_apply", "accreditations"],
)
def test_anonymous_get_of_write_pages_goes_to_login(client, organization, review, name):
    args = [] if name in ("create", "accreditations") else [organization.slug]
    response = client.get(reverse(f"stakeholders:{name}", args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("anonymous", False), ("cso_rep", False), ("committee_without_mfa", False),
     ("committee_member", True), ("un_delegate", True)],
)  # fmt: skip
def test_directory_links_the_queue_for_those_who_decide(client, request, persona, shown, review):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("stakeholders:directory")).content.decode()
    assert (f'href="{reverse("stakeholders:accreditations")}"' in html) is shown

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from minga.committee import actions
from minga.committee.models import Call, CallStatus, ConsentStatus, Nomination, Vote
from minga.hearings.models import RoleSource, SessionRole
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import nominate

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "migrant",
    "cso_rep",
    "state_focal_point",
    "committee_member",
    "chair",
    "un_delegate",
]


def login(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def url(name, *args):
    with translation.override("en"):
        return reverse(f"committee:{name}", args=args)


# Expected status per persona for each endpoint (302 for anonymous = login redirect).
MATRIX = {
    ("GET", "workspace"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 200, "chair": 200, "un_delegate": 200,
    },
    ("GET", "calls"): dict.fromkeys(PERSONAS, 200),
    ("GET", "call"): dict.fromkeys(PERSONAS, 200),
    ("GET", "open_call"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 200, "chair": 200, "un_delegate": 403,
    },
    ("GET", "nominate"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 200,
        "state_focal_point": 403, "committee_member": 403, "chair": 403, "un_delegate": 403,
    },
    ("GET", "nominations"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 200, "chair": 200, "un_delegate": 200,
    },
    ("GET", "balance"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 200, "chair": 200, "un_delegate": 200,
    },
    ("POST", "vote"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 302, "chair": 302, "un_delegate": 403,
    },
    ("POST", "slate"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 403, "chair": 200, "un_delegate": 403,
    },
    ("POST", "close"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 302, "chair": 302, "un_delegate": 403,
    },
    ("POST", "confirm"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 403, "chair": 403, "un_delegate": 302,
    },
    ("POST", "return"): {
        "anonymous": 302, "outsider": 403, "migrant": 403, "cso_rep": 403,
        "state_focal_point": 403, "committee_member": 403, "chair": 403, "un_delegate": 302,
    },
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(MATRIX), ids=lambda e: f"{e[0]}-{e[1]}")
def test_role_endpoint_matrix(client, request, persona, endpoint, call, nomination, chair):
    method, name = endpoint
    login(client, request, persona)
    if name in ("workspace", "calls", "open_call"):
        path = url(name)
    elif name == "vote":
        path = url(name, nomination.pk)
    else:
        path = url(name, call.pk)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, {"choice": "support", "reason": "Motivo suficiente."})
    expected = MATRIX[endpoint][persona]
    assert response.status_code == expected, (persona, name, response.status_code)
    if expected == 302 and persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["call", "nominations", "balance", "nominate"])
@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_unknown_calls_are_404(client, committee_member, name, pk):
    client.force_login(committee_member)
    path = url("calls") + f"{pk}/" + ("" if name == "call" else f"{name}/")
    assert client.get(path).status_code == 404


def test_a_closed_call_shows_a_clear_message(client, cso_rep, call, accredited, committee_member):
    actions.do_close_call(committee_member, call)
    client.force_login(cso_rep)
    page = client.get(url("call", call.pk)).content.decode()
    assert "no longer accepts nominations" in page
    response = client.get(url("nominate", call.pk))
    assert response.status_code == 200
    assert "no longer accepts nominations" in response.content.decode()
    response = client.post(url("nominate", call.pk), {"organization": accredited.pk})
    assert response.status_code == 400
    assert "no longer accepts nominations" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nomination_form_keeps_input_on_errors(client, cso_rep, call, accredited):
    client.force_login(cso_rep)
    response = client.post(
        url("nominate", call.pk),
        {
            "organization": accredited.pk,
            "nominee_name": "Rosa",
            "nominee_email": "",
            "languages": ["es"],
            "justification": "Texto del aval que se conserva.",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Texto del aval que se conserva." in body
    assert "error-summary" in body


def test_self_nomination_through_the_form(client, cso_rep, call, accredited):
    client.force_login(cso_rep)
    response = client.post(
        url("nominate", call.pk),
        {
            "organization": accredited.pk,
            "myself": "on",
            "languages": ["es", "pt"],
            "gcm_objectives": ["1"],
            "justification": "Diez años de relatoría en consultas con personas migrantes.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee == cso_rep and nomination.consent == ConsentStatus.CONFIRMED


def test_nominators_follow_their_nominations_on_the_call_page(client, cso_rep, call, nomination):
    client.force_login(cso_rep)
    page = client.get(url("call", call.pk)).content.decode()
    assert "Your nominations" in page and "Nominee Person" in page
    assert "Waiting for the nominee" in page
    client.force_login(nomination.nominee)
    assert "Your nominations" not in client.get(url("call", call.pk)).content.decode()


def test_consent_pages(client, nomination):
    token = actions.consent_token(nomination)
    page = client.get(url("consent", token))
    assert page.status_code == 200 and "Nominee Person" in page.content.decode()
    response = client.post(url("consent", token), {"answer": "decline"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.consent == ConsentStatus.DECLINED
    assert client.get(url("consent", "not-a-token")).status_code == 400


def test_invited_nominee_is_asked_to_log_in(client, cso_rep, call, accredited):
    nomination = nominate(cso_rep, call, accredited, "invited@example.org")
    token = actions.consent_token(nomination)
    response = client.post(url("consent", token), {"answer": "agree"})
    assert response.status_code == 400
    assert reverse("account_login") in response.content.decode()


def test_vote_twice_gives_a_message_not_an_error(client, chair, nomination):
    client.force_login(chair)
    client.post(url("vote", nomination.pk), {"choice": "support"})
    response = client.post(url("vote", nomination.pk), {"choice": "oppose"}, follow=True)
    assert response.status_code == 200
    assert "already voted" in response.content.decode()
    assert Vote.objects.count() == 1
    bad = client.post(url("vote", nomination.pk), {"choice": "maybe"})
    assert bad.status_code == 302


def test_own_organization_vote_is_403_with_message(client, member, nomination):
    client.force_login(member)
    response = client.post(url("vote", nomination.pk), {"choice": "support"})
    assert response.status_code == 403
    assert "nominating organization" in response.content.decode()


def test_check_balance_without_javascript(client, chair, call, cso_rep, accredited, other_org):
    first = nominate(cso_rep, call, accredited, cso_rep.email, name="Carla")
    client.force_login(chair)
    response = client.post(url("slate", call.pk), {"nominations": [first.pk], "check": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Balance of the slate (1 person)" in body
    assert "Women are 0 % of the slate" in body  # Carla has not declared a gender
    partial = client.get(url("balance", call.pk), {"nominations": [first.pk, "x"]})
    assert "Balance of the slate (1 person)" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_workspace_lists_what_awaits(client, chair, call, nomination):
    client.force_login(chair)
    body = client.get(url("workspace")).content.decode()
    assert "Nominations to score" in body and "Nominee Person" in body
    assert "Calls in progress" in body
    assert "Accreditations to decide" in body


def test_workspace_is_pluggable(client, chair, review):
    from minga.committee import workspace

    def incidents(user, review):
        return workspace.Section("incidents", "Incidents to verify", [workspace.Item("#12", "/x/")])

    workspace.register("incidents", incidents)
    try:
        client.force_login(chair)
        body = client.get(url("workspace")).content.decode()
        assert "Incidents to verify" in body and "#12" in body
    finally:
        workspace.unregister("incidents")


def test_full_flow_through_the_pages(
    client, review, session, chair, committee_member, un_delegate, cso_rep, accredited,
    other_org, django_capture_on_commit_callbacks,
):  # fmt: skip
    """Open → nominate → consent → votes → slate with balance → UN confirmation → programme."""
    client.force_login(committee_member)
    deadline = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    response = client.post(
        url("open_call"),
        {
            "session": session.pk,
            "role": "rapporteur",
            "seats": 1,
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "eligibility": "Experiencia en relatoría.",
            "min_women_percent": 50,
            "all_subregions": "",
            "languages": ["es"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get()
    assert call.rules == {"min_women_percent": 50, "languages": ["es"]}

    nominee = f.make_user("rapporteur@example.org", display_name="Rosa Relatora", gender="woman")
    client.force_login(cso_rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("nominate", call.pk),
            {
                "organization": accredited.pk,
                "nominee_name": "Rosa Relatora",
                "nominee_email": nominee.email,
                "languages": ["es", "ht"],
                "justification": "Relatora de la consulta subregional andina de 2028.",
            },
        )
    assert response.status_code == 302
    consent_link = next(line for line in mail.outbox[0].body.splitlines() if "/consent/" in line)
    client.logout()
    client.post(consent_link.replace("http://testserver", ""), {"answer": "agree"})
    nomination = Nomination.objects.get()
    assert nomination.consent == ConsentStatus.CONFIRMED

    for voter in (chair, committee_member):
        client.force_login(voter)
        client.post(url("vote", nomination.pk), {"choice": "support", "comment": "Sí."})
    assert Vote.objects.count() == 2
    client.post(url("close", call.pk))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED

    client.force_login(chair)
    page = client.get(url("nominations", call.pk)).content.decode()
    assert "Support 2 · Oppose 0 · Abstain 0" in page
    response = client.post(
        url("slate", call.pk),
        {
            "nominations": [nomination.pk],
            "decide": "1",
            "rationale": "Única relatora con apoyo unánime.",
        },
    )
    assert response.status_code == 302
    client.force_login(un_delegate)
    page = client.get(url("nominations", call.pk)).content.decode()
    assert "Confirm the selection" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("confirm", call.pk))
    role = SessionRole.objects.get(session=session)
    assert (role.person, role.role, role.source) == (nominee, "rapporteur", RoleSource.COMMITTEE)
    assert role.organization == accredited
    assert [m.to for m in mail.outbox] == [[nominee.email]]
    client.logout()
    public = client.get(url("call", call.pk)).content.decode()
    assert "Rosa Relatora" in public and "People selected" in public
    assert accredited.get_stakeholder_type_display() in public  # constituency badge


def test_unpublished_review_calls_are_hidden(client, call, review):
    type(review).objects.filter(pk=review.pk).update(is_published=False)
    assert client.get(url("call", call.pk)).status_code == 404


def test_member_without_rep_role_cannot_nominate(client, call, organization, review):
    f.accredit(organization, review)
    member = f.make_user()
    f.add_member(member, organization, role=MembershipRole.MEMBER)
    client.force_login(member)
    response = client.get(url("nominate", call.pk))
    assert response.status_code == 403
    assert "accredited" in response.content.decode()

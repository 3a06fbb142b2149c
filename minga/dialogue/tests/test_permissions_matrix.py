"""Every write endpoint × every persona: who gets through, who is refused (never a 500)."""

import pytest
from django.urls import reverse

from minga.dialogue import actions

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "migrant",
    "cso_rep",
    "committee_member",
    "un_delegate",
    "iom_delegate",
    "state_focal_point",
    "outsider",
]

# Who may reach each GET form / POST endpoint (anonymous: redirected to log in).
ALLOWED = {
    "new": {"committee_member", "un_delegate", "iom_delegate"},
    "edit": {"committee_member", "un_delegate", "iom_delegate"},
    "close": {"committee_member", "un_delegate", "iom_delegate"},
    "respond": {"iom_delegate"},
    "contribution_edit": {"migrant"},
}


@pytest.fixture
def world(request, consultation, migrant, iom):
    contribution = actions.do_contribute(migrant, consultation, text="Mine")
    return {"consultation": consultation, "contribution": contribution}


def _login(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(ALLOWED))
def test_get_forms(client, request, world, persona, endpoint):
    _login(client, request, persona)
    args = {
        "new": [],
        "edit": [world["consultation"].pk],
        "close": [world["consultation"].pk],
        "respond": [world["consultation"].pk],
        "contribution_edit": [world["contribution"].pk],
    }[endpoint]
    response = client.get(reverse(f"dialogue:{endpoint}", args=args))
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif persona in ALLOWED[endpoint]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_phase(client, request, world, persona):
    _login(client, request, persona)
    consultation = world["consultation"]
    response = client.post(
        reverse("dialogue:phase", args=[consultation.pk]), {"phase": "answering"}
    )
    consultation.refresh_from_db()
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif persona in ALLOWED["close"]:
        assert response.status_code == 302 and consultation.phase == "answering"
    else:
        assert response.status_code == 403 and consultation.phase == "open"


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_contribute_and_react(client, request, world, persona):
    user = _login(client, request, persona)
    consultation, contribution = world["consultation"], world["contribution"]
    response = client.post(
        reverse("dialogue:contribute", args=[consultation.pk]), {"text": "Hi", "language": "en"}
    )
    react = client.post(reverse("dialogue:react", args=[contribution.pk]), {"kind": "agree"})
    contribution.refresh_from_db()
    if user is None:
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert react.status_code == 302 and "/login/" in react["Location"]
        assert contribution.agree_count == 0
    else:
        assert response.status_code == 302
        assert consultation.contributions.filter(author=user).exists()
        assert react.status_code == 302
        # Everyone but the author may react.
        assert contribution.agree_count == (0 if persona == "migrant" else 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_pages_are_public(client, request, world, persona):
    _login(client, request, persona)
    assert client.get(reverse("dialogue:list")).status_code == 200
    assert client.get(world["consultation"].get_absolute_url()).status_code == 200

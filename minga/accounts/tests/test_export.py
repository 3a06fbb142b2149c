"""The personal data export: complete about the person, nothing secret, nothing about others."""

import json

from allauth.account.models import EmailAddress

from minga.accounts import actions
from minga.accounts.models import Role
from minga.testing import factories as f

URL = "/en/accounts/profile/export/"


def test_export_requires_login(client, db):
    assert client.get(URL).status_code == 302


def test_export_is_a_json_download_of_everything_about_the_person(
    client, cso_rep, organization, review
):
    cso_rep.self_identification = ["diaspora"]
    cso_rep.gender = "non_binary"
    cso_rep.save()
    cso_rep.countries.set([f.country("EC")])
    EmailAddress.objects.create(user=cso_rep, email="cso.second@example.org", verified=False)
    f.grant(cso_rep, Role.MODERATOR, review=review)
    actions.do_update_profile(cso_rep, cso_rep, display_name="Carla R.")

    client.force_login(cso_rep)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="minga-my-data-')
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = json.loads(response.content)

    assert data["profile"]["email"] == "cso@example.org"
    assert data["profile"]["display_name"] == "Carla R."
    assert data["profile"]["countries"] == ["EC"]
    assert data["private"] == {"self_identification": ["diaspora"], "gender": "non_binary"}
    assert {e["email"] for e in data["email_addresses"]} == {
        "cso@example.org",
        "cso.second@example.org",
    }
    (membership,) = data["memberships"]
    assert membership["since"]
    del membership["since"]
    assert membership == {
        "organization": organization.name,
        "organization_slug": organization.slug,
        "role": "representative",
        "status": "approved",
        "message_to_representatives": "",
    }
    assert [r["role"] for r in data["roles"]] == ["moderator"]
    assert data["roles"][0]["review"] == review.slug
    assert [a["action"] for a in data["actions_you_took"]] == ["accounts.update_profile"]
    assert data["two_factor_authentication"] == {"totp": False, "recovery_codes": False}


def test_export_leaks_no_secrets_and_nothing_about_others(client, cso_rep, organization):
    secret = f.give_mfa(cso_rep)
    colleague = f.make_user("colleague@example.org", display_name="Colleague Secret Name")
    colleague.self_identification = ["refugee"]
    colleague.save()
    f.add_member(colleague, organization)
    client.force_login(cso_rep)
    body = client.get(URL).content.decode()
    data = json.loads(body)
    assert data["two_factor_authentication"]["totp"] is True
    assert secret not in body
    assert cso_rep.password not in body
    assert "password" not in body
    assert "colleague" not in body.lower()
    assert "refugee" not in body
    assert "sessionid" not in body


def test_export_contains_only_actions_by_the_person(client, admin_user, migrant, review):
    actions.do_grant_role(admin_user, migrant, Role.MODERATOR, review=review)
    client.force_login(migrant)
    data = json.loads(client.get(URL).content)
    assert data["actions_you_took"] == []
    assert data["roles"][0]["role"] == "moderator"

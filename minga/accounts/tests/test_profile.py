"""The profile page: view and edit, organizations, roles, MFA status."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minga.accounts.models import Role
from minga.core.models import AuditEntry
from minga.stakeholders.models import MembershipStatus
from minga.testing import factories as f

URL = "/en/accounts/profile/"


def test_profile_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_profile_shows_organizations_roles_and_mfa(client, cso_rep, review):
    other = f.make_organization("Frontera Viva", iso2="MX")
    f.add_member(cso_rep, other, status=MembershipStatus.PENDING)
    f.grant(cso_rep, Role.MODERATOR, review=review)
    client.force_login(cso_rep)
    response = client.get(URL)
    html = response.content.decode()
    assert "Red Migrante Andina" in html
    assert "Representative" in html
    assert "Frontera Viva" in html
    assert "Waiting for approval" in html
    assert "Moderator" in html
    assert "Regional review LAC" in html
    assert "Not active (optional)" in html
    assert 'href="/en/accounts/2fa/"' in html
    assert 'href="/en/accounts/profile/export/"' in html
    assert 'href="/en/accounts/profile/delete/"' in html


def test_profile_shows_mfa_active_for_privileged_person(client, committee_member):
    client.force_login(committee_member)
    html = client.get(URL).content.decode()
    assert "Civil Society Committee member" in html
    assert "Requires two-factor authentication" in html
    assert 'tag tag--accredited">Active' in html
    assert "not set up yet" not in html


def test_profile_edit_saves_and_audits_field_names_only(client, migrant):
    client.force_login(migrant)
    response = client.post(
        URL,
        {
            "display_name": "Ana R.",
            "preferred_language": "en",
            "countries": [f.country("VE").pk, f.country("CO").pk],
            "self_identification": ["migrant", "family"],
            "gender": "woman",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    migrant.refresh_from_db()
    assert migrant.display_name == "Ana R."
    assert set(migrant.countries.values_list("code", flat=True)) == {"VE", "CO"}
    assert migrant.self_identification == ["family", "migrant"]
    assert migrant.gender == "woman"
    assert migrant.is_public
    entry = AuditEntry.objects.get(action="accounts.update_profile")
    assert entry.actor == migrant
    assert entry.data == {
        "fields": [
            "countries",
            "display_name",
            "gender",
            "is_public",
            "preferred_language",
            "self_identification",
        ]
    }
    # Private values never reach the audit log.
    assert "woman" not in str(entry.data) and "family" not in str(entry.data)


def test_changing_language_switches_the_interface(client, migrant):
    client.force_login(migrant)
    response = client.post(
        "/es/accounts/profile/", {"display_name": migrant.display_name, "preferred_language": "fr"}
    )
    assert response["Location"] == "/fr/accounts/profile/"
    assert response.cookies["django_language"].value == "fr"


def test_profile_bad_input_keeps_values(client, migrant):
    client.force_login(migrant)
    response = client.post(
        "/es/accounts/profile/",
        {
            "display_name": "",
            "preferred_language": "pt",
            "countries": [f.country("HT").pk],
            "gender": "man",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_display_name_error"' in html
    assert 'class="error-summary"' in html
    assert '<option value="pt" selected>' in html
    assert re.search(r'value="man"[^>]*checked', html)
    assert 'value="HT" selected' in html or f'value="{f.country("HT").pk}" selected' in html
    migrant.refresh_from_db()
    assert migrant.display_name == "Ana (pseudonym)"
    assert not AuditEntry.objects.filter(action="accounts.update_profile").exists()


def test_unknown_country_is_refused_with_a_message(client, migrant):
    client.force_login(migrant)
    response = client.post(
        URL, {"display_name": "Ana", "preferred_language": "en", "countries": ["999999"]}
    )
    assert response.status_code == 200
    assert 'id="id_countries_error"' in response.content.decode()


def test_saving_without_changes_writes_no_audit_entry(client, migrant):
    client.force_login(migrant)
    data = {
        "display_name": migrant.display_name,
        "preferred_language": migrant.preferred_language,
        "self_identification": ["migrant"],
    }
    assert client.post(URL, data).status_code == 302
    assert not AuditEntry.objects.filter(action="accounts.update_profile").exists()


def test_profile_page_query_count_does_not_grow_with_memberships(client, cso_rep, review):
    client.force_login(cso_rep)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    few = count()
    for n in range(15):
        f.add_member(cso_rep, f.make_organization(f"Org {n}"))
        f.grant(cso_rep, Role.MODERATOR, review=f.make_review())
    assert count() == few <= 10

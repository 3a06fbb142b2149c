import pytest
from django.core.cache import cache
from django.test import override_settings

from minga.stakeholders.models import Membership


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@override_settings(MINGA_WRITE_RATE_LIMITS=[(3, 60)])
def test_writes_beyond_the_limit_get_a_translated_429(client, outsider, organization):
    client.force_login(outsider)
    url = f"/es/organizations/{organization.slug}/join/"
    for _ in range(3):
        response = client.post(url, {"role": "member"})
        assert response.status_code in (200, 302)
    response = client.post(url, {"role": "member"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Demasiadas solicitudes" in response.text
    # Reading is never limited.
    assert client.get(f"/es/organizations/{organization.slug}/").status_code == 200
    assert Membership.objects.filter(person=outsider).count() == 1


@pytest.mark.django_db
@override_settings(MINGA_WRITE_RATE_LIMITS=[(1, 60)])
def test_limits_are_per_person(client, outsider, migrant, organization):
    url = f"/es/organizations/{organization.slug}/join/"
    client.force_login(outsider)
    client.post(url, {"role": "member"})
    assert client.post(url, {"role": "member"}).status_code == 429
    client.force_login(migrant)
    assert client.post(url, {"role": "member"}).status_code != 429

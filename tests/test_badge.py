"""The constituency badge (templates/components/badge.html)."""

import pytest
from django.template.loader import render_to_string

from minga.gcm.models import Country
from minga.testing import factories as f


@pytest.mark.django_db
def test_badge_shows_the_organizations_own_country_whatever_the_page():
    org = f.make_organization("Casa Refugio", iso2="GT", is_migrant_led=True)
    honduras = Country.objects.get(code="HN")
    # A country page has `country` in its context: the badge must not pick it up.
    html = render_to_string(
        "components/badge.html", {"organization": org, "country": honduras, "person": None}
    )
    assert "Guatemala" in html
    assert "Honduras" not in html
    assert "Casa Refugio" in html


@pytest.mark.django_db
def test_badge_for_a_person_alone_and_with_an_explicit_country():
    person = f.make_user(display_name="Rosa")
    html = render_to_string("components/badge.html", {"person": person, "organization": None})
    assert "Rosa" in html
    html = render_to_string(
        "components/badge.html",
        {"person": person, "organization": None, "badge_country": Country.objects.get(code="CL")},
    )
    assert "Chile" in html

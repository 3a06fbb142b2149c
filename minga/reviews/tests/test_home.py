import datetime

import pytest
from django.utils import timezone

from minga.reviews.queries import current_review
from minga.testing import factories as f


@pytest.mark.django_db
def test_home_without_review(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "No review has been published yet" in response.text


@pytest.mark.django_db
def test_home_shows_current_review_and_phase(client, review):
    response = client.get("/en/")
    assert response.status_code == 200
    assert review.title in response.text
    assert "Current phase" in response.text
    assert "Consultation" in response.text
    assert 'aria-current="step"' in response.text


@pytest.mark.django_db
def test_current_review_prefers_ongoing_then_upcoming_then_latest():
    today = timezone.localdate()
    past = f.make_review("past", today=today - datetime.timedelta(days=2000))
    assert current_review() == past
    upcoming = f.make_review("upcoming", today=today + datetime.timedelta(days=200))
    assert current_review() == upcoming
    ongoing = f.make_review("ongoing", today=today)
    assert current_review() == ongoing


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["es", "en", "pt", "fr"])
def test_review_detail_in_every_language(client, review, lang):
    response = client.get(f"/{lang}/reviews/{review.slug}/")
    assert response.status_code == 200
    assert review.title in response.text
    assert client.get(f"/{lang}/reviews/nope/").status_code == 404


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"

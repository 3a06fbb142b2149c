import pytest
from django.core.management import call_command

from minga.followup.models import Bulletin, Recommendation


@pytest.mark.django_db
def test_demo_recommendation_answered_progressed_verified(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent
    recommendation = Recommendation.objects.get()
    honduras = recommendation.addressees.get(country__code="HN")
    assert honduras.response_status == "accepted" and honduras.progress == "in_progress"
    update = honduras.updates.get()
    assert update.verifications.get().verdict == "partly"
    assert recommendation.paragraph is not None and recommendation.paragraph_number
    tracker = client.get("/es/recommendations/?addressee=HN")
    assert tracker.status_code == 200 and "Honduras" in tracker.text
    assert client.get(recommendation.get_absolute_url()).status_code == 200
    editor = Bulletin.objects.get().edited_by
    assert editor is not None and editor.email.startswith("daniel@")

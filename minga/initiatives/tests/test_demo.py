import feedparser
import pytest
from django.core.management import call_command

from minga.initiatives.models import Assessment, Initiative, Reply


@pytest.mark.django_db
def test_demo_initiatives(client):
    call_command("load_demo", verbosity=0)
    count = Initiative.objects.count()
    call_command("load_demo", verbosity=0)
    assert Initiative.objects.count() == count >= 5
    joint = Initiative.objects.get(title__startswith="Corredor de protección")
    assert joint.lead_state.iso2 == "MX"
    assert {c.iso2 for c in joint.states.all()} == {"MX", "GT"}
    assessment = Assessment.objects.get(
        organization__name="Red Regional de Organizaciones Migrantes"
    )
    assert assessment.author is not None and assessment.author.email.startswith("carla@")
    assert assessment.ratings.filter(rating__gt=0).count() == 5
    reply = Reply.objects.get(assessment=assessment)
    assert reply.state.iso2 == "HN" and reply.author is not None
    assert reply.author.email.startswith("hn-focal@")
    page = client.get("/en/countries/hn/")
    assert "Initiatives and pledges of Honduras" in page.text and "scorecard" in page.text
    feed = feedparser.parse(client.get("/feeds/countries/hn/").content)
    assert not feed.bozo
    assert any("protocolo de recepción" in e.title for e in feed.entries)
    detail = client.get(assessment.initiative.get_absolute_url())
    assert "Agradecemos la evaluación" in detail.text

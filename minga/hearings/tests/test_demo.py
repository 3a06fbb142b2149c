import pytest
from django.core.management import call_command

from minga.hearings import demo
from minga.hearings.models import FloorRequest, Question, Registration, Session, SessionRole


@pytest.mark.django_db
def test_demo_sessions(client):
    call_command("load_demo", verbosity=0)
    counts = (Session.objects.count(), Question.objects.count(), Registration.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        Session.objects.count(),
        Question.objects.count(),
        Registration.objects.count(),
    ) == counts
    hearing = Session.objects.get(title=demo.HEARING)
    assert hearing.status == "published" and hearing.agenda.count() == 5
    assert SessionRole.objects.filter(session=hearing).count() == 6
    assert Registration.objects.filter(session=hearing, status="confirmed").count() == 5
    assert Question.objects.filter(session=hearing, status="approved", vote_count=2).exists()
    assert FloorRequest.objects.filter(session=hearing).count() == 1
    roundtable = Session.objects.get(title=demo.ROUNDTABLE)
    assert roundtable.gcm_links.filter(objective__isnull=False).exists()  # from the cluster
    programme = client.get("/en/sessions/")
    assert demo.HEARING in programme.text and demo.CONSULTATION in programme.text
    room = client.get(f"/en/sessions/{hearing.pk}/live/")
    assert "Cómo garantizarán los Estados" in room.text

import pytest
from django.core.management import call_command

from minga.committee.models import Call, CallStatus, CommitteeMember, ConsentStatus, Nomination
from minga.hearings.models import RoleSource, SessionRole


@pytest.mark.django_db
def test_demo_runs_a_call_for_rapporteurs_end_to_end(client):
    call_command("load_demo", verbosity=0)
    counts = (Call.objects.count(), Nomination.objects.count(), CommitteeMember.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        Call.objects.count(),
        Nomination.objects.count(),
        CommitteeMember.objects.count(),
    ) == counts
    chair = CommitteeMember.objects.get(is_chair=True)
    assert chair.person.email.startswith("rosa@") and chair.focal_region == "mca"

    rapporteurs = Call.objects.get(role="rapporteur")
    assert rapporteurs.status == CallStatus.CONFIRMED and rapporteurs.rationale
    assert rapporteurs.confirmed_by is not None and rapporteurs.confirmed_by.email.startswith(
        "daniel@"
    )
    selected = Nomination.objects.get(call=rapporteurs, selected=True)
    assert selected.nominee is not None and selected.nominee.email.startswith("lucia@")
    assert selected.votes.count() == 2
    assert Nomination.objects.filter(call=rapporteurs, consent=ConsentStatus.PENDING).count() == 1
    role = SessionRole.objects.get(session=rapporteurs.session, role="rapporteur")
    assert role.person == selected.nominee and role.source == RoleSource.COMMITTEE

    panelists = Call.objects.get(role="panelist")
    assert panelists.accepts_nominations
    page = client.get(panelists.get_absolute_url().replace("/en/", "/es/"))
    assert page.status_code == 200
    public = client.get(rapporteurs.get_absolute_url()).content.decode()
    assert "Lucía Mamani" in public

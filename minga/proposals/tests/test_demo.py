import pytest
from django.core.management import call_command

from minga.proposals.models import AnswerStatus, AuthorDisplay, Proposal


@pytest.mark.django_db
def test_demo_proposals(client):
    call_command("load_demo", verbosity=0)
    count = Proposal.objects.count()
    call_command("load_demo", verbosity=0)
    assert Proposal.objects.count() == count >= 4
    ana = Proposal.objects.get(language="pt", author__email__startswith="ana")
    assert [link.objective.number for link in ana.gcm_links.filter(objective__isnull=False)] == [15]
    assert ana.answer_status == AnswerStatus.RETAINED
    answered_by = ana.answers.get().answered_by
    assert answered_by is not None and answered_by.email.startswith("daniel")
    assert ana.organization_endorsement_count == 1 and ana.endorsement_count == 3
    anonymous = Proposal.objects.get(author_display=AuthorDisplay.ANONYMOUS)
    page = client.get(anonymous.get_absolute_url())
    assert anonymous.author is not None and str(anonymous.author) not in page.text
    assert set(Proposal.objects.values_list("language", flat=True)) == {"es", "pt", "fr", "en"}

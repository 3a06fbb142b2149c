"""Notifications from the real proposal and consultation actions (issue 4's done-when)."""

import re

import pytest
from django.core import mail

from minga.dialogue import actions as dialogue
from minga.notifications import actions
from minga.notifications.models import Notification
from minga.proposals import actions as proposals
from minga.proposals.models import AuthorDisplay
from minga.testing import factories as f

pytestmark = pytest.mark.django_db

TEXT = "Precisamos de documentos para migrantes na fronteira, com atendimento em português."


@pytest.fixture
def submit(django_capture_on_commit_callbacks, objective):
    def _submit(author, **extra):
        options: dict = {
            "title": "Documentos para migrantes na fronteira",
            "text": TEXT,
            "language": "pt",
            "objectives": [objective],
        }
        options.update(extra)
        with django_capture_on_commit_callbacks(execute=True):
            return proposals.do_submit_proposal(author, **options)

    return _submit


def test_objective_followers_hear_of_an_anonymous_proposal_without_its_author(
    submit, objective, migrant, cso_rep
):
    actions.do_follow(cso_rep, objective)
    proposal = submit(migrant, author_display=AuthorDisplay.ANONYMOUS)
    (n,) = Notification.objects.filter(recipient=cso_rep)
    assert n.event == "proposal.submitted"
    assert n.target == proposal
    assert n.message == f"New proposal: “{proposal.title}”."
    (message,) = mail.outbox
    assert str(migrant) not in message.body
    assert migrant.email not in message.body
    assert not Notification.objects.filter(recipient=migrant).exists()  # never the actor


def test_the_author_and_followers_get_the_official_answer(
    submit, django_capture_on_commit_callbacks, migrant, cso_rep, un_delegate
):
    proposal = submit(migrant)
    actions.do_follow(cso_rep, proposal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.do_answer_proposal(
            un_delegate, proposal, status="retained", explanation="It goes into §3."
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([migrant.email, cso_rep.email])
    author_mail = next(m for m in mail.outbox if m.to == [migrant.email])
    # Ana prefers Spanish: the sentence, status and links are in Spanish.
    assert "recibió una respuesta oficial: Seleccionada para el informe." in author_mail.body
    # Ana prefers Spanish: her links and unsubscribe link are in Spanish.
    assert re.search(r"/es/proposals/\d+/", str(author_mail.body))
    assert "/es/notifications/unsubscribe/" in author_mail.body
    # The follower's e-mail lets them stop following that proposal.
    follower_mail = next(m for m in mail.outbox if m.to == [cso_rep.email])
    assert "Dejar de seguirlo:" in follower_mail.body  # Carla reads Spanish too


def test_consultation_events_reach_topic_and_consultation_followers(
    django_capture_on_commit_callbacks, objective, un_delegate, migrant, cso_rep, review
):
    iom = f.make_organization("IOM test", iso2="CH", acronym="IOM", stakeholder_type="un")
    actions.do_follow(migrant, objective)
    with django_capture_on_commit_callbacks(execute=True):
        consultation = dialogue.do_open_consultation(
            un_delegate,
            title="Regular pathways for workers",
            question="What should IOM prioritise?",
            institutions=[iom],
            language="en",
            review=review,
            objectives=[objective],
        )
    assert Notification.objects.get(recipient=migrant).event == "consultation.opened"

    actions.do_follow(cso_rep, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        dialogue.do_contribute(migrant, consultation, text="We need visas for seasonal work.")
    n = Notification.objects.get(recipient=cso_rep)
    assert n.message == "New contribution in “Regular pathways for workers”: " + (n.data["excerpt"])
    assert "seasonal work" in n.message

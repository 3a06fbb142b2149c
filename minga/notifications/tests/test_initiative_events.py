"""Alerts for State initiatives and practices (issue 5): a Honduras focal point's update."""

import datetime
import re

import feedparser
import pytest
from django.core import mail
from django.utils import translation

from minga.accounts.models import Role
from minga.gcm.models import Country, Objective
from minga.initiatives import actions as initiatives
from minga.notifications import actions
from minga.notifications.messages import EVENTS, render_message
from minga.notifications.models import EmailMode, Follow, Notification
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def honduras(db) -> Country:
    country = Country.objects.get(code="HN")
    country.is_champion = True
    country.save(update_fields=["is_champion"])
    return country


@pytest.fixture
def hn_focal_point(db):
    user = f.make_user("hn-focal@example.org", display_name="HN Focal Point")
    f.grant(user, Role.STATE_FOCAL_POINT, iso2="HN")
    f.give_mfa(user)
    return user


@pytest.fixture
def champion_initiative(honduras, hn_focal_point, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return initiatives.do_create_initiative(
            hn_focal_point,
            title="Protocolo de recepción de personas retornadas",
            summary="Protocolo nacional para recibir con dignidad a las personas retornadas.",
            kind="programme",
            lead_state=honduras,
            start_date=datetime.date(2023, 5, 1),
            status="ongoing",
            responsible_institution="Secretaría de Relaciones Exteriores",
            objectives=[Objective.objects.get(number=21)],
            cs_involvement="consulted",
            cs_evidence="Mesas de trabajo con redes de retornados.",
        )


def test_every_issue_5_event_has_its_own_sentence():
    for name in (
        "initiative.created",
        "initiative.updated",
        "initiative.changed",
        "initiative.assessed",
        "initiative.replied",
        "practice.published",
        "practice.clarification_requested",
    ):
        assert name in EVENTS
        message = render_message(name, {"title": "T", "organization": "Red", "update_title": "U"})
        assert "Something new" not in message and "“T”" in message


def test_a_champion_update_reaches_initiative_and_country_followers_in_their_language(
    champion_initiative, honduras, hn_focal_point, django_capture_on_commit_callbacks, client
):
    initiative_follower = f.make_user("follower@example.org", preferred_language="en")
    country_follower = f.make_user("hn-watch@example.org", preferred_language="es")
    outsider = f.make_user("other@example.org")
    actions.do_follow(initiative_follower, champion_initiative)
    actions.do_follow(country_follower, honduras)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        initiatives.do_add_initiative_update(
            hn_focal_point,
            champion_initiative,
            kind="milestone",
            title="Primer centro de recepción abierto",
            date=datetime.date(2026, 1, 10),
            text="El centro de San Pedro Sula recibe a familias retornadas.",
        )

    notified = Notification.objects.filter(event="initiative.updated")
    assert set(notified.values_list("recipient__email", flat=True)) == {
        initiative_follower.email,
        country_follower.email,
    }
    assert not Notification.objects.filter(recipient__in=[outsider, hn_focal_point]).exists()
    n = notified.get(recipient=initiative_follower)
    assert n.target == champion_initiative
    assert n.message == (
        "New update on the initiative “Protocolo de recepción de personas retornadas”: "
        "Primer centro de recepción abierto"
    )
    assert str(hn_focal_point) not in n.message

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {initiative_follower.email, country_follower.email}
    english = by_recipient[initiative_follower.email]
    assert "Primer centro de recepción abierto" in english.body
    assert re.search(rf"/en/initiatives/{champion_initiative.pk}/", str(english.body))
    assert "/en/notifications/unsubscribe/" in english.body
    assert "Stop following it:" in english.body
    spanish = by_recipient[country_follower.email]
    assert re.search(rf"/es/initiatives/{champion_initiative.pk}/", str(spanish.body))
    assert "/es/notifications/unsubscribe/" in spanish.body
    assert "List-Unsubscribe" in spanish.extra_headers
    assert hn_focal_point.email not in str(english.body) + str(spanish.body)

    feed = feedparser.parse(client.get("/feeds/countries/hn/").content)
    assert not feed.bozo
    assert any("Primer centro de recepción abierto" in e.title for e in feed.entries)


def test_topic_followers_hear_of_new_initiatives_but_not_of_edits(
    honduras, hn_focal_point, champion_initiative, django_capture_on_commit_callbacks
):
    objective_follower = f.make_user("obj@example.org")
    actions.do_follow(objective_follower, Objective.objects.get(number=21))
    initiative_follower = f.make_user("ini@example.org")
    actions.do_follow(initiative_follower, champion_initiative)
    fields = {
        "summary": "Una ventanilla única que orienta a las personas retornadas en sus trámites.",
        "kind": "programme",
        "lead_state": honduras,
        "start_date": datetime.date(2024, 2, 1),
        "status": "ongoing",
        "responsible_institution": "Secretaría de Relaciones Exteriores",
        "objectives": [Objective.objects.get(number=21)],
        "cs_involvement": "consulted",
        "cs_evidence": "Mesas de trabajo con redes de retornados.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        initiatives.do_create_initiative(
            hn_focal_point, title="Ventanilla única para retornados", **fields
        )
        initiatives.do_update_initiative(
            hn_focal_point,
            champion_initiative,
            **{**fields, "title": champion_initiative.title, "status": "completed"},
        )
    heard = Notification.objects.filter(recipient=objective_follower)
    assert list(heard.values_list("event", flat=True)) == ["initiative.created"]
    assert heard.get().message == "New State initiative: “Ventanilla única para retornados”."
    edited = Notification.objects.get(recipient=initiative_follower)
    assert edited.event == "initiative.changed"
    assert edited.message == (
        "The initiative “Protocolo de recepción de personas retornadas” was edited."
    )


def test_weekly_digest_people_get_no_immediate_mail(
    champion_initiative, hn_focal_point, django_capture_on_commit_callbacks
):
    weekly = f.make_user("weekly@example.org")
    actions.do_update_notification_settings(weekly, email_mode=EmailMode.WEEKLY, in_app=True)
    actions.do_follow(weekly, champion_initiative)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        initiatives.do_add_initiative_update(
            hn_focal_point,
            champion_initiative,
            kind="milestone",
            title="Informe trimestral",
            date=datetime.date(2026, 1, 12),
        )
    assert Notification.objects.filter(recipient=weekly, event="initiative.updated").exists()
    assert mail.outbox == []
    assert actions.do_send_digests(None, mode=EmailMode.WEEKLY, force=True) == 1
    assert "Informe trimestral" in mail.outbox[0].body


def test_initiatives_and_published_practices_can_be_followed(client, champion_initiative, outsider):
    client.force_login(outsider)
    with translation.override("en"):
        page = client.get(champion_initiative.get_absolute_url())
    assert 'name="target" value="initiatives.initiative"' in page.text
    response = client.post(
        "/en/notifications/follow/",
        {
            "target": "initiatives.initiative",
            "target_id": champion_initiative.pk,
            "action": "follow",
            "next": champion_initiative.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    assert Follow.objects.filter(user=outsider, target_id=champion_initiative.pk).exists()


def test_a_practice_under_review_cannot_be_followed(
    client, review, organization, cso_rep, outsider
):
    from minga.practices.tests.conftest import submit

    f.accredit(organization, review)
    practice = submit(cso_rep)
    assert not practice.is_published
    client.force_login(outsider)
    response = client.post(
        "/en/notifications/follow/",
        {"target": "practices.practice", "target_id": practice.pk, "action": "follow"},
    )
    assert response.status_code == 404
    assert not Follow.objects.filter(user=outsider).exists()


def test_practice_sentences_never_name_the_submitter(
    publish, review, organization, cso_rep, un_delegate, objective
):
    from minga.practices.tests.conftest import submit

    f.accredit(organization, review)
    practice = submit(cso_rep)
    follower = f.make_user("practice-watch@example.org")
    actions.do_follow(follower, objective)
    publish("practice.published", actor=un_delegate, target=practice, topics=[objective])
    publish(
        "practice.clarification_requested",
        actor=un_delegate,
        target=practice,
        recipients=[cso_rep],
    )
    assert Notification.objects.get(recipient=follower).message == (
        "New practice published: “Health firewall in a Southeast Asian city”."
    )
    asked = Notification.objects.get(recipient=cso_rep)
    assert asked.message == (
        "The reviewers of the practice “Health firewall in a Southeast Asian city” ask for a "
        "clarification."
    )
    assert str(cso_rep) not in asked.message

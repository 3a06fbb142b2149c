"""E-mails: immediate in the recipient's language, digests, unsubscribe without login."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from minga.notifications import actions
from minga.notifications.models import EmailMode, Follow, Notification, NotificationSettings
from minga.notifications.tasks import send_due_digests

pytestmark = pytest.mark.django_db


def unsubscribe_path(message) -> str:
    match = re.search(r"http://[^/]+(/\w\w/notifications/unsubscribe/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_immediate_email_in_the_recipients_language(publish, objective, migrant):
    migrant.preferred_language = "pt"
    migrant.save()
    actions.do_follow(migrant, objective)
    publish("consultation.closed", target=objective)

    (message,) = mail.outbox
    assert message.to == [migrant.email]
    assert objective.title in message.subject
    assert "/pt/objectives/15/" in message.body
    assert unsubscribe_path(message).startswith("/pt/notifications/unsubscribe/")
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html"
    assert 'lang="pt"' in html
    assert "/pt/notifications/unsubscribe/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


def test_no_immediate_email_for_digest_or_no_email_modes(
    publish, objective, migrant, cso_rep, set_mode
):
    for person, mode in ((migrant, EmailMode.DAILY), (cso_rep, EmailMode.NONE)):
        set_mode(person, mode)
        actions.do_follow(person, objective)
    publish("consultation.closed", target=objective)
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_unsubscribe_from_a_follow_without_logging_in(client, publish, objective, migrant):
    actions.do_follow(migrant, objective)
    publish("consultation.closed", target=objective)
    path = unsubscribe_path(mail.outbox[0]).replace("/es/", "/en/")  # read the page in English

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop following" in page.text
    response = client.post(path, {"scope": "follow"})
    assert response.status_code == 200
    assert "You no longer follow" in response.text
    assert not Follow.objects.filter(user=migrant).exists()
    # E-mail in general stays on.
    assert not NotificationSettings.objects.filter(user=migrant, email_mode=EmailMode.NONE).exists()


def test_unsubscribe_from_all_email_and_one_click(client, publish, objective, migrant):
    actions.do_follow(migrant, objective)
    publish("consultation.closed", target=objective)
    path = unsubscribe_path(mail.outbox[0])
    response = client.post(path, {"scope": "all"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=migrant).email_mode == EmailMode.NONE
    assert Follow.objects.filter(user=migrant).exists()

    # RFC 8058 one-click from the mail client: stops the follow the e-mail was about.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(user=migrant).exists()


def test_a_forged_unsubscribe_link_is_refused(client, migrant):
    token = actions.unsubscribe_token(migrant)
    response = client.post(f"/en/notifications/unsubscribe/{token[:-3]}abc/", {"scope": "all"})
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.text
    assert not NotificationSettings.objects.filter(user=migrant).exists()


def test_daily_digest_groups_pending_notifications(publish, objective, mexico, migrant, set_mode):
    set_mode(migrant, EmailMode.DAILY)
    actions.do_follow(migrant, objective)
    actions.do_follow(migrant, mexico)
    publish("consultation.closed", target=objective)
    publish("consultation.opened", target=mexico)
    assert mail.outbox == []

    send_due_digests.enqueue()
    (message,) = mail.outbox
    # Ana prefers Spanish: the digest is in Spanish.
    assert "resumen diario" in message.subject
    assert f"La consulta “{objective.title}” está cerrada." in message.body
    assert "Nueva consulta: “Mexico”." in message.body
    assert "/es/notifications/unsubscribe/" in message.body  # Ana prefers Spanish
    assert "List-Unsubscribe" in message.extra_headers
    assert Notification.objects.filter(in_digest=True, emailed_at__isnull=False).count() == 2

    # Nothing is sent twice, and the next daily digest is not due yet.
    publish("consultation.closed", target=objective)
    send_due_digests.enqueue()
    assert len(mail.outbox) == 1
    # A day later it is.
    later = timezone.now() + datetime.timedelta(days=1)
    assert actions.do_send_digests(None, now=later) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("está cerrada.") == 1


def test_weekly_digest_waits_a_week(publish, objective, migrant):
    actions.do_update_notification_settings(migrant, email_mode=EmailMode.WEEKLY, in_app=True)
    actions.do_follow(migrant, objective)
    publish("consultation.closed", target=objective)
    now = timezone.now()
    assert actions.do_send_digests(None, now=now + datetime.timedelta(days=1)) == 0
    assert actions.do_send_digests(None, now=now + datetime.timedelta(days=7)) == 1
    assert "resumen semanal" in mail.outbox[0].subject  # in Ana's Spanish


def test_send_digests_command(publish, objective, migrant, set_mode):
    set_mode(migrant, EmailMode.WEEKLY)
    NotificationSettings.objects.update(last_digest_at=timezone.now())
    actions.do_follow(migrant, objective)
    publish("consultation.closed", target=objective)
    call_command("send_digests", "--mode", "weekly", "--force")
    assert len(mail.outbox) == 1


def test_the_worker_enqueues_due_digests():
    from minga.core.management.commands import worker
    from minga.notifications.tasks import enqueue_due_digests

    assert any(enqueue is enqueue_due_digests for enqueue, _every in worker.PERIODIC)

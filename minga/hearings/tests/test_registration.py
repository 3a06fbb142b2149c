import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from minga.core.models import AuditEntry
from minga.hearings import actions
from minga.hearings.models import Presence, Registration, RegistrationStatus
from minga.testing import factories as f

from .conftest import make_session, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit_now(monkeypatch):
    """Run on-commit callbacks at once (the test transaction never commits)."""
    from types import SimpleNamespace

    import minga.hearings.actions as module

    real = module.transaction
    monkeypatch.setattr(
        module, "transaction",
        SimpleNamespace(atomic=real.atomic, on_commit=lambda fn: fn()),
    )  # fmt: skip


def test_register_takes_a_place_and_e_mails_a_qr_ticket(session, migrant, on_commit_now):
    registration = actions.do_register(
        migrant, session, accessibility_needs="Sign language", interpretation_language="pt"
    )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert session.title in message.subject
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "image/png" and content.startswith(b"\x89PNG")
    assert f"/es/sessions/{session.pk}/ticket/" in message.body  # in her language
    assert AuditEntry.objects.filter(action="hearings.register").count() == 1


def test_capacity_waitlist_and_promotion_on_cancel(review, on_commit_now):
    session = make_session(review, capacity=2)
    people = [f.make_user() for _ in range(4)]
    regs = [actions.do_register(p, session) for p in people]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    mail.outbox.clear()
    promoted = actions.do_cancel_registration(people[0], regs[0])
    assert promoted is not None and promoted.person == people[2]
    assert Registration.objects.get(pk=regs[2].pk).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(pk=regs[3].pk).status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    # Cancelling a waitlisted place promotes nobody.
    assert actions.do_cancel_registration(people[3], regs[3]) is None
    # Registering twice is idempotent; others cannot cancel someone's place.
    assert actions.do_register(people[1], session).pk == regs[1].pk
    with pytest.raises(PermissionDenied):
        actions.do_cancel_registration(people[3], regs[1])


def test_bad_registration_input_is_refused(session, migrant):
    with pytest.raises(ValidationError):
        actions.do_register(migrant, session, interpretation_language="qu")
    with pytest.raises(ValidationError):
        actions.do_register(migrant, session, answers=["one", "two"])
    past = make_session(session.review, starts_at=timezone.now() - datetime.timedelta(days=3))
    with pytest.raises(ValidationError):
        actions.do_register(migrant, past)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(review):
    """Eight people race for three places; the session-row lock lets exactly three in (real
    threads on PostgreSQL; SQLite serialises writers, so there the path is sequential)."""
    session = make_session(review, capacity=3)
    people = [f.make_user() for _ in range(8)]
    if connection.vendor == "sqlite":
        for person in people:
            actions.do_register(person, session)
        statuses = list(
            Registration.objects.filter(session=session).values_list("status", flat=True)
        )
        assert statuses.count("confirmed") == 3
        return
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(people))

    def go(person):
        try:
            barrier.wait()
            actions.do_register(person, session)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 5


def test_reminders_are_sent_once_to_confirmed_participants(review):
    soon = make_session(
        review, title="Starts tomorrow", starts_at=timezone.now() + datetime.timedelta(hours=20)
    )
    later = make_session(
        review, title="Starts next month", starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    a, b, c = f.make_user(), f.make_user(), f.make_user()
    register(a, soon)
    register(b, soon, status=RegistrationStatus.WAITLISTED)
    register(c, later)
    assert actions.do_send_reminders(None) == 1
    assert [m.to for m in mail.outbox] == [[a.email]]
    assert actions.do_send_reminders(None) == 0
    assert Registration.objects.get(person=a).reminded_at is not None


def test_stale_presence_is_pruned(session, participant):
    from minga.hearings.models import Presence

    Presence.objects.create(session=session, person=participant, channel_name="old")
    Presence.objects.update(joined_at=timezone.now() - datetime.timedelta(days=1))
    Presence.objects.create(session=session, person=participant, channel_name="new")
    assert actions.do_prune_presence() == 1
    assert list(Presence.objects.values_list("channel_name", flat=True)) == ["new"]


def test_worker_runs_the_reminders_periodically():
    from minga.core.management.commands import worker
    from minga.hearings.tasks import enqueue_due_reminders

    assert any(fn is enqueue_due_reminders for fn, _every in worker.PERIODIC)
    assert enqueue_due_reminders() is True  # immediate backend in tests: it runs at once


def test_check_in_by_list_and_by_qr_token(
    client, session, participant, session_moderator, outsider
):
    registration = Registration.objects.get(person=participant)
    token = actions.ticket_token(registration)
    url = reverse("hearings:check_in_token", args=[session.pk, token])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.get(reverse("hearings:check_in_list", args=[session.pk])).status_code == 403
    assert (
        client.post(reverse("hearings:check_in", args=[session.pk, registration.pk])).status_code
        == 403
    )
    client.force_login(session_moderator)
    page = client.get(url)
    assert page.status_code == 200 and "Pat Participant" in page.content.decode()
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None  # GET changes nothing
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=registration.pk).checked_in_by == session_moderator
    bad = client.get(reverse("hearings:check_in_token", args=[session.pk, token + "x"]))
    assert bad.status_code == 400
    session.questionnaire = ["Which objective matters most?"]
    session.save()
    Registration.objects.filter(pk=registration.pk).update(
        answers=["Objective 5, labour <b>pathways</b>"]
    )
    listing = client.get(reverse("hearings:check_in_list", args=[session.pk])).content.decode()
    assert "Checked in at" in listing
    assert "Which objective matters most?" in listing and "labour &lt;b&gt;pathways" in listing


def test_moderator_of_another_session_cannot_check_in(client, session, participant, review):
    other = make_session(review, title="Another session entirely")
    from minga.hearings.models import SessionRole

    mod = f.make_user()
    SessionRole.objects.create(session=other, person=mod, role="moderator")
    registration = Registration.objects.get(person=participant)
    with pytest.raises(PermissionDenied):
        actions.do_check_in(mod, registration)


def test_virtual_participant_is_checked_in_by_entering_the_live_room(session, participant, pushed):
    actions.do_enter_live_room(participant, session, "chan-1", visible=True)
    assert Registration.objects.get(person=participant).checked_in_at is not None
    assert Presence.objects.get().constituency == "migrants"  # Red Migrante Andina is migrant-led
    actions.do_leave_live_room("chan-1")
    assert not Presence.objects.exists()
    assert pushed == [(session.pk, ("presence",)), (session.pk, ("presence",))]


def test_register_and_ticket_views(client, session, migrant):
    url = reverse("hearings:register", args=[session.pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(migrant)
    page = client.get(url)
    assert page.status_code == 200
    assert "Interpretation language" in page.content.decode()
    bad = client.post(url, {"interpretation_language": "zz", "accessibility_needs": "Ramp"})
    assert bad.status_code == 400
    assert "Ramp" in bad.content.decode()
    assert client.post(url, {"interpretation_language": "pt"}).status_code == 302
    ticket = client.get(reverse("hearings:ticket", args=[session.pk]))
    assert ticket.status_code == 200
    assert "<svg" in ticket.content.decode()
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "You are registered." in detail
    assert (
        client.post(reverse("hearings:cancel_registration", args=[session.pk])).status_code == 302
    )
    assert Registration.objects.get(person=migrant).status == RegistrationStatus.CANCELLED

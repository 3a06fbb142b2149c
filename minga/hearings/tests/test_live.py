import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minga.core.models import AuditEntry
from minga.hearings import actions, queries
from minga.hearings.live import RoomCoalescer
from minga.hearings.models import (
    FloorRequest,
    FloorStatus,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
    SessionRole,
)
from minga.testing import factories as f

from .conftest import make_session, register

pytestmark = pytest.mark.django_db


# Coalescer (no timings: the clock is driven by hand) ---------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_coalescer_sends_the_first_change_at_once_and_holds_a_burst():
    clock = Clock()
    c = RoomCoalescer(interval=0.3, clock=clock)
    assert c.offer(1, ["questions"]) == {"questions"}
    # A burst of 500 votes within the interval: nothing goes out, everything is held.
    for _ in range(500):
        assert c.offer(1, ["questions"]) is None
    assert c.offer(1, ["speakers"]) is None
    assert c.due() == {}
    assert c.next_deadline() == pytest.approx(100.3)
    clock.now += 0.3
    assert c.due() == {1: {"questions", "speakers"}}  # one message for the whole burst
    assert c.due() == {}
    assert c.next_deadline() is None


def test_coalescer_keeps_rooms_apart_and_sends_after_a_quiet_interval():
    clock = Clock()
    c = RoomCoalescer(interval=0.3, clock=clock)
    assert c.offer(1, ["questions"]) == {"questions"}
    assert c.offer(2, ["presence"]) == {"presence"}  # another room is not held back
    assert c.offer(1, ["questions"]) is None
    clock.now += 0.1
    assert c.due() == {}
    clock.now += 0.25
    assert c.due() == {1: {"questions"}}
    clock.now += 1
    assert c.offer(1, ["notes"]) == {"notes"}  # quiet long enough: straight through


def test_messages_per_room_are_bounded_by_the_interval():
    """However many changes, at most one message per interval per room."""
    clock = Clock()
    c = RoomCoalescer(interval=0.25, clock=clock)
    sent = 0
    for step in range(1000):  # 1000 votes over 10 simulated seconds
        clock.now = 100 + step * 0.01
        if c.offer(7, ["questions"]) is not None:
            sent += 1
        sent += len(c.due())
    assert sent <= 10 / 0.25 + 1


# Questions ---------------------------------------------------------------------------------


def test_registered_participant_asks_and_it_is_pending(session, participant, pushed):
    q = actions.do_ask_question(participant, session, "  What about labour pathways?  ")
    assert q.status == QuestionStatus.PENDING
    assert q.text == "What about labour pathways?"
    assert q.organization is not None and q.organization.name == "Red Migrante Andina"
    assert pushed == [(session.pk, ("questions",))]
    assert AuditEntry.objects.filter(action="hearings.ask").count() == 1


def test_unregistered_and_unchecked_people_cannot_ask_or_vote(
    session, outsider, migrant, participant
):
    with pytest.raises(PermissionDenied):
        actions.do_ask_question(outsider, session, "Am I allowed to ask?")
    session.requires_check_in = True
    session.save()
    with pytest.raises(PermissionDenied, match="Check in"):
        actions.do_ask_question(participant, session, "Not checked in yet")
    Registration.objects.filter(person=participant).update(checked_in_at="2026-01-01T10:00Z")
    actions.do_ask_question(participant, session, "Checked in now, so I ask")
    register(migrant, session, status=RegistrationStatus.WAITLISTED)
    with pytest.raises(PermissionDenied):
        actions.do_ask_question(migrant, session, "Only on the waiting list")


def test_question_length_is_limited(session, participant):
    with pytest.raises(ValidationError):
        actions.do_ask_question(participant, session, "Hm?")
    with pytest.raises(ValidationError):
        actions.do_ask_question(participant, session, "x" * 501)


def test_asking_is_rate_limited(session, participant):
    for n in range(actions.ASK_RATE[0]):
        actions.do_ask_question(participant, session, f"Question number {n}")
    with pytest.raises(ValidationError, match="too fast"):
        actions.do_ask_question(participant, session, "One too many")


def test_one_vote_per_person_and_only_on_approved_questions(
    session, participant, second_participant, session_moderator
):
    q = actions.do_ask_question(participant, session, "Will States report on objective 5?")
    with pytest.raises(ValidationError):
        actions.do_vote_question(second_participant, q)
    actions.do_moderate_question(session_moderator, q, "approve")
    with pytest.raises(ValidationError, match="your own"):
        actions.do_vote_question(participant, q)
    assert actions.do_vote_question(second_participant, q) is True
    assert actions.do_vote_question(second_participant, q) is False
    q.refresh_from_db()
    assert q.vote_count == 1
    assert QuestionVote.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_votes_count_once(review):
    """The unique constraint holds under concurrent requests (threads on PostgreSQL)."""
    session = make_session(review)
    voter, author, mod = f.make_user(), f.make_user(), f.make_user()
    for person in (voter, author):
        register(person, session)
    SessionRole.objects.create(session=session, person=mod, role="moderator")
    q = actions.do_ask_question(author, session, "Concurrency question here")
    actions.do_moderate_question(mod, q, "approve")
    results: list[bool] = []
    if connection.vendor == "sqlite":
        results = [actions.do_vote_question(voter, q) for _ in range(4)]
    else:
        barrier = threading.Barrier(4)

        def go():
            try:
                barrier.wait()
                results.append(actions.do_vote_question(voter, q))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=go) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == [False, False, False, True]
    q.refresh_from_db()
    assert q.vote_count == 1


def test_moderation_flow(session, participant, second_participant, session_moderator):
    q1 = actions.do_ask_question(participant, session, "First question on returns")
    q2 = actions.do_ask_question(second_participant, session, "Same question on returns")
    with pytest.raises(ValidationError):
        actions.do_moderate_question(session_moderator, q1, "hide")  # a reason is required
    actions.do_moderate_question(session_moderator, q1, "approve")
    actions.do_moderate_question(session_moderator, q2, "merge", into=q1)
    q1.refresh_from_db()
    assert q1.vote_count == 1  # the duplicate's author now supports the kept question
    actions.do_moderate_question(session_moderator, q1, "highlight")
    assert Question.objects.get(pk=q1.pk).highlighted
    actions.do_moderate_question(session_moderator, q1, "answered")
    q1.refresh_from_db()
    assert q1.status == QuestionStatus.ANSWERED and not q1.highlighted
    q3 = actions.do_ask_question(participant, session, "Off-topic advertisement")
    actions.do_moderate_question(session_moderator, q3, "hide", reason="Off topic")
    assert Question.objects.get(pk=q3.pk).hidden_reason == "Off topic"
    with pytest.raises(ValidationError):
        actions.do_moderate_question(session_moderator, q3, "explode")
    assert AuditEntry.objects.filter(action__startswith="hearings.question_").count() == 5


def test_moderators_act_only_in_their_sessions(session, participant, review):
    other = make_session(review, title="Another roundtable here")
    mod = f.make_user()
    SessionRole.objects.create(session=other, person=mod, role="moderator")
    q = actions.do_ask_question(participant, session, "A question for this session")
    with pytest.raises(PermissionDenied):
        actions.do_moderate_question(mod, q, "approve")
    with pytest.raises(PermissionDenied):
        actions.do_moderate_question(participant, q, "approve")


def test_question_list_shows_anonymity_to_public_but_not_to_moderators(
    client, session, participant, second_participant, session_moderator
):
    q = actions.do_ask_question(
        participant, session, "<script>alert(1)</script> anonymous one", anonymous=True
    )
    actions.do_moderate_question(session_moderator, q, "approve")
    url = reverse("hearings:live_part", args=[session.pk, "questions"])
    client.force_login(second_participant)
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Pat Participant" not in html and "Anonymous" in html
    client.force_login(session_moderator)
    html = client.get(url).content.decode()
    assert "Pat Participant" in html and "anonymous to the public" in html


def test_own_pending_question_is_visible_to_its_author_only(
    client, session, participant, second_participant
):
    actions.do_ask_question(participant, session, "My pending question")
    url = reverse("hearings:live_part", args=[session.pk, "questions"])
    client.force_login(participant)
    assert "Waiting for the moderators" in client.get(url).content.decode()
    client.force_login(second_participant)
    assert "My pending question" not in client.get(url).content.decode()


def test_room_page_queries_are_bounded(
    client, session, participant, second_participant, session_moderator
):
    client.force_login(session_moderator)
    url = reverse("hearings:live", args=[session.pk])
    actions.do_ask_question(participant, session, "Only one question at first")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        q = actions.do_ask_question(second_participant, session, f"More question {n}")
        actions.do_moderate_question(session_moderator, q, "approve")
        actions.do_vote_question(participant, q)
    actions.do_request_floor(participant, session, "statement")
    actions.do_request_floor(second_participant, session, "reply")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# Asking and voting without JavaScript (plain POST forms) -----------------------------------


def test_ask_and_vote_with_plain_forms(
    client, session, participant, second_participant, session_moderator
):
    client.force_login(participant)
    response = client.post(
        reverse("hearings:ask", args=[session.pk]), {"text": "Plain form question?"}
    )
    assert response.status_code == 302
    q = Question.objects.get()
    bad = client.post(reverse("hearings:ask", args=[session.pk]), {"text": "x" * 600})
    assert bad.status_code == 400 and "x" * 600 in bad.content.decode()  # typed text is kept
    client.force_login(session_moderator)
    assert (
        client.post(
            reverse("hearings:moderate_question", args=[session.pk, q.pk, "approve"])
        ).status_code
        == 302
    )
    client.force_login(second_participant)
    assert client.post(reverse("hearings:vote", args=[session.pk, q.pk])).status_code == 302
    q.refresh_from_db()
    assert q.vote_count == 1


def test_fetch_answers_are_json(client, session, participant, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("hearings:ask", args=[session.pk]), {"text": "Let me in please"},
        headers={"X-Requested-With": "fetch"},
    )  # fmt: skip
    assert response.status_code == 403
    assert "Register for this session" in response.json()["error"]
    client.force_login(participant)
    response = client.post(
        reverse("hearings:ask", args=[session.pk]), {"text": "Let me ask this"},
        headers={"X-Requested-With": "fetch"},
    )  # fmt: skip
    assert response.json()["ok"] is True


# Speakers list -----------------------------------------------------------------------------


def test_speakers_list_queue_order_timer_and_balance(
    session, participant, second_participant, session_moderator
):
    a = actions.do_request_floor(participant, session, "statement")
    b = actions.do_request_floor(second_participant, session, "question")
    with pytest.raises(ValidationError):
        actions.do_request_floor(participant, session, "statement")  # already queued
    with pytest.raises(ValidationError):
        actions.do_request_floor(second_participant, session, "filibuster")
    actions.do_manage_floor(session_moderator, b, "up")
    sp = queries.speakers(session, session_moderator)
    assert [r.pk for r in sp.queue] == [b.pk, a.pk]
    balance = {key: n for key, _label, n in sp.balance}
    assert balance["migrants"] == 1 and balance["states"] == 1
    actions.do_manage_floor(session_moderator, b, "give")
    b.refresh_from_db()
    assert b.status == FloorStatus.SPEAKING and b.started_at is not None
    assert b.seconds == session.speaking_time_seconds
    actions.do_manage_floor(session_moderator, a, "give")
    assert FloorRequest.objects.get(pk=b.pk).status == FloorStatus.DONE
    with pytest.raises(PermissionDenied):
        actions.do_manage_floor(participant, a, "done")
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_floor(second_participant, a)


# Rapporteur notes and summary --------------------------------------------------------------


def test_rapporteur_notes_visible_to_committee_and_published_as_summary(
    client, session, committee_member, un_delegate, participant
):
    rapporteur = f.make_user(display_name="Rita Rapporteur")
    SessionRole.objects.create(session=session, person=rapporteur, role="rapporteur")
    with pytest.raises(PermissionDenied):
        actions.do_add_note(participant, session, "Not mine to write")
    actions.do_add_note(rapporteur, session, "States agreed to report on objective 5.")
    url = reverse("hearings:live_part", args=[session.pk, "notes"])
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.force_login(committee_member)
    assert "objective 5" in client.get(url).content.decode()
    with pytest.raises(PermissionDenied):
        actions.do_publish_summary(rapporteur, session, "Summary")
    client.force_login(un_delegate)
    draft = client.get(reverse("hearings:summary", args=[session.pk])).content.decode()
    assert "objective 5" in draft
    client.post(
        reverse("hearings:summary", args=[session.pk]), {"summary": "Approved summary text."}
    )
    assert "Approved summary text." in client.get(session.get_absolute_url()).content.decode()


# Role × endpoint matrix --------------------------------------------------------------------

ROLES = [
    "anonymous",
    "outsider",
    "participant",
    "session_moderator",
    "other_moderator",
    "un_delegate",
]


@pytest.fixture
def other_moderator(db, review):
    other = make_session(review, title="Some other session")
    user = f.make_user(display_name="Other Moderator")
    SessionRole.objects.create(session=other, person=user, role="moderator")
    return user


def _login(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_matrix_live_reads(request, client, session, role):
    _login(request, client, role)
    assert client.get(reverse("hearings:live", args=[session.pk])).status_code == 200
    assert client.get(reverse("hearings:projector", args=[session.pk])).status_code == 200
    for part in ("questions", "speakers", "presence"):
        assert client.get(reverse("hearings:live_part", args=[session.pk, part])).status_code == 200
    notes = client.get(reverse("hearings:live_part", args=[session.pk, "notes"])).status_code
    assert notes == (200 if role in ("session_moderator", "un_delegate") else 403)
    check_in = client.get(reverse("hearings:check_in_list", args=[session.pk])).status_code
    assert check_in == {"anonymous": 302}.get(
        role, 200 if role in ("session_moderator", "un_delegate") else 403
    )


EXPECTED_WRITES = {
    # role: (ask, vote, approve, floor request, give floor)
    "anonymous": (302, 302, 302, 302, 302),
    "outsider": (403, 403, 403, 403, 403),
    "participant": (302, 302, 403, 302, 403),
    "session_moderator": (302, 302, 302, 302, 302),
    "other_moderator": (403, 403, 403, 403, 403),
    "un_delegate": (302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_matrix_live_writes(request, client, session, role, second_participant):
    q = actions.do_ask_question(second_participant, session, "Question to act upon")
    approved = actions.do_ask_question(second_participant, session, "Approved question here")
    approved.status = QuestionStatus.APPROVED
    approved.save()
    floor = actions.do_request_floor(second_participant, session, "statement")
    _login(request, client, role)
    got = (
        client.post(
            reverse("hearings:ask", args=[session.pk]), {"text": "Matrix question"}
        ).status_code,
        client.post(reverse("hearings:vote", args=[session.pk, approved.pk])).status_code,
        client.post(
            reverse("hearings:moderate_question", args=[session.pk, q.pk, "approve"])
        ).status_code,
        client.post(
            reverse("hearings:request_floor", args=[session.pk]), {"kind": "reply"}
        ).status_code,
        client.post(
            reverse("hearings:manage_floor", args=[session.pk, floor.pk, "give"])
        ).status_code,
    )
    assert got == EXPECTED_WRITES[role]


def test_unknown_ids_and_verbs_are_404(client, session, session_moderator):
    client.force_login(session_moderator)
    assert client.get(reverse("hearings:live", args=[999999])).status_code == 404
    assert (
        client.get(reverse("hearings:live_part", args=[session.pk, "secrets"])).status_code == 404
    )
    assert client.post(reverse("hearings:vote", args=[session.pk, 999999])).status_code == 404
    q = Question.objects.create(session=session, author=session_moderator, text="Some question")
    assert (
        client.post(
            reverse("hearings:moderate_question", args=[session.pk, q.pk, "nuke"])
        ).status_code
        == 404
    )

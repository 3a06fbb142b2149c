"""Who is notified of an event: followers, topic followers, explicit recipients; never the actor."""

import pytest
from django.contrib.contenttypes.models import ContentType

from minga.notifications import actions
from minga.notifications.models import EmailMode, Notification
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def recipients_of(event_name: str) -> set[str]:
    return set(
        Notification.objects.filter(event=event_name).values_list("recipient__email", flat=True)
    )


def test_followers_of_the_target_are_notified(publish, objective, migrant, outsider):
    actions.do_follow(migrant, objective)
    publish("consultation.closed", actor=None, target=objective)
    assert recipients_of("consultation.closed") == {migrant.email}
    n = Notification.objects.get()
    assert n.target == objective
    assert n.url == "/objectives/15/"
    assert n.read_at is None


def test_the_actor_is_never_notified(publish, objective, migrant, cso_rep):
    actions.do_follow(migrant, objective)
    actions.do_follow(cso_rep, objective)
    publish("consultation.closed", actor=cso_rep, target=objective, recipients=[cso_rep])
    assert recipients_of("consultation.closed") == {migrant.email}


def test_explicit_recipients_and_followers_once_each(publish, objective, migrant, cso_rep):
    actions.do_follow(migrant, objective)
    publish(
        "proposal.endorsed",
        actor=cso_rep,
        target=objective,
        recipients=[migrant, migrant],
        by_organization=True,
    )
    assert Notification.objects.filter(recipient=migrant).count() == 1
    assert Notification.objects.get().message == (f"An organization endorsed “{objective.title}”.")


def test_topic_followers_are_told_of_new_things_only(
    publish, objective, mexico, organization, migrant, cso_rep, outsider
):
    actions.do_follow(migrant, objective)
    actions.do_follow(cso_rep, mexico)
    publish("proposal.submitted", actor=outsider, target=organization, topics=[objective, mexico])
    assert recipients_of("proposal.submitted") == {migrant.email, cso_rep.email}

    publish("consultation.opened", actor=None, target=organization, topics=[mexico])
    assert recipients_of("consultation.opened") == {cso_rep.email}

    # Later events about the item go to its followers and recipients, not to topic followers.
    publish(
        "proposal.commented", actor=outsider, target=organization, topics=[objective], excerpt="x"
    )
    assert recipients_of("proposal.commented") == set()


def test_inactive_people_and_people_who_want_nothing_are_skipped(
    publish, objective, migrant, cso_rep, set_mode
):
    actions.do_follow(migrant, objective)
    actions.do_follow(cso_rep, objective)
    migrant.is_active = False
    migrant.save()
    set_mode(cso_rep, EmailMode.NONE, in_app=False)
    publish("consultation.closed", target=objective)
    assert Notification.objects.count() == 0


def test_without_in_app_notifications_arrive_already_read(publish, objective, migrant, set_mode):
    actions.do_follow(migrant, objective)
    set_mode(migrant, EmailMode.DAILY, in_app=False)
    publish("consultation.closed", target=objective)
    assert Notification.objects.get().read_at is not None


def test_queries_do_not_grow_with_followers(
    publish, objective, mexico, set_mode, django_assert_num_queries
):
    def followers(n: int) -> None:
        for _ in range(n):
            user = f.make_user()
            set_mode(user, EmailMode.DAILY)
            actions.do_follow(user, objective)

    ContentType.objects.get_for_model(objective)  # warm the content type cache
    ContentType.objects.get_for_model(mexico)
    followers(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        publish("proposal.submitted", target=objective, topics=[objective, mexico])
    followers(20)
    with CaptureQueriesContext(connection) as many:
        publish("proposal.submitted", target=objective, topics=[objective, mexico])
    assert Notification.objects.count() == 2 + 22
    assert len(many) == len(few)
    inserts = [q for q in many.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1


def test_messages_never_name_the_actor(publish, objective, migrant):
    author = f.make_user(display_name="Secret Author Name")
    actions.do_follow(migrant, objective)
    publish("proposal.commented", actor=author, target=objective, excerpt="Good idea")
    n = Notification.objects.get()
    assert "Secret Author Name" not in n.message
    assert "Secret Author Name" not in str(n.data)
    assert n.message == f"New comment on “{objective.title}”: Good idea"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("proposal.submitted", {}, "New proposal: “T”."),
        ("proposal.endorsed", {"by_organization": False}, "Someone endorsed “T”."),
        ("proposal.merged", {"merged_title": "D"}, "“D” was merged into “T”."),
        ("consultation.opened", {}, "New consultation: “T”."),
        ("consultation.contributed", {"excerpt": "E"}, "New contribution in “T”: E"),
        ("consultation.responded", {"institution": "IOM"}, "IOM answered officially in “T”."),
        ("consultation.closed", {}, "The consultation “T” is closed."),
        ("something.else", {}, "Something new in “T”."),
    ],
)
def test_every_event_has_a_message(name, data, expected):
    from minga.notifications.messages import render_message

    assert render_message(name, {"title": "T", **data}) == expected

"""Pages: follow/unfollow without JavaScript, the list, the header count, settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minga.notifications import actions
from minga.notifications.models import EmailMode, Follow, Notification, NotificationSettings

pytestmark = pytest.mark.django_db


def follow_post(
    client, target_key: str, target_id: int | str, action: str = "follow", next_url: str = ""
):
    return client.post(
        "/en/notifications/follow/",
        {"target": target_key, "target_id": target_id, "action": action, "next": next_url},
    )


def test_objective_page_has_a_follow_button(client, objective, migrant, outsider):
    actions.do_follow(outsider, objective)
    page = client.get("/en/objectives/15/")
    assert "Log in to follow" in page.text
    assert "1 follower" in page.text

    client.force_login(migrant)
    page = client.get("/en/objectives/15/")
    assert 'name="target" value="gcm.objective"' in page.text
    assert ">Follow</button>" in page.text


def test_follow_and_unfollow_a_country_without_javascript(client, mexico, migrant):
    client.force_login(migrant)
    response = follow_post(client, "gcm.country", mexico.pk, next_url="/en/countries/mx/")
    assert response.status_code == 302
    assert response["Location"] == "/en/countries/mx/"
    assert Follow.objects.filter(user=migrant).count() == 1

    page = client.get("/en/countries/mx/")
    assert "Stop following" in page.text
    assert "1 follower" in page.text

    follow_post(client, "gcm.country", mexico.pk)  # twice: still one
    assert Follow.objects.filter(user=migrant).count() == 1

    response = follow_post(client, "gcm.country", mexico.pk, "unfollow", "https://evil.example/")
    assert response["Location"] == "/en/notifications/settings/"  # no open redirect
    assert not Follow.objects.filter(user=migrant).exists()


def test_anonymous_follow_goes_to_login(client, objective):
    response = follow_post(client, "gcm.objective", objective.pk, next_url="/en/objectives/15/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Follow.objects.count() == 0


def test_unknown_targets_cannot_be_followed(client, migrant, organization):
    client.force_login(migrant)
    assert follow_post(client, "stakeholders.organization", organization.pk).status_code == 404
    assert follow_post(client, "gcm.objective", 999999).status_code == 404
    assert follow_post(client, "gcm.objective", "abc").status_code == 400
    assert Follow.objects.count() == 0


def make_notifications(publish, objective, person, count: int) -> None:
    actions.do_follow(person, objective) if not Follow.objects.filter(
        user=person
    ).exists() else None
    NotificationSettings.objects.update_or_create(
        user=person, defaults={"email_mode": EmailMode.NONE}
    )
    for _ in range(count):
        publish("consultation.closed", target=objective)


def test_list_shows_links_and_marks_read(client, publish, objective, migrant):
    make_notifications(publish, objective, migrant, 2)
    client.force_login(migrant)
    page = client.get("/en/notifications/")
    assert page.status_code == 200
    assert page.text.count(f"The consultation “{objective.title}” is closed.") == 2
    assert "Notifications (2 new)" in page.text  # header

    first = Notification.objects.first()
    assert first is not None
    response = client.get(f"/en/notifications/{first.pk}/")
    assert response["Location"] == "/en/objectives/15/"
    assert Notification.objects.filter(read_at__isnull=True).count() == 1

    response = client.post("/en/notifications/read/")
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    page = client.get("/en/notifications/")
    assert "new)" not in page.text


def test_someone_elses_notification_is_not_found(client, publish, objective, migrant, outsider):
    make_notifications(publish, objective, migrant, 1)
    client.force_login(outsider)
    notification = Notification.objects.get()
    assert client.get(f"/en/notifications/{notification.pk}/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_list_queries_are_bounded(client, publish, objective, migrant):
    client.force_login(migrant)
    make_notifications(publish, objective, migrant, 3)
    client.get("/en/notifications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/notifications/")
    make_notifications(publish, objective, migrant, 30)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/notifications/?page=2")
    assert page.status_code == 200
    assert len(many) == len(few)


def test_header_count_is_one_query(client, migrant, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/en/")
    request.user = migrant
    template = Template('{% include "notifications/_header.html" %}')
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "user": migrant}))
    assert "Notifications" in html


def test_login_required(client):
    for path in ("/en/notifications/", "/en/notifications/settings/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_settings_change_email_mode_and_list_follows(client, objective, mexico, migrant):
    actions.do_follow(migrant, objective)
    actions.do_follow(migrant, mexico)
    client.force_login(migrant)
    page = client.get("/en/notifications/settings/")
    assert page.status_code == 200
    assert objective.label in page.text
    assert "Mexico" in page.text
    assert page.text.count('value="unfollow"') == 2

    response = client.post("/en/notifications/settings/", {"email_mode": "weekly", "in_app": "on"})
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=migrant)
    assert (prefs.email_mode, prefs.in_app) == (EmailMode.WEEKLY, True)


def test_settings_bad_input_is_a_message_not_an_error(client, migrant):
    client.force_login(migrant)
    response = client.post("/en/notifications/settings/", {"email_mode": "hourly"})
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert not NotificationSettings.objects.filter(user=migrant).exists()

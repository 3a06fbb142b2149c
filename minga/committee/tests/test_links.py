"""Open calls for nominations are discoverable from the programme, the session page and the
home page (through minga.core.links, since hearings and reviews sit below the committee)."""

import datetime

import pytest
from django.utils import timezone

from minga.committee.models import Call, CallStatus
from minga.core import links
from minga.hearings.models import Session, SessionStatus

pytestmark = pytest.mark.django_db


def open_call(session, role="panelist", **extra):
    extra.setdefault("deadline", timezone.now() + datetime.timedelta(days=5))
    return Call.objects.create(session=session, role=role, eligibility="Todas.", **extra)


def test_programme_cards_link_to_the_open_calls_of_each_session(client, review, session):
    other = Session.objects.create(
        review=review, title="Otra sesión sin convocatoria", status=SessionStatus.PUBLISHED,
        starts_at=session.starts_at, ends_at=session.ends_at,
    )  # fmt: skip
    call = open_call(session)
    open_call(session, "moderator", status=CallStatus.CLOSED)
    open_call(session, "rapporteur", deadline=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(f"/en/sessions/?review={review.slug}").content.decode()
    assert html.count(f'href="{call.get_absolute_url()}"') == 1
    assert "Call for nominations: Panelist" in html
    assert "Open calls for nominations" in html
    assert "Moderator" not in html and "Call for nominations: Rapporteur" not in html
    assert other.title in html


def test_programme_costs_the_same_queries_with_more_calls(
    client, review, session, django_assert_max_num_queries
):
    open_call(session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/en/sessions/?review={review.slug}")
    for n in range(5):
        s = Session.objects.create(
            review=review, title=f"Sesión {n}", status=SessionStatus.PUBLISHED,
            starts_at=session.starts_at, ends_at=session.ends_at,
        )  # fmt: skip
        open_call(s)
        open_call(s, "moderator")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/en/sessions/?review={review.slug}")


def test_session_page_links_to_its_open_calls_only(client, review, session):
    call = open_call(session)
    other = Session.objects.create(
        review=review, title="Otra", status=SessionStatus.PUBLISHED,
        starts_at=session.starts_at, ends_at=session.ends_at,
    )  # fmt: skip
    elsewhere = open_call(other, "moderator")
    html = client.get(session.get_absolute_url()).content.decode()
    assert f'href="{call.get_absolute_url()}"' in html
    assert f'href="{elsewhere.get_absolute_url()}"' not in html
    assert 'aria-labelledby="links-session-1"' in html


def test_home_lists_open_calls_when_there_are_any(client, review, session):
    html = client.get("/es/").content.decode()
    assert "/committee/calls/" not in html
    call = open_call(session)
    html = client.get("/es/").content.decode()
    assert f'href="{call.get_absolute_url()}"' in html
    assert "Convocatorias a postulaciones abiertas" in html


def test_draft_sessions_and_unpublished_reviews_show_no_calls(review, session):
    call = open_call(session)
    assert links.for_objects("hearings.session", [session])[session.pk][0].url == (
        call.get_absolute_url()
    )
    session.status = SessionStatus.DRAFT
    session.save()
    assert links.for_objects("hearings.session", [session]) == {}
    assert links.for_objects("reviews.home", [review]) == {}

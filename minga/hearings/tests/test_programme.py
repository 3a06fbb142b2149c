import datetime
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minga.core.models import AuditEntry
from minga.gcm.models import GCMLink, Roundtable
from minga.hearings import actions, queries
from minga.hearings.models import RoleSource, Session, SessionRole, SessionStatus
from minga.testing import factories as f

from .conftest import make_session

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)


def create(actor, review, **extra):
    extra.setdefault("title", "Hearing on labour migration")
    extra.setdefault("starts_at", START)
    extra.setdefault("ends_at", START + datetime.timedelta(hours=2))
    return actions.do_create_session(actor, review, **extra)


def test_hearing_template_prefills_agenda_roles_and_rules(un_delegate, review):
    session = create(un_delegate, review, template="hearing")
    assert session.status == SessionStatus.DRAFT
    assert session.kind == "hearing"
    agenda = list(session.agenda.all())
    assert len(agenda) == 5
    assert agenda[0].title == "Opening by the chair"
    assert sum(a.duration_minutes for a in agenda) == 120
    assert session.role_plan == {"chair": 1, "panelist": 4, "moderator": 1, "rapporteur": 1}
    assert session.speaking_time_seconds == 180
    assert AuditEntry.objects.filter(action="hearings.create_session").count() == 1


def test_roundtable_cluster_prefills_objectives(un_delegate, review):
    cluster = Roundtable.objects.prefetch_related("objectives").first()
    assert cluster is not None
    session = create(un_delegate, review, template="roundtable", roundtable=cluster)
    linked = set(
        GCMLink.objects.filter(object_id=session.pk, objective__isnull=False).values_list(
            "objective__number", flat=True
        )
    )
    assert linked == {o.number for o in cluster.objectives.all()}
    assert linked


def test_consultation_template_asks_a_questionnaire_and_requires_check_in(committee_member, review):
    session = create(committee_member, review, template="consultation")
    assert session.format == "virtual"
    assert session.requires_check_in
    assert len(session.questionnaire) == 3


def test_organizers_adjust_the_prefilled_session(un_delegate, review):
    session = create(
        un_delegate, review, template="hearing", agenda=[("Opening", 5), ("Debate", 90)],
        speaking_time_seconds=120,
    )  # fmt: skip
    actions.do_update_session(
        un_delegate, session, title="Hearing on decent work", agenda=[("Only item", 30)]
    )
    session.refresh_from_db()
    assert session.title == "Hearing on decent work"
    assert [a.title for a in session.agenda.all()] == ["Only item"]
    assert session.speaking_time_seconds == 120


def test_bad_input_is_a_clear_validation_error(un_delegate, review):
    with pytest.raises(ValidationError) as error:
        create(un_delegate, review, title="x", template="hearing")
    assert "title" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        create(un_delegate, review, ends_at=START - datetime.timedelta(hours=1))
    assert "ends_at" in error.value.error_dict
    with pytest.raises(ValidationError):
        create(un_delegate, review, template="circus")
    with pytest.raises(ValidationError):
        create(un_delegate, review, agenda=[("Too long", 999)])


def test_only_organizers_create_publish_and_cancel(outsider, cso_rep, un_delegate, review):
    for person in (outsider, cso_rep):
        with pytest.raises(PermissionDenied):
            create(person, review)
    session = create(un_delegate, review)
    with pytest.raises(PermissionDenied):
        actions.do_publish_session(outsider, session)
    actions.do_publish_session(un_delegate, session)
    assert session.status == SessionStatus.PUBLISHED
    actions.do_cancel_session(un_delegate, session)
    assert Session.objects.get().status == SessionStatus.CANCELLED


def test_committee_selection_assigns_roles_with_committee_source(
    un_delegate, committee_member, migrant, review
):
    """The entry point the committee app uses."""
    session = make_session(review)
    role = actions.do_assign_session_role(
        committee_member, session, migrant, "rapporteur", source=RoleSource.COMMITTEE
    )
    assert role.source == RoleSource.COMMITTEE
    assert SessionRole.objects.filter(session=session, person=migrant).exists()


def test_programme_groups_by_day_in_review_zone_with_bounded_queries(review, organization, client):
    review.time_zone = "America/Mexico_City"
    review.save()
    for n in range(3):
        s = make_session(
            review, title=f"Session number {n}", starts_at=START + datetime.timedelta(hours=n * 30)
        )
        person = f.make_user(display_name=f"Panelist {n}")
        SessionRole.objects.create(
            session=s, person=person, role="panelist", organization=organization
        )
    make_session(review, title="Draft session", status=SessionStatus.DRAFT)
    prog = queries.programme(review)
    assert sum(len(d.sessions) for d in prog.days) == 3
    assert prog.days[0].date == START.astimezone(zoneinfo.ZoneInfo("America/Mexico_City")).date()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("hearings:programme"))
    for n in range(3, 10):
        s = make_session(
            review, title=f"Session number {n}", starts_at=START + datetime.timedelta(hours=n * 30)
        )
        SessionRole.objects.create(
            session=s, person=f.make_user(), role="panelist", organization=organization
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("hearings:programme"))
    assert response.status_code == 200
    assert len(many) == len(few)
    html = response.content.decode()
    assert "Session number 9" in html
    assert "Draft session" not in html
    assert "America/Mexico_City" in html
    assert "Red Migrante Andina" in html or "tag--type" in html  # constituency badge


def test_session_page_shows_facts_agenda_and_people(review, organization, client, un_delegate):
    session = create(un_delegate, review, template="hearing", venue="CEPAL, Santiago",
                     stream_url="https://example.org/stream", languages=["es", "en"], interpretation=["pt"])  # fmt: skip
    actions.do_publish_session(un_delegate, session)
    person = f.make_user(display_name="Lucía Panelist")
    SessionRole.objects.create(
        session=session,
        person=person,
        role="panelist",
        organization=organization,
        source="committee",
    )
    html = client.get(session.get_absolute_url()).content.decode()
    for text in ("CEPAL, Santiago", "https://example.org/stream", "Opening by the chair", "Lucía Panelist",
                 "Selected by the Civil Society Committee", "Portuguese", "data-local-start"):  # fmt: skip
        assert text in html


def test_organizers_assign_and_remove_roles_from_the_session_page(
    client, review, un_delegate, cso_rep, outsider
):
    session = make_session(review)
    url = reverse("hearings:assign_role", args=[session.pk])
    client.force_login(outsider)
    assert client.post(url, {"email": cso_rep.email, "role": "panelist"}).status_code == 403
    client.force_login(un_delegate)
    assert client.post(url, {"email": "nobody@example.org", "role": "panelist"}).status_code == 302
    assert not SessionRole.objects.exists()
    assert client.post(url, {"email": cso_rep.email.upper(), "role": "panelist"}).status_code == 302
    role = SessionRole.objects.get()
    assert role.person == cso_rep and role.organization is not None  # constituency from membership
    assert "Put a person in a role" in client.get(session.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert (
        client.post(reverse("hearings:remove_role", args=[session.pk, role.pk])).status_code == 403
    )
    client.force_login(un_delegate)
    assert (
        client.post(reverse("hearings:remove_role", args=[session.pk, role.pk])).status_code == 302
    )
    assert not SessionRole.objects.exists()
    assert (
        AuditEntry.objects.filter(
            action__in=["hearings.assign_role", "hearings.remove_role"]
        ).count()
        == 2
    )


def test_drafts_are_hidden_from_the_public(review, client, un_delegate):
    session = make_session(review, status=SessionStatus.DRAFT)
    assert client.get(session.get_absolute_url()).status_code == 404
    client.force_login(un_delegate)
    assert client.get(session.get_absolute_url()).status_code == 200


def test_session_ics_parses_with_icalendar(review, client):
    session = make_session(review, venue="Santiago", starts_at=START)
    response = client.get(reverse("hearings:ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == session.title
    assert events[0].decoded("dtstart") == START
    assert str(events[0]["location"]) == "Santiago"
    assert str(events[0]["uid"]) == f"session-{session.pk}@minga"


def test_review_calendar_is_subscribable_and_lists_published_and_cancelled(review, client):
    published = make_session(review, title="Published session")
    make_session(review, title="Cancelled session", status=SessionStatus.CANCELLED)
    make_session(review, title="Draft session", status=SessionStatus.DRAFT)
    response = client.get(f"/reviews/{review.slug}/calendar.ics")
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): str(e["status"]) for e in cal.walk("VEVENT")}
    assert events == {"Published session": "CONFIRMED", "Cancelled session": "CANCELLED"}
    assert str(cal["x-wr-timezone"]) == review.time_zone
    assert published.title in events
    assert client.get("/reviews/no-such-review/calendar.ics").status_code == 404


def test_create_and_edit_views(client, un_delegate, review):
    client.force_login(un_delegate)
    url = reverse("hearings:create") + f"?review={review.slug}"
    assert client.get(url).status_code == 200
    page = client.get(url + "&template=hearing")
    assert "Opening by the chair | 10" in page.content.decode()
    data = {
        "template": "hearing", "title": "Hearing on remittances", "format": "hybrid",
        "starts_at": "2026-03-10T10:00", "ends_at": "2026-03-10T12:00",
        "speaking_time_seconds": "150", "agenda": "Opening | 10\nDebate | 100", "languages": ["es"],
        "role_panelist": "3",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    session = Session.objects.get(title="Hearing on remittances")
    zone = zoneinfo.ZoneInfo(review.time_zone)
    assert session.starts_at == datetime.datetime(2026, 3, 10, 10, 0, tzinfo=zone)
    assert session.role_plan == {"panelist": 3}
    assert [a.duration_minutes for a in session.agenda.all()] == [10, 100]
    edit = reverse("hearings:edit", args=[session.pk])
    assert "2026-03-10T10:00" in client.get(edit).content.decode()
    bad = client.post(edit, {**data, "agenda": "Opening without minutes"})
    assert bad.status_code == 400
    assert "vertical bar" in bad.content.decode()
    assert "Hearing on remittances" in bad.content.decode()  # what was typed is kept
    publish = client.post(reverse("hearings:publish", args=[session.pk]))
    assert publish.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED


@pytest.mark.parametrize(
    "persona,status",
    [("outsider", 403), ("cso_rep", 403), ("un_delegate", 200), ("committee_member", 200)],
)
def test_organizer_pages_role_matrix(request, client, review, persona, status):
    session = make_session(review)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hearings:edit", args=[session.pk])).status_code == status
    assert client.get(reverse("hearings:create") + f"?review={review.slug}").status_code == status
    assert client.get(reverse("hearings:summary", args=[session.pk])).status_code == status
    expected = 302 if status == 200 else 403
    assert client.post(reverse("hearings:publish", args=[session.pk])).status_code == expected


def test_times_are_shown_in_the_review_zone(review, client):
    review.time_zone = "America/Santiago"
    review.save()
    session = make_session(
        review, starts_at=datetime.datetime(2026, 1, 15, 15, 0, tzinfo=datetime.UTC)
    )
    html = client.get(session.get_absolute_url()).content.decode()
    local = timezone.localtime(session.starts_at, zoneinfo.ZoneInfo("America/Santiago"))
    assert local.strftime("%H:%M") in html
    assert 'data-zone="America/Santiago"' in html


def test_objective_pages_list_published_sessions(client, un_delegate, review):
    cluster = Roundtable.objects.prefetch_related("objectives").first()
    assert cluster is not None
    objective = cluster.objectives.order_by("number").first()
    assert objective is not None
    session = create(
        un_delegate,
        review,
        template="roundtable",
        roundtable=cluster,
        title="Roundtable on pathways",
    )
    page = client.get(f"/en/objectives/{objective.number}/").content.decode()
    assert "Roundtable on pathways" not in page  # still a draft
    actions.do_publish_session(un_delegate, session)
    page = client.get(f"/en/objectives/{objective.number}/").content.decode()
    assert "Roundtable on pathways" in page and session.get_absolute_url() in page

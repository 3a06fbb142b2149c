"""Session summaries and monitoring aggregates as evidence (issue 7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minga.gcm.models import Country
from minga.hearings import actions as hearing_actions
from minga.hearings.models import Session, SessionStatus
from minga.monitoring.models import CodedRecord, Status
from minga.monitoring.models import Report as IncidentReport
from minga.reports import actions, evidence


def make_session(review, status=SessionStatus.PUBLISHED):
    start = timezone.now() - datetime.timedelta(days=3)
    return Session.objects.create(
        review=review, title="Audiencia sobre vías regulares", status=status,
        starts_at=start, ends_at=start + datetime.timedelta(hours=2),
    )  # fmt: skip


def publish_incidents(n, iso2, *, status=Status.PUBLISHED):
    country = Country.objects.get(code=iso2)
    for i in range(n):
        report = IncidentReport.objects.create(
            reference=f"MR-{iso2}{status[:2]}{i}", lookup_id=f"L{i:07d}{iso2}{status[:2]}",
            receipt_hash="x", reporter_public_key="x", status=status, consent_aggregates=True,
            received_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
        CodedRecord.objects.create(
            report=report, incident_types=["pushback"], month=datetime.date(2026, 1, 1),
            country=country, perpetrator="border_police",
        )  # fmt: skip


def test_the_new_kinds_are_registered():
    keys = {k.key for k in evidence.kinds()}
    assert {"session_summary", "monitoring_aggregate"} <= keys


def test_a_published_session_summary_is_cited(paragraph, rapporteur, review, un_delegate):
    session = make_session(review)
    with pytest.raises(ValidationError):  # no summary yet
        actions.do_add_evidence(rapporteur, paragraph, kind="session_summary", object_id=session.pk)
    hearing_actions.do_publish_summary(un_delegate, session, "Las organizaciones pidieron…")
    link = actions.do_add_evidence(
        rapporteur, paragraph, kind="session_summary", object_id=str(session.pk)
    )
    assert link.object_id == session.pk
    assert "Audiencia sobre vías regulares" in link.title
    assert link.url == f"/sessions/{session.pk}/#summary-title"


@pytest.mark.parametrize("status", [SessionStatus.DRAFT, SessionStatus.CANCELLED])
def test_a_summary_of_a_session_not_public_is_refused(paragraph, rapporteur, review, status):
    session = make_session(review, status=status)
    Session.objects.filter(pk=session.pk).update(
        summary="Notas internas", summary_published_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        actions.do_add_evidence(rapporteur, paragraph, kind="session_summary", object_id=session.pk)
    assert paragraph.evidence.count() == 0


def test_an_unpublished_summary_is_refused(paragraph, rapporteur, review):
    session = make_session(review)
    Session.objects.filter(pk=session.pk).update(summary="Borrador de la relatoría")
    with pytest.raises(ValidationError):
        actions.do_add_evidence(rapporteur, paragraph, kind="session_summary", object_id=session.pk)


def test_a_shown_monitoring_cell_is_cited_by_country_code(paragraph, rapporteur, settings):
    settings.MINGA_MONITORING_K = 5
    publish_incidents(6, "MX")
    publish_incidents(7, "GT")
    link = actions.do_add_evidence(
        rapporteur, paragraph, kind="monitoring_aggregate", object_id="mx"
    )
    mexico = Country.objects.get(code="MX")
    assert link.object_id == mexico.pk
    assert "6" in link.title and "Mexico" in link.title
    assert link.url == "/monitoring/"
    # Its number works too.
    other = actions.do_add_evidence(
        rapporteur, paragraph, kind="monitoring_aggregate",
        object_id=Country.objects.get(code="GT").pk,
    )  # fmt: skip
    assert "7" in other.title


def test_a_suppressed_or_unpublished_monitoring_cell_is_refused(paragraph, rapporteur, settings):
    settings.MINGA_MONITORING_K = 5
    publish_incidents(6, "MX")
    publish_incidents(7, "GT")
    publish_incidents(2, "HN")  # under k: hidden (and so is the smallest shown cell)
    publish_incidents(9, "CO", status=Status.VERIFIED)  # not published
    for code in ("HN", "CO", "PE", "ZZ", "", "1x", 99_999):
        with pytest.raises(ValidationError):
            actions.do_add_evidence(
                rapporteur, paragraph, kind="monitoring_aggregate", object_id=code
            )
    # MX (the smallest shown) is hidden too: the total minus the others would reveal HN.
    with pytest.raises(ValidationError):
        actions.do_add_evidence(rapporteur, paragraph, kind="monitoring_aggregate", object_id="MX")
    assert actions.do_add_evidence(
        rapporteur, paragraph, kind="monitoring_aggregate", object_id="GT"
    )
    # Nothing row-level: the title and address name only the country and its shown count.
    link = paragraph.evidence.get()
    assert "MR-" not in link.title and "MR-" not in link.url

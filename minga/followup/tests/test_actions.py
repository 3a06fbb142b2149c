import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minga.followup import actions, queries
from minga.followup.models import Bulletin, Progress, Reminder, ResponseStatus, Verdict
from minga.testing import factories as f


def _mx(recommendation):
    return recommendation.addressees.get(country__code="MX")


def test_only_committee_or_delegates_create_and_input_checked(
    review, migrant, committee_member, iom
):
    with pytest.raises(PermissionDenied):
        actions.do_create_recommendation(migrant, review, text="x", due_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        actions.do_create_recommendation(
            committee_member, review, text="Hacer algo", due_on=timezone.localdate()
        )
    assert "countries" in error.value.message_dict
    cso = f.make_organization("Some CSO")
    with pytest.raises(ValidationError):
        actions.do_create_recommendation(
            committee_member,
            review,
            text="Hacer algo",
            due_on=timezone.localdate(),
            institutions=[cso],
        )


def test_state_focal_point_responds_for_own_state_only(
    recommendation, state_focal_point, iom_delegate, migrant
):
    mx = _mx(recommendation)
    iom_row = recommendation.addressees.get(institution__isnull=False)
    with pytest.raises(PermissionDenied):
        actions.do_respond_recommendation(migrant, mx, status="accepted", explanation="Sí")
    with pytest.raises(PermissionDenied):
        actions.do_respond_recommendation(
            state_focal_point, iom_row, status="accepted", explanation="Sí"
        )
    with pytest.raises(ValidationError):
        actions.do_respond_recommendation(state_focal_point, mx, status="accepted", explanation=" ")
    actions.do_respond_recommendation(
        state_focal_point, mx, status="accepted", explanation="Aceptamos."
    )
    actions.do_respond_recommendation(
        iom_delegate, iom_row, status="noted", explanation="Tomamos nota."
    )
    mx.refresh_from_db()
    assert mx.response_status == ResponseStatus.ACCEPTED
    other_state = f.make_user("co@example.org")
    f.grant(other_state, "state_focal_point", iso2="CO")
    f.give_mfa(other_state)
    with pytest.raises(PermissionDenied):
        actions.do_post_progress(other_state, mx, progress="in_progress", text="Hecho")


def test_progress_and_verification(
    recommendation, state_focal_point, accredited_rep, organization, migrant
):
    mx = _mx(recommendation)
    with pytest.raises(ValidationError):
        actions.do_post_progress(
            state_focal_point,
            mx,
            progress="in_progress",
            text="Ok",
            evidence_url="javascript:alert(1)",
        )
    update = actions.do_post_progress(
        state_focal_point,
        mx,
        progress="in_progress",
        text="Se abrió un programa.",
        evidence_url="https://gob.mx/programa",
    )
    with pytest.raises(PermissionDenied):
        actions.do_verify_progress(
            migrant, update, organization=organization, verdict="confirmed", evidence="x"
        )
    verification = actions.do_verify_progress(
        accredited_rep,
        update,
        organization=organization,
        verdict=Verdict.PARTLY,
        evidence="Sólo en dos estados.",
    )
    again = actions.do_verify_progress(
        accredited_rep,
        update,
        organization=organization,
        verdict=Verdict.CONFIRMED,
        evidence="Ahora en todos.",
    )
    assert again.pk == verification.pk and again.verdict == Verdict.CONFIRMED
    mx.refresh_from_db()
    assert mx.progress == Progress.IN_PROGRESS


def test_overdue_reminder_is_sent_once_in_a_time_travel(
    recommendation, state_focal_point, iom_delegate, django_capture_on_commit_callbacks
):
    due = recommendation.due_on
    mail.outbox.clear()
    # Long before the due date: nothing.
    assert actions.do_send_reminders(None, today=due - datetime.timedelta(days=30)) == 0
    # Two weeks before: a "due soon" reminder for each addressee.
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_send_reminders(None, today=due - datetime.timedelta(days=10)) == 2
    # Travel past the due date: the overdue reminder goes, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_send_reminders(None, today=due + datetime.timedelta(days=1)) == 2
        assert actions.do_send_reminders(None, today=due + datetime.timedelta(days=2)) == 0
    assert Reminder.objects.filter(kind="after").count() == 2
    assert state_focal_point.notifications.filter(event="recommendation.overdue").exists()
    overdue = state_focal_point.notifications.get(event="recommendation.overdue")
    assert overdue.emailed_at is not None  # e-mailed, in the focal point's language (Spanish)
    assert any(m.to == [state_focal_point.email] and "Vencida" in m.subject for m in mail.outbox)
    # Implemented recommendations are not chased.
    mx = _mx(recommendation)
    actions.do_post_progress(state_focal_point, mx, progress="implemented", text="Listo.")
    recommendation.due_on = due + datetime.timedelta(days=100)
    recommendation.save()
    assert (
        actions.do_send_reminders(None, today=recommendation.due_on + datetime.timedelta(days=1))
        == 1
    )


def test_tracker_filters_and_rollup(recommendation, state_focal_point, review):
    mx = _mx(recommendation)
    actions.do_respond_recommendation(state_focal_point, mx, status="accepted", explanation="Sí")
    page = queries.tracker(review, queries.Filters(addressee="mx"), 1)
    assert [row.pk for row in page.object_list] == [mx.pk]
    assert queries.tracker(review, queries.Filters(objective=4), 1).paginator.count == 2
    assert queries.tracker(review, queries.Filters(objective=5), 1).paginator.count == 0
    assert queries.tracker(review, queries.Filters(status="accepted"), 1).paginator.count == 1
    assert queries.tracker(review, queries.Filters(overdue=True), 1).paginator.count == 0
    rollup = queries.rollup(review, queries.Filters())
    mx_row = next(r for r in rollup["addressees"] if r["key"] == "MX")
    assert mx_row["total"] == 1 and mx_row["accepted"] == 1
    assert rollup["objectives"][0]["number"] == 4 and rollup["objectives"][0]["total"] == 2


def test_bulletin_drafted_reviewed_sent_in_each_language(
    review, un_delegate, migrant, outsider, recommendation
):
    actions.do_subscribe_bulletin(migrant, subscribe=True)
    outsider.preferred_language = "fr"
    outsider.save()
    actions.do_subscribe_bulletin(outsider, subscribe=True)
    with pytest.raises(PermissionDenied):
        actions.do_draft_bulletin(migrant, review)
    bulletin = actions.do_draft_bulletin(un_delegate, review)
    assert set(bulletin.bodies) == {"es", "en", "pt", "fr"}
    assert "Recomendaciones" in bulletin.bodies["es"] or "Recommendations" in bulletin.bodies["en"]
    with pytest.raises(ValidationError):
        actions.do_send_bulletin(un_delegate, bulletin)  # not reviewed yet
    actions.do_edit_bulletin(
        un_delegate, bulletin, language="fr", body="Bulletin relu en français."
    )
    mail.outbox.clear()
    assert actions.do_send_bulletin(un_delegate, bulletin) == 2
    french = next(m for m in mail.outbox if m.to == [outsider.email])
    assert "Bulletin relu en français." in french.body
    with pytest.raises(ValidationError):
        actions.do_send_bulletin(un_delegate, Bulletin.objects.get(pk=bulletin.pk))

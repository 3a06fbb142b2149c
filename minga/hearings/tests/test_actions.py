import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minga.core.models import AuditEntry
from minga.hearings.actions import do_assign_session_role, do_remove_session_role
from minga.hearings.models import RoleSource, Session, SessionRole, SessionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(review):
    start = timezone.now() + datetime.timedelta(days=10)
    return Session.objects.create(
        review=review,
        title="Roundtable on safe and regular pathways",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status=SessionStatus.PUBLISHED,
    )


def test_organizer_assigns_a_role_once_and_it_is_audited(session, un_delegate, migrant):
    first = do_assign_session_role(un_delegate, session, migrant, "rapporteur")
    again = do_assign_session_role(un_delegate, session, migrant, "rapporteur")
    assert first.pk == again.pk
    assert SessionRole.objects.filter(session=session).count() == 1
    assert first.source == RoleSource.ORGANIZERS
    assert AuditEntry.objects.filter(action="hearings.assign_role").count() == 1


def test_outsider_cannot_assign_or_remove(session, outsider, migrant, un_delegate):
    with pytest.raises(PermissionDenied):
        do_assign_session_role(outsider, session, migrant, "panelist")
    assignment = do_assign_session_role(un_delegate, session, migrant, "panelist")
    with pytest.raises(PermissionDenied):
        do_remove_session_role(outsider, assignment)
    do_remove_session_role(un_delegate, assignment)
    assert not SessionRole.objects.exists()


def test_unknown_role_is_refused(session, un_delegate, migrant):
    with pytest.raises(ValidationError):
        do_assign_session_role(un_delegate, session, migrant, "king")


def test_public_sessions_exclude_drafts(session, review):
    start = timezone.now()
    Session.objects.create(
        review=review, title="Draft session", starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )  # fmt: skip
    assert list(Session.objects.public()) == [session]

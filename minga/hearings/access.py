"""The one way views reach sessions and the things inside them.

Published and cancelled sessions are public; drafts only for the review's organizers.
``for_write`` needs an organizer. Malformed or unknown ids are a 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import FloorRequest, Question, Registration, Session, SessionRole


def access_session(user: Any, session_id: Any, *, for_write: bool = False) -> Session:
    session = (
        Session.objects.select_related("review", "roundtable")
        .filter(pk=id_or_404(session_id))
        .first()
    )
    if session is None or not permissions.can_view_session(user, session):
        raise Http404
    if for_write and not permissions.can_organize_sessions(user, session.review):
        raise PermissionDenied
    return session


def access_question(user: Any, session: Session, question_id: Any) -> Question:
    question = Question.objects.filter(pk=id_or_404(question_id), session=session).first()
    if question is None:
        raise Http404
    question.session = session
    return question


def access_floor_request(user: Any, session: Session, request_id: Any) -> FloorRequest:
    request = FloorRequest.objects.filter(pk=id_or_404(request_id), session=session).first()
    if request is None:
        raise Http404
    request.session = session
    return request


def access_session_role(user: Any, session: Session, role_id: Any) -> SessionRole:
    assignment = (
        SessionRole.objects.select_related("person")
        .filter(pk=id_or_404(role_id), session=session)
        .first()
    )
    if assignment is None:
        raise Http404
    assignment.session = session
    return assignment


def access_registration(
    user: Any, session: Session, registration_id: Any, *, for_check_in: bool = False
) -> Registration:
    """A registration of this session: its own person, or a moderator of the session."""
    registration = (
        Registration.objects.select_related("person")
        .filter(pk=id_or_404(registration_id), session=session)
        .first()
    )
    if registration is None:
        raise Http404
    registration.session = session
    moderator = permissions.can_moderate_session(user, session)
    if for_check_in and not moderator:
        raise PermissionDenied
    if not moderator and registration.person_id != getattr(user, "pk", None):
        raise Http404
    return registration

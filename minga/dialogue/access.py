"""The one way views reach consultations and contributions.

Consultations and contributions are public to read (hidden contributions show a notice in
the page); writing is checked here. Raises Http404 for a missing object or malformed id and
PermissionDenied when the user may not act on it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions, queries
from .models import Consultation, Contribution


def access_consultation(
    user: Any, consultation_id: Any, *, for_write: bool = False
) -> Consultation:
    """Any consultation is public; ``for_write`` (edit, phases, close) needs a UN delegate or
    committee member."""
    consultation = queries.consultation_for_page(id_or_404(consultation_id))
    if consultation is None:
        raise Http404
    if for_write and not permissions.can_manage_consultation(user, consultation):
        raise PermissionDenied
    return consultation


def access_contribution(
    user: Any, contribution_id: Any, *, for_write: bool = False
) -> Contribution:
    """A contribution (reacting checks its own rules in the action); ``for_write`` (editing)
    needs its author while the consultation is not closed."""
    contribution = (
        Contribution.objects.select_related("consultation", "author")
        .filter(pk=id_or_404(contribution_id))
        .first()
    )
    if contribution is None:
        raise Http404
    if for_write and not permissions.can_edit_contribution(user, contribution):
        raise PermissionDenied
    return contribution

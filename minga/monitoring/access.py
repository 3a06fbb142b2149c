"""The one way views reach monitoring reports and keys: reviewers only (with MFA)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import Report, ReviewerKey


def access_report(user: Any, report_id: Any, *, for_write: bool = False) -> Report:
    if not permissions.is_reviewer(user):
        raise PermissionDenied
    report = Report.objects.filter(pk=id_or_404(report_id)).first()
    if report is None:
        raise Http404
    return report


def access_reviewer_key(user: Any, key_id: Any, *, for_write: bool = False) -> ReviewerKey:
    """Admins manage every key; a reviewer reaches approved keys (to grant them access)."""
    if permissions.can_manage_keys(user):
        key = ReviewerKey.objects.select_related("user").filter(pk=id_or_404(key_id)).first()
    elif permissions.is_reviewer(user) and not for_write:
        key = (
            ReviewerKey.objects.select_related("user")
            .filter(pk=id_or_404(key_id), status="approved")
            .first()
        )
    else:
        raise PermissionDenied
    if key is None:
        raise Http404
    return key

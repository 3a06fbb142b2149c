from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from . import followable
from .models import Notification


def access_notification(
    user: Any, notification_id: int, *, for_write: bool = False
) -> Notification:
    """A notification, only for its recipient (others get 404: they must not learn it exists)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    found = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if found is None:
        raise Http404
    return found


def access_followable(
    user: Any, key: str, object_id: int, *, for_write: bool = False
) -> models.Model:
    """A followable thing by "app_label.model" and id; 404 if unknown, hidden by moderation or
    not published yet (a practice under review)."""
    content_type = followable.content_type_for_key(key)
    if content_type is None:
        raise Http404
    model = content_type.model_class()
    if model is None:
        raise Http404
    target: Any = model._default_manager.filter(pk=object_id).first()
    if target is None or getattr(target, "is_hidden", False):
        raise Http404
    if getattr(target, "is_published", True) is False:
        raise Http404
    return target

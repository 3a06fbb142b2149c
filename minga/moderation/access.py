"""The one way to reach a moderated item from a URL (content type id + object id)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .models import Moderated
from .permissions import can_moderate


def access_item(user: Any, content_type_id: int, object_id: int, *, for_write: bool = False) -> Any:
    """A Moderated item. Anyone signed in may reach a visible item (to flag it); hidden items
    and every write (hide, restore...) are for moderators only."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    model = content_type.model_class()
    if model is None or not issubclass(model, Moderated):
        raise Http404
    item: models.Model | None = model._default_manager.filter(pk=object_id).first()
    if item is None:
        raise Http404
    if for_write and not can_moderate(user):
        raise PermissionDenied
    if getattr(item, "is_hidden", False) and not can_moderate(user):
        raise Http404
    return item

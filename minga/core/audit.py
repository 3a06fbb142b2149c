from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def record(actor: Any, action: str, target: models.Model | None = None, **data: Any) -> AuditEntry:
    """Write one audit entry. Called by actions, inside their transaction."""
    entry = AuditEntry(action=action, data=data)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
    entry.save()
    return entry

"""The append-only custody log, chained by hash. Entries say who did what to which report,
never what the report says."""

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import CustodyEntry, Report

GENESIS = "0" * 64


def _digest(entry: CustodyEntry) -> str:
    body = json.dumps(
        {
            "previous": entry.previous_hash,
            "reference": entry.reference,
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "detail": entry.detail,
            "at": entry.at.isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _when(actor: Any) -> Any:
    """Entries the reporter causes (no actor) keep the hour only: an exact time next to a
    web server's log could point at a person."""
    now = timezone.now()
    if not getattr(actor, "is_authenticated", False):
        return now.replace(minute=0, second=0, microsecond=0)
    return now


def append(actor: Any, action: str, report: Report | None = None, **detail: Any) -> CustodyEntry:
    """Add one entry at the end of the chain (retries if another entry won the race)."""
    for _attempt in range(5):
        last = CustodyEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = CustodyEntry(
            report=report,
            reference=report.reference if report is not None else "",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=(str(actor)[:200] if getattr(actor, "is_authenticated", False) else ""),
            action=action,
            detail=detail,
            at=_when(actor),
            previous_hash=last or GENESIS,
        )
        entry.entry_hash = _digest(entry)
        try:
            with transaction.atomic():
                entry.save()
            return entry
        except IntegrityError:
            continue
    raise RuntimeError("custody log busy")


def verify() -> int | None:
    """The id of the first entry that breaks the chain, or None when it is intact."""
    previous = GENESIS
    for entry in CustodyEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous or _digest(entry) != entry.entry_hash:
            return entry.pk
        previous = entry.entry_hash
    return None

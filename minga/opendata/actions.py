"""State changes of open data: building export snapshots."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minga.core.audit import record

from . import exports, snapshots
from .models import Snapshot


def do_build_snapshots(actor: Any, names: Iterable[str] | None = None) -> list[Snapshot]:
    """Build a snapshot of the exports (all of them by default). Run by the worker and the
    management command (``actor`` None) or by a platform administrator."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only platform administrators can build open data snapshots."))
    chosen = list(names or [])
    unknown = [n for n in chosen if n not in exports.EXPORTS]
    if unknown:
        raise ValidationError(_("Unknown export: %(names)s."), params={"names": ", ".join(unknown)})
    # Files are written outside the transaction (long, and storage is not transactional);
    # the rows and the audit entry are recorded together.
    made = snapshots.build(chosen or None)
    with transaction.atomic():
        record(
            actor,
            "opendata.build_snapshots",
            None,
            build=made[-1].build,
            files=len(made),
            rows={s.filename: s.rows for s in made if s.export != snapshots.DATAPACKAGE},
        )
    return made

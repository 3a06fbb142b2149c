"""Background snapshots of the bulk exports.

A build writes every declared export as CSV and NDJSON, plus a ``datapackage.json`` whose
resource paths are the CSV file names beside it, into one folder of the default storage
(``opendata/snapshots/<build>/``), one ``Snapshot`` row per file. Files are written to a
temporary file chunk by chunk first (constant memory), then saved to storage, so object
storage works as well as a local folder. The newest ``KEEP_BUILDS`` builds are kept.

Big tables (``Export.snapshot``) are then served from their newest snapshot instead of being
streamed from the database on every request. The worker enqueues a build when the newest one
is older than ``settings.OPENDATA_SNAPSHOT_MAX_AGE`` seconds (a day by default);
``manage.py build_opendata_snapshots`` builds one now.
"""

import datetime
import json
import tempfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from . import exports
from .models import Snapshot

KEEP_BUILDS = 3
DATAPACKAGE = "datapackage"
FOLDER = "opendata/snapshots"


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "OPENDATA_SNAPSHOT_MAX_AGE", 86_400))


def _save(build: str, filename: str, source: Any) -> str:
    return default_storage.save(f"{FOLDER}/{build}/{filename}", File(source, name=filename))


def build(names: Iterable[str] | None = None) -> list[Snapshot]:
    """Write one snapshot build; returns its Snapshot rows (datapackage last)."""
    chosen = [exports.EXPORTS[n] for n in names] if names else list(exports.EXPORTS.values())
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    made: list[Snapshot] = []
    for export in chosen:
        for fmt in exports.FORMATS:
            with tempfile.TemporaryFile() as out:
                rows = exports.write(export, fmt, out)
                size = out.tell()
                out.seek(0)
                name = _save(stamp, export.filename(fmt), out)
            made.append(
                Snapshot.objects.create(
                    build=stamp, export=export.name, format=fmt, file=name, rows=rows, size=size
                )
            )
    descriptor = exports.datapackage(lambda e: e.filename("csv"), chosen)
    descriptor["created"] = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps(descriptor, ensure_ascii=False, indent=2).encode()
    with tempfile.TemporaryFile() as out:
        out.write(body)
        out.seek(0)
        name = _save(stamp, "datapackage.json", out)
    made.append(
        Snapshot.objects.create(
            build=stamp,
            export=DATAPACKAGE,
            format="json",
            file=name,
            rows=len(chosen),
            size=len(body),
        )
    )
    prune()
    return made


def prune(keep: int = KEEP_BUILDS) -> int:
    """Delete the files and rows of all but the newest ``keep`` builds."""
    builds = set(Snapshot.objects.order_by().values_list("build", flat=True).distinct())
    newest = sorted(builds, reverse=True)[:keep]
    old = Snapshot.objects.exclude(build__in=newest)
    removed = 0
    for snapshot in old:
        default_storage.delete(str(snapshot.file.name))
        removed += 1
    old.delete()
    return removed


def latest(export: str, fmt: str) -> Snapshot | None:
    return Snapshot.objects.filter(export=export, format=fmt).order_by("-created_at", "-id").first()


def latest_build() -> list[Snapshot]:
    """The files of the newest build (one query for the build, one for its files)."""
    newest = Snapshot.objects.order_by("-created_at", "-id").values_list("build", flat=True).first()
    if newest is None:
        return []
    return list(Snapshot.objects.filter(build=newest).order_by("export", "format"))


def is_due(now: datetime.datetime | None = None) -> bool:
    newest = Snapshot.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    return newest is None or (now or timezone.now()) - newest >= max_age()

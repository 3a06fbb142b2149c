"""Bulk exports of public data in CSV and NDJSON, with a Frictionless Data Package descriptor.

Each export is declared once (an ``Export`` with its ``Column`` list); the same declaration
drives the streamed CSV and NDJSON files, the Table Schema in ``datapackage.json``, the
background snapshots (``snapshots.py``) and the download list on ``/<lang>/data/``.

Rows are read in keyset-paginated chunks (``pk > last ORDER BY pk LIMIT CHUNK_SIZE``) with
``values_list``, so memory stays flat and every chunk costs one query plus one per "chunk
column" (GCM links, States…), whatever the size of the table.

Adding an export for another app (monitoring aggregates, recommendations…) takes one block in
``minga/opendata/datasets.py`` (opendata sits above the domain apps, so it imports them, never
the other way round)::

    register(Export(
        name="recommendations",
        title=_("Recommendations"),
        description=_("…"),
        queryset=lambda: Recommendation.objects.public(),
        columns=[id_column(), Column("title", STRING), *gcm_columns(Recommendation),
                 *timestamps()],
        snapshot=False,  # True for big tables: served from background snapshots
    ))

Only public rows and public fields may be declared: the queryset must leave out everything
hidden, unpublished or private, and tests in ``minga/opendata/tests/test_exports.py`` check
the declared exports for known private values.
"""

import csv
import datetime
import decimal
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from minga.gcm.models import GCMLink

CHUNK_SIZE = 2_000
FORMATS = ("csv", "ndjson")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
LIST_SEPARATOR = ";"

# Frictionless Table Schema types used here.
INTEGER, NUMBER, STRING, BOOLEAN, DATE, DATETIME = (
    "integer",
    "number",
    "string",
    "boolean",
    "date",
    "datetime",
)

Row = Mapping[str, Any]
ChunkLookup = Callable[[list[int]], Mapping[int, Any]]


@dataclass(frozen=True)
class Column:
    """One column. Its value comes from ``path`` (a ``values_list`` lookup, by default the
    column name), from ``compute(row)`` (``row`` maps every path of the export to its value),
    or from ``per_chunk(ids)`` (one query per chunk returning ``{pk: value}``)."""

    name: str
    type: str
    description: Any = ""
    path: str | None = None
    compute: Callable[[Row], Any] | None = None
    per_chunk: ChunkLookup | None = None
    required: bool = False

    @property
    def source(self) -> str | None:
        if self.compute is not None or self.per_chunk is not None:
            return None
        return self.path or self.name

    def schema(self) -> dict[str, Any]:
        descriptor: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            descriptor["description"] = str(self.description)
        if self.type == DATETIME:
            descriptor["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if self.required:
            descriptor["constraints"] = {"required": True}
        return descriptor


@dataclass(frozen=True)
class Export:
    name: str
    title: Any
    description: Any
    queryset: Callable[[], QuerySet[Any]]
    columns: list[Column]
    # Extra ``values_list`` paths that computed columns read (not exported as such).
    reads: list[str] = field(default_factory=list)
    # Big tables: served from the latest background snapshot (see snapshots.py).
    snapshot: bool = False
    # Small computed tables (such as the suppressed monitoring aggregates): all rows at once,
    # in column order, instead of reading ``queryset`` (see opendata/monitoring.py).
    rows: Callable[[], list[list[Any]]] | None = None

    @property
    def paths(self) -> list[str]:
        paths = ["pk"]
        for column in self.columns:
            if column.source and column.source not in paths:
                paths.append(column.source)
        for extra in self.reads:
            if extra not in paths:
                paths.append(extra)
        return paths

    @property
    def field_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def filename(self, fmt: str) -> str:
        return f"{self.name}.{fmt}"

    def table_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [c.schema() for c in self.columns]}
        if "id" in self.field_names:
            schema["primaryKey"] = ["id"]
        return schema


EXPORTS: dict[str, Export] = {}


def register(export: Export) -> Export:
    """Declare an export (idempotent by name, so ``ready()`` may run twice)."""
    EXPORTS[export.name] = export
    return export


# --- Rows -------------------------------------------------------------------------------------


def iter_chunks(export: Export, chunk_size: int = CHUNK_SIZE) -> Iterator[list[list[Any]]]:
    """Rows of the export (as lists of Python values, in column order), chunk by chunk."""
    if export.rows is not None:
        computed = export.rows()
        for start in range(0, len(computed), chunk_size):
            yield computed[start : start + chunk_size]
        return
    paths = export.paths
    index = {path: i for i, path in enumerate(paths)}
    plan: list[tuple[str, Any]] = []
    for column in export.columns:
        if column.per_chunk is not None:
            plan.append(("chunk", column.per_chunk))
        elif column.compute is not None:
            plan.append(("compute", column.compute))
        else:
            plan.append(("path", index[column.source or column.name]))
    base = export.queryset().order_by("pk")
    last = 0
    while True:
        rows = list(base.filter(pk__gt=last).values_list(*paths)[:chunk_size])
        if not rows:
            return
        last = rows[-1][0]
        ids = [row[0] for row in rows]
        looked_up = [fn(ids) if kind == "chunk" else None for kind, fn in plan]
        out: list[list[Any]] = []
        for row in rows:
            mapping: dict[str, Any] | None = None
            values: list[Any] = []
            for n, (kind, how) in enumerate(plan):
                if kind == "path":
                    values.append(row[how])
                elif kind == "chunk":
                    values.append(looked_up[n].get(row[0]))  # type: ignore[union-attr]
                else:
                    if mapping is None:
                        mapping = dict(zip(paths, row, strict=True))
                    values.append(how(mapping))
            out.append(values)
        yield out
        if len(rows) < chunk_size:
            return


Converter = Callable[[Any], Any] | None


def _utc(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Any) -> Any:
    if value is None:
        return None
    number = decimal.Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _joined(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def _json_converter(column: Column) -> Converter:
    """How one column's Python values become JSON values (None: as they are)."""
    if column.type == DATETIME:
        return _utc
    if column.type == DATE:
        return _day
    if column.type == NUMBER:
        return _number
    if column.type == STRING and column.source is None:
        return _joined  # computed and per-chunk columns may give lists
    return None


def _csv_converter(column: Column) -> Converter:
    """The same for CSV (the csv module writes None as an empty field)."""
    if column.type == BOOLEAN:
        return lambda v: "" if v is None else ("true" if v else "false")
    return _json_converter(column)


def _converted(converters: list[Converter], chunk: list[list[Any]]) -> list[list[Any]]:
    if not any(converters):
        return chunk
    return [
        [
            value if conv is None else conv(value)
            for conv, value in zip(converters, row, strict=True)
        ]
        for row in chunk
    ]


def _csv_bytes(export: Export, chunks: Iterable[list[list[Any]]]) -> Iterator[bytes]:
    converters = [_csv_converter(c) for c in export.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export.field_names)
    yield buffer.getvalue().encode()
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_converted(converters, chunk))
        yield buffer.getvalue().encode()


def _ndjson_bytes(export: Export, chunks: Iterable[list[list[Any]]]) -> Iterator[bytes]:
    converters = [_json_converter(c) for c in export.columns]
    names = export.field_names
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for chunk in chunks:
        lines = [
            encode(dict(zip(names, row, strict=True))) for row in _converted(converters, chunk)
        ]
        yield ("\n".join(lines) + "\n").encode()


def stream(export: Export, fmt: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The file, one encoded chunk at a time: CSV (RFC 4180, UTF-8, a header row) or
    newline-delimited JSON (one object per row, with the CSV's field names and values)."""
    chunks = iter_chunks(export, chunk_size)
    if fmt == "csv":
        return _csv_bytes(export, chunks)
    if fmt == "ndjson":
        return _ndjson_bytes(export, chunks)
    raise ValueError(fmt)


def write(export: Export, fmt: str, out: Any, chunk_size: int = CHUNK_SIZE) -> int:
    """Write a whole export to a binary file object; returns the number of data rows."""
    rows = 0

    def counted() -> Iterator[list[list[Any]]]:
        nonlocal rows
        for chunk in iter_chunks(export, chunk_size):
            rows += len(chunk)
            yield chunk

    make = _csv_bytes if fmt == "csv" else _ndjson_bytes
    for part in make(export, counted()):
        out.write(part)
    return rows


def count(export: Export) -> int:
    if export.rows is not None:
        return len(export.rows())
    return export.queryset().count()


# --- Data Package ---------------------------------------------------------------------------


def datapackage(
    path_for: Callable[[Export], str], exports: Iterable[Export] | None = None
) -> dict[str, Any]:
    """A Frictionless Data Package descriptor of the CSV exports; ``path_for(export)`` gives
    each resource's path (an absolute URL for the live files, a file name in a snapshot)."""
    chosen = list(EXPORTS.values()) if exports is None else list(exports)
    return {
        "profile": "tabular-data-package",
        "name": "minga-open-data",
        "title": "Minga open data",
        "description": "Public data of the Minga platform (Global Compact for Migration, "
        "Latin America and the Caribbean). Private data never appears.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": export.name,
                "title": str(export.title),
                "description": str(export.description),
                "path": path_for(export),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": export.table_schema(),
            }
            for export in chosen
        ],
    }


# --- Shared column helpers ---------------------------------------------------------------------


def gcm_objectives(model: Any) -> ChunkLookup:
    """Per chunk: ``{pk: "13;5"}``, the GCM objective numbers linked to each item."""

    def lookup(ids: list[int]) -> Mapping[int, Any]:
        ct = ContentType.objects.get_for_model(model)
        found: dict[int, list[int]] = defaultdict(list)
        links = GCMLink.objects.filter(
            content_type=ct, object_id__in=ids, objective__isnull=False
        ).values_list("object_id", "objective__number")
        for object_id, number in links:
            found[object_id].append(number)
        return {pk: sorted(numbers) for pk, numbers in found.items()}

    return lookup


def gcm_countries(model: Any) -> ChunkLookup:
    """Per chunk: ``{pk: "GT;MX"}``, the ISO codes of the countries linked to each item."""

    def lookup(ids: list[int]) -> Mapping[int, Any]:
        ct = ContentType.objects.get_for_model(model)
        found: dict[int, list[str]] = defaultdict(list)
        links = GCMLink.objects.filter(
            content_type=ct, object_id__in=ids, country__isnull=False
        ).values_list("object_id", "country__code")
        for object_id, code in links:
            found[object_id].append(str(code))
        return {pk: sorted(codes) for pk, codes in found.items()}

    return lookup


def gcm_columns(model: Any) -> list[Column]:
    return [
        Column(
            "objectives",
            STRING,
            _("GCM objective numbers linked to the item, separated by semicolons."),
            per_chunk=gcm_objectives(model),
        ),
        Column(
            "countries",
            STRING,
            _("ISO 3166 codes of the countries linked to the item, separated by semicolons."),
            per_chunk=gcm_countries(model),
        ),
    ]


def timestamps() -> list[Column]:
    return [
        Column("created_at", DATETIME, _("When it was created (UTC)."), required=True),
        Column("updated_at", DATETIME, _("When it last changed (UTC)."), required=True),
    ]


def id_column() -> Column:
    return Column("id", INTEGER, _("Stable identifier, the same as in the API."), required=True)

"""Bulk import of initiatives from a UTF-8 CSV file (platform admins and UN delegates).

``read_file`` turns the uploaded bytes into text (size, binary, encoding and BOM checks);
``validate`` checks the header, then every row, and returns a report of every problem (row
number, column, message) together with the ready-to-create values of the valid rows;
``do_import_initiatives`` creates them through ``actions.do_create_initiative`` in one
transaction: all rows when every row is valid, or only the valid rows on explicit choice.

Row numbers are those a spreadsheet shows: the header is row 1, the first initiative row 2.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minga.core import audit
from minga.gcm.models import Country, Objective, Principle

from . import actions, permissions
from .models import Initiative, Involvement, Kind, Status

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_SHOWN_ERRORS = 500  # the report lists at most this many problems (the count is exact)
MAX_CELL = 20_000  # longer cells are refused before anything else (csv field limit)

# The columns, in the order of the template file; every one must be in the header.
COLUMNS: tuple[str, ...] = (
    "title",
    "summary",
    "kind",
    "states",
    "objectives",
    "principles",
    "start_date",
    "end_date",
    "status",
    "responsible_institution",
    "civil_society_involvement",
    "language",
)
# May be present (needed when civil society was involved: the evidence of it).
OPTIONAL_COLUMNS: tuple[str, ...] = ("civil_society_evidence",)

COLUMN_HELP: dict[str, Any] = {
    "title": gettext_lazy("Required. 5 to 200 characters."),
    "summary": gettext_lazy("Required. 20 to 10,000 characters."),
    "kind": gettext_lazy("Required. One of the codes below."),
    "states": gettext_lazy(
        "Required. ISO 3166 two-letter codes separated by ; — the first one leads "
        "(for example HN;GT)."
    ),
    "objectives": gettext_lazy("GCM objective numbers (1 to 23) separated by ; (may be empty)."),
    "principles": gettext_lazy("Guiding principle keys separated by ; (may be empty)."),
    "start_date": gettext_lazy("Required. YYYY-MM-DD."),
    "end_date": gettext_lazy("YYYY-MM-DD, not before the start date (may be empty)."),
    "status": gettext_lazy("Required. One of the codes below."),
    "responsible_institution": gettext_lazy("Required. At most 200 characters."),
    "civil_society_involvement": gettext_lazy("Required. One of the codes below."),
    "language": gettext_lazy("The language of the text: es, en, pt, fr… (empty: es)."),
    "civil_society_evidence": gettext_lazy(
        "Optional column: how civil society was involved; required when the involvement is "
        "not none."
    ),
}

# Action field → CSV column (for the action's own validation messages).
FIELD_COLUMNS = {
    "title": "title",
    "summary": "summary",
    "kind": "kind",
    "status": "status",
    "language": "language",
    "start_date": "start_date",
    "end_date": "end_date",
    "responsible_institution": "responsible_institution",
    "cs_involvement": "civil_society_involvement",
    "cs_evidence": "civil_society_evidence",
    "lead_state": "states",
    "partner_states": "states",
}


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (size, encoding, not a CSV, header)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Report:
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: dict[int, dict[str, Any]] = field(default_factory=dict)  # row → action kwargs
    delimiter: str = ","

    @property
    def is_valid(self) -> bool:
        return self.total > 0 and not self.errors

    @property
    def invalid_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def shown_errors(self) -> list[RowError]:
        return self.errors[:MAX_SHOWN_ERRORS]


# Reading the file ----------------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse a file over MAX_BYTES before reading it."""
    if size > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: send at most %(mb)d MB (split it in several files).")
            % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )


def read_file(data: bytes) -> str:
    """The text of an uploaded file; ImportFileError (translated) when it cannot be a CSV."""
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(_("The file is empty."), code="empty")
    if b"\x00" in data[:8192] or data[:4] in (b"PK\x03\x04", b"%PDF") or data[:2] == b"\xd0\xcf":
        raise ImportFileError(
            _(
                "This is not a CSV file (a spreadsheet or other binary file?). Save it as "
                "“CSV UTF-8” and send it again."
            ),
            code="binary",
        )
    try:
        text = data.decode("utf-8-sig")  # also removes the byte order mark Excel writes
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and send it again."),
            code="encoding",
        ) from None
    return text


def _header_cells(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line], delimiter=delimiter), [])
    return [cell.strip().lower() for cell in row]


def detect_delimiter(text: str) -> str:
    """Comma, or the semicolon (or tab) a spreadsheet in a Spanish or French locale writes:
    whichever makes the header name the expected columns."""
    first_line = text.splitlines()[0] if text else ""
    best, best_known = ",", -1
    for delimiter in (",", ";", "\t"):
        known = len(set(_header_cells(first_line, delimiter)) & set(COLUMNS))
        if known > best_known:
            best, best_known = delimiter, known
    return best


def _check_header(header: Sequence[str]) -> list[str]:
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [c for c in names if c not in COLUMNS and c not in OPTIONAL_COLUMNS]
    repeated = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("unknown columns: %(names)s") % {"names": ", ".join(c or "“”" for c in unknown)}
        )
    if repeated:
        problems.append(_("repeated columns: %(names)s") % {"names": ", ".join(repeated)})
    if problems:
        raise ImportFileError(
            _("The first row must name the columns described on this page. Found %(problems)s.")
            % {"problems": "; ".join(problems)},
            code="header",
        )
    return names


# Validating rows -----------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _date(value: str, column: str, errors: list[tuple[str, str]]) -> Any:
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append((column, _("“%(value)s” is not a date as YYYY-MM-DD.") % {"value": value[:40]}))
    return ""


def _norm_title(title: str) -> str:
    return " ".join(title.split()).casefold()


class _Lookups:
    """Countries, objectives and principles, read once per validation (three queries)."""

    def __init__(self) -> None:
        self.countries = {str(c.code).upper(): c for c in Country.objects.all()}
        self.objectives = {o.number: o for o in Objective.objects.all()}
        self.principles = {p.key: p for p in Principle.objects.all()}


def _row_values(
    row: int, cells: dict[str, str], look: _Lookups
) -> tuple[dict[str, Any], list[RowError]]:
    problems: list[tuple[str, str]] = []
    codes = [code.upper() for code in _split(cells["states"])]
    states = []
    for code in codes:
        country = look.countries.get(code)
        if country is None:
            problems.append(("states", _("Unknown country code “%(code)s”.") % {"code": code[:20]}))
        else:
            states.append(country)
    if not codes:
        problems.append(("states", _("Give at least one State (ISO two-letter code).")))
    objectives = []
    for number in _split(cells["objectives"]):
        found = look.objectives.get(int(number)) if number.isdigit() and len(number) < 4 else None
        if found is None:
            problems.append(
                (
                    "objectives",
                    _("Unknown GCM objective “%(value)s”: use numbers 1 to 23.")
                    % {"value": number[:20]},
                )
            )
        else:
            objectives.append(found)
    principles = []
    for key in _split(cells["principles"]):
        found_principle = look.principles.get(key.lower())
        if found_principle is None:
            problems.append(
                ("principles", _("Unknown principle key “%(value)s”.") % {"value": key[:40]})
            )
        else:
            principles.append(found_principle)
    kwargs: dict[str, Any] = {
        "title": cells["title"],
        "summary": cells["summary"],
        "kind": cells["kind"].strip(),
        "status": cells["status"].strip(),
        "responsible_institution": cells["responsible_institution"],
        "cs_involvement": cells["civil_society_involvement"].strip(),
        "cs_evidence": cells.get("civil_society_evidence", ""),
        "language": cells["language"].strip().lower(),
        "lead_state": states[0] if states else None,
        "partner_states": states[1:],
        "objectives": list(dict.fromkeys(objectives)),
        "principles": list(dict.fromkeys(principles)),
        "start_date": _date(cells["start_date"], "start_date", problems),
        "end_date": _date(cells["end_date"], "end_date", problems),
    }
    try:
        # The action's own rules (lengths, choices, date range, end before start, evidence).
        actions._clean_initiative(kwargs)
    except ValidationError as error:
        seen = {column for column, _message in problems}
        for name, messages in error.message_dict.items():
            column = FIELD_COLUMNS.get(name, name)
            if column == "civil_society_evidence" and "civil_society_evidence" not in cells:
                column = "civil_society_involvement"
            if column in seen:  # already explained more precisely (unknown code, bad date)
                continue
            problems.extend((column, message) for message in messages)
    ordered = sorted(problems, key=lambda p: COLUMNS.index(p[0]) if p[0] in COLUMNS else 99)
    errors = [RowError(row, column, message) for column, message in ordered]
    if kwargs["end_date"] is None:
        kwargs.pop("end_date")
    return kwargs, errors


def validate(text: str) -> Report:
    """Check the header (ImportFileError) and every row; never raises for a bad row."""
    delimiter = detect_delimiter(text)
    report = Report(delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError(_("The file is empty."), code="empty")
        names = _check_header(header)
        raw_rows: list[tuple[int, list[str]]] = []
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are ignored
            raw_rows.append((index, cells))
            if len(raw_rows) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)d initiatives: split it in several files.")
                    % {"max": MAX_ROWS},
                    code="too_many_rows",
                )
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as CSV (%(detail)s).") % {"detail": str(error)[:200]},
            code="csv",
        ) from None
    if not raw_rows:
        raise ImportFileError(
            _("The file has a header but no initiatives below it."), code="no_rows"
        )
    look = _Lookups()
    report.total = len(raw_rows)
    seen: dict[tuple[str, int], int] = {}
    candidates: dict[int, dict[str, Any]] = {}
    for row, cells in raw_rows:
        if len(cells) != len(names):
            report.errors.append(
                RowError(
                    row,
                    "",
                    _("This row has %(found)d cells where the header has %(expected)d.")
                    % {"found": len(cells), "expected": len(names)},
                )
            )
            continue
        values = dict(zip(names, cells, strict=True))
        if any(len(cell) > MAX_CELL for cell in cells):
            column = next(n for n, c in values.items() if len(c) > MAX_CELL)
            report.errors.append(RowError(row, column, actions._too_long(MAX_CELL)))
            continue
        kwargs, errors = _row_values(row, values, look)
        lead = kwargs["lead_state"]
        if lead is not None and kwargs["title"].strip():
            key = (_norm_title(kwargs["title"]), lead.pk)
            if key in seen:
                errors.append(
                    RowError(
                        row,
                        "title",
                        _("Same title and lead State as row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row
        if errors:
            report.errors.extend(errors)
        else:
            candidates[row] = kwargs
    # Duplicates of initiatives already published (one query).
    if seen:
        existing = set(
            Initiative.objects.annotate(title_lower=Lower("title"))
            .filter(lead_state_id__in={lead for _t, lead in seen})
            .filter(title_lower__in={title for title, _l in seen})
            .values_list("title_lower", "lead_state_id")
        )
        existing = {(_norm_title(title), lead) for title, lead in existing}
        for key, row in seen.items():
            if key in existing:
                report.errors.append(
                    RowError(
                        row,
                        "title",
                        _("An initiative with this title and lead State already exists."),
                    )
                )
                candidates.pop(row, None)
    report.errors.sort(key=lambda e: e.row)
    report.valid = candidates
    return report


# Importing -----------------------------------------------------------------------------------


@transaction.atomic
def do_import_initiatives(actor: Any, text: str, *, valid_only: bool = False) -> list[Initiative]:
    """Validate ``text`` again and create its initiatives in one transaction.

    With errors, nothing is imported (ValidationError) unless ``valid_only`` asks for the
    valid rows only. Every initiative is created by ``actions.do_create_initiative`` (its
    version, GCM links, audit entry and events)."""
    if not permissions.can_import_initiatives(actor):
        raise PermissionDenied
    report = validate(text)
    if report.errors and not valid_only:
        raise ValidationError(
            _("%(count)d rows have errors: nothing was imported.") % {"count": report.invalid_rows},
            code="invalid_rows",
        )
    if not report.valid:
        raise ValidationError(_("No row is valid: nothing was imported."), code="no_valid_rows")
    created = [
        actions.do_create_initiative(actor, **kwargs) for _row, kwargs in report.valid.items()
    ]
    audit.record(
        actor,
        "initiatives.import",
        None,
        created=len(created),
        skipped_rows=sorted({e.row for e in report.errors}),
    )
    return created


def choice_codes() -> list[tuple[str, list[tuple[str, str]]]]:
    """The codes the choice columns accept, with their labels (for the page)."""
    return [
        ("kind", [(str(v), str(label)) for v, label in Kind.choices]),
        ("status", [(str(v), str(label)) for v, label in Status.choices]),
        ("civil_society_involvement", [(str(v), str(label)) for v, label in Involvement.choices]),
    ]

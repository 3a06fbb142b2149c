"""Reads of the monitoring mechanism, each with a bounded number of SQL queries.

Public aggregates (``aggregates``, ``counts_by_country``) count only reports included in the
aggregates (status "published", reporter consent), from the coded records, and suppress any
cell that stands for fewer than k reports (``MINGA_MONITORING_K``).

Complementary suppression (``_cells``): in every table, the smallest shown cells are hidden
too until at least two cells are hidden and the hidden ones together stand for at least k
reports, so the published total minus the shown cells never gives a hidden cell away.

The incident-type table needs one more rule, because a report can have several types (its
cells overlap and add up to more than the total). There, the total minus the shown type
counts is a lower bound on the reports whose types are all hidden; if that bound reaches k,
the hidden cells (each possibly just under k) could be pinned, and hiding more types only
widens the gap, so the whole type table is withheld (``by_type`` empty, ``by_type_withheld``
true). While the gap stays under k, no hidden type gets a lower bound above what its
presence in the table already tells (at least one report)."""

import base64
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from minga.gcm.models import Country

from . import conf, vocab
from .models import (
    Assessment,
    CodedRecord,
    CustodyEntry,
    KeyStatus,
    Report,
    ReviewerKey,
    SealedFile,
    SealedKey,
    Status,
    Submission,
)


def k() -> int:
    return max(int(conf.get("MINGA_MONITORING_K")), 1)


# Reviewers' workspace -------------------------------------------------------------------------


def report_list(status: str = "") -> QuerySet[Report]:
    qs = Report.objects.annotate(parts=Count("submissions", distinct=True)).select_related("coded")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-urgent", "-id")


def status_counts() -> dict[str, int]:
    rows = Report.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def case(report: Report) -> dict[str, Any]:
    """Everything the case page shows besides the sealed content (a fixed number of queries)."""
    coded = (
        CodedRecord.objects.filter(report=report)
        .select_related("country")
        .prefetch_related("objectives", "principles")
        .first()
    )
    assessments = list(Assessment.objects.filter(report=report).select_related("reviewer"))
    custody = list(CustodyEntry.objects.filter(report=report).order_by("-id")[:50])
    submissions = list(
        Submission.objects.filter(report=report)
        .select_related("author")
        .annotate(files_count=Count("files"))
        .order_by("id")
    )
    return {
        "coded": coded,
        "assessments": assessments,
        "custody": custody,
        "submissions": submissions,
    }


def sealed_for(report: Report, key: ReviewerKey | None) -> dict[str, Any]:
    """The sealed parts of a report and this reviewer's sealed keys (base64), for the browser."""
    submissions = list(
        Submission.objects.filter(report=report)
        .order_by("id")
        .prefetch_related(
            Prefetch(
                "keys",
                queryset=SealedKey.objects.filter(reviewer_key=key)
                if key
                else SealedKey.objects.none(),
                to_attr="mine",
            ),
            Prefetch(
                "files",
                queryset=SealedFile.objects.order_by("position", "is_original").defer("ciphertext"),
                to_attr="file_list",
            ),
        )
    )

    def b64(value: Any) -> str | None:
        return base64.b64encode(bytes(value)).decode() if value else None

    return {
        "reference": report.reference,
        "destroyed": report.keys_destroyed_at is not None,
        "submissions": [
            {
                "id": s.pk,
                "kind": s.kind,
                "created": s.created_at.isoformat(),
                "payload": b64(s.payload),
                "contact": b64(s.contact),
                "sealed_key": b64(s.mine[0].sealed) if s.mine else None,
                "files": [
                    {"id": f.pk, "position": f.position, "original": f.is_original, "size": f.size}
                    for f in s.file_list
                ],
            }
            for s in submissions
        ],
    }


def pending_keys() -> list[ReviewerKey]:
    return list(
        ReviewerKey.objects.filter(status=KeyStatus.PENDING).select_related("user").order_by("id")
    )


def approved_keys() -> list[ReviewerKey]:
    return list(
        ReviewerKey.objects.filter(status=KeyStatus.APPROVED)
        .select_related("user", "approved_by")
        .order_by("id")
    )


def keys_of(user: Any) -> list[ReviewerKey]:
    return list(ReviewerKey.objects.filter(user=user).order_by("-id"))


def grants_to_make(own: ReviewerKey) -> dict[str, Any]:
    """What an existing reviewer's browser can re-seal: for each other approved key, the
    submissions this reviewer holds a key for and that key lacks (two queries)."""
    targets = [k for k in approved_keys() if k.pk != own.pk]
    mine = {
        row.submission_id: row
        for row in SealedKey.objects.filter(reviewer_key=own).select_related("submission__report")
    }
    have: dict[int, set[int]] = {}
    for key_id, submission_id in SealedKey.objects.filter(
        reviewer_key__in=targets, submission_id__in=list(mine)
    ).values_list("reviewer_key_id", "submission_id"):
        have.setdefault(key_id, set()).add(submission_id)
    out = []
    for target in targets:
        missing = [sid for sid in mine if sid not in have.get(target.pk, set())]
        if missing:
            out.append(
                {
                    "key_id": target.pk,
                    "public_key": target.public_key,
                    "fingerprint": target.fingerprint,
                    "reviewer": str(target.user),
                    "items": [
                        {
                            "submission_id": sid,
                            "reference": mine[sid].submission.report.reference,
                            "sealed": base64.b64encode(bytes(mine[sid].sealed)).decode(),
                        }
                        for sid in missing
                    ],
                }
            )
    return {"targets": out}


# Public aggregates ---------------------------------------------------------------------------


def published_records() -> QuerySet[CodedRecord]:
    return CodedRecord.objects.filter(
        report__status=Status.PUBLISHED, report__consent_aggregates=True
    )


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    count: int | None  # None: suppressed (fewer than k)


def _cells(counter: Counter[str], labels: dict[str, str], threshold: int) -> list[Cell]:
    """Suppress cells under the threshold. Since cells add up to a published total, the
    smallest shown cells are suppressed too until at least two are hidden and the hidden ones
    together stand for at least ``threshold`` reports (otherwise the total minus the shown
    cells would reveal a hidden cell, or pin two hidden cells of 1 each)."""
    small = {code for code, n in counter.items() if n < threshold}
    if small:
        shown = sorted((n, code) for code, n in counter.items() if code not in small)
        while shown and (len(small) == 1 or sum(counter[c] for c in small) < threshold):
            small.add(shown.pop(0)[1])
    rows = [
        Cell(code, labels.get(code, code), None if code in small else n)
        for code, n in counter.items()
    ]
    return sorted(rows, key=lambda c: (c.count is None, -(c.count or 0), c.label))


def _overlapping_cells(
    counter: Counter[str], labels: dict[str, str], threshold: int, total: int | None
) -> list[Cell] | None:
    """Cells of a table whose categories overlap (a report in several), or None when the
    table must be withheld: the same suppression as ``_cells``, and when cells are hidden, the
    total minus the shown cells (at least that many reports carry only hidden categories) must
    stay under the threshold. Hiding further cells would only widen that gap, so the table is
    withheld instead."""
    cells = _cells(counter, labels, threshold)
    if total is None or all(c.count is not None for c in cells):
        return cells
    if total - sum(c.count or 0 for c in cells) >= threshold:
        return None
    return cells


Row = tuple[str, Any, list[str], str]  # country ISO2, month (date), incident types, perpetrator


def summarize(records: list[Row], threshold: int, names: dict[str, str]) -> dict[str, Any]:
    """The published tables from coded rows (pure: the property test drives it directly)."""
    by_country: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_perpetrator: Counter[str] = Counter()
    for code, month, types, perpetrator in records:
        by_country[str(code)] += 1
        by_month[f"{month:%Y-%m}"] += 1
        for t in set(types or []):
            by_type[t] += 1
        by_perpetrator[perpetrator] += 1
    total = len(records) if len(records) >= threshold else None
    by_type_cells = _overlapping_cells(
        by_type, {str(c): str(lbl) for c, lbl in vocab.IncidentType.choices}, threshold, total
    )
    return {
        "k": threshold,
        "total": total,
        "by_country": _cells(by_country, names, threshold),
        "by_month": sorted(
            _cells(by_month, {m: m for m in by_month}, threshold), key=lambda c: c.code
        ),
        "by_type": by_type_cells or [],
        "by_type_withheld": by_type_cells is None,
        "by_perpetrator": _cells(
            by_perpetrator, {str(c): str(lbl) for c, lbl in vocab.Perpetrator.choices}, threshold
        ),
    }


def aggregates() -> dict[str, Any]:
    """Counts by country, month, incident type and perpetrator category; cells under k are
    suppressed. Two SQL queries whatever the number of reports."""
    records: list[Row] = [
        (str(code), month, list(types or []), perpetrator)
        for code, month, types, perpetrator in published_records().values_list(
            "country__code", "month", "incident_types", "perpetrator"
        )
    ]
    codes = sorted({r[0] for r in records})
    names = {str(c.code): c.name for c in Country.objects.filter(code__in=codes)}
    return summarize(records, k(), names)


def counts_by_country(data: dict[str, Any] | None = None) -> dict[str, int]:
    """ISO2 → number of published reports, suppressed cells left out (for the LAC map).
    ``data`` is the result of ``aggregates()`` when the caller already has it."""
    data = aggregates() if data is None else data
    return {c.code: c.count for c in data["by_country"] if c.count is not None}

"""Bench for the monitoring mechanism.

- Public aggregates page at scale: 5,000 published, coded reports per unit of scale (scale 10
  gives the issue's 50,000); its SQL query count must not grow with the data.
- Sealing overhead (``python -m minga.monitoring.bench``): a text report and a 10 MB photo,
  prepared the same way (metadata cleaning for the photo) with and without sealing (AES-GCM
  of payload and file, content key sealed to three recipients), in one run.
"""

import datetime
import io
import json
import os
import statistics
import time
from typing import TYPE_CHECKING, Any

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

REPORTS_PER_SCALE = 5_000

PAGES = [
    Page("monitoring aggregates", "/es/monitoring/"),
    Page("monitoring report form", "/es/monitoring/report/"),
]


def generate(ctx: "Context") -> None:
    from bench.generate import bulk
    from minga.gcm.models import Country

    from . import vocab
    from .models import CodedRecord, Report, Status

    countries = list(Country.objects.lac().order_by("code"))
    types = list(vocab.IncidentType.values)
    perpetrators = list(vocab.Perpetrator.values)
    total = ctx.count(REPORTS_PER_SCALE)
    hour = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    start = Report.objects.count()
    bulk(
        Report,
        (
            Report(
                reference=f"MR-B{start + i:07d}",
                lookup_id=f"B{start + i:07d}",
                receipt_hash="-",
                reporter_public_key="-",
                status=Status.PUBLISHED,
                consent_aggregates=True,
                received_at=hour,
            )
            for i in range(total)
        ),
        ctx,
        "monitoring reports",
    )
    reports = (
        Report.objects.filter(reference__startswith="MR-B")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    bulk(
        CodedRecord,
        (
            CodedRecord(
                report_id=pk,
                incident_types=[types[i % len(types)], types[(i * 7) % len(types)]],
                month=datetime.date(2024 + (i // 12) % 3, 1 + i % 12, 1),
                country=countries[(i * 13) % len(countries)],
                perpetrator=perpetrators[i % len(perpetrators)],
            )
            for i, pk in enumerate(reports.iterator())
        ),
        ctx,
        "monitoring coded records",
    )


def _photo(size: int = 10 * 1024 * 1024) -> bytes:
    """A JPEG of about ``size`` bytes (noise compresses badly, as photos do)."""
    from PIL import Image

    side = int((size / 0.95) ** 0.5)
    image = Image.frombytes("L", (side, side), os.urandom(side * side)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def _seal_only(payload: bytes, files: list[bytes], recipients: list[str]) -> None:
    from . import crypto

    key = crypto.new_content_key()
    crypto.encrypt(key, payload, crypto.aad("MR-BENCH", "payload:1"))
    for i, data in enumerate(files):
        crypto.encrypt(key, data, crypto.aad("MR-BENCH", f"file:1:{i}:clean"))
    for public in recipients:
        crypto.seal(key, public, crypto.aad("MR-BENCH", "key:1"))


def sealing_overhead(runs: int = 5, photo_size: int = 10 * 1024 * 1024) -> dict[str, Any]:
    """Milliseconds (median of ``runs``) to prepare each submission without and with sealing."""
    from . import cleaning, crypto

    recipients = [crypto.generate_key_pair()[1] for _ in range(3)]
    text = json.dumps({"what_happened": "x" * 4000, "incident_types": ["pushback"]}).encode()
    photo = _photo(photo_size)
    results: dict[str, Any] = {"photo_bytes": len(photo)}
    for name, files in (("text report", []), ("10 MB photo", [photo])):
        plain, sealed = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            cleaned = [cleaning.clean(f).data for f in files]
            t1 = time.perf_counter()
            cleaned = [cleaning.clean(f).data for f in files]
            _seal_only(text, cleaned, recipients)
            t2 = time.perf_counter()
            plain.append((t1 - t0) * 1000)
            sealed.append((t2 - t1) * 1000)
        base, total = statistics.median(plain), statistics.median(sealed)
        results[name] = {
            "without_ms": round(base, 1),
            "with_ms": round(total, 1),
            "overhead_ms": round(total - base, 1),
        }
    return results


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(sealing_overhead(), indent=2))

"""Bench pages for open data, and the throughput of a full endorsements export.

``PAGES``: SQL queries per request (and load) of the API lists, the scorecard and the
dashboards. ``report()`` is called by ``make bench`` after the pages: it streams the whole
endorsements export (CSV, then NDJSON) in a child process, to /dev/null, and reports rows per
second and the child's peak RSS against its RSS before the export — flat memory means the
difference stays at a few MB whatever the number of rows (scale 1: 100,000 endorsements;
scale 10: 1,000,000). Run it alone with ``python -m minga.opendata.bench [csv|ndjson]``
(DJANGO_SETTINGS_MODULE and DATABASE_URL as for the server).
"""

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.pages import Page

# Names without commas, so that `--pages` can pick them.
PAGES = [
    Page("API proposals 100", "/api/v1/proposals/?limit=100"),
    Page("API proposals obj 13 MX", "/api/v1/proposals/?objective=13&country=MX"),
    Page("API organizations 100", "/api/v1/organizations/?limit=100"),
    Page("API initiatives 100", "/api/v1/initiatives/?limit=100"),
    Page("API consultations", "/api/v1/consultations/"),
    Page("API practices", "/api/v1/practices/"),
    Page("API sessions 100", "/api/v1/sessions/?limit=100"),
    Page("API sessions obj 13", "/api/v1/sessions/?objective=13"),
    Page("API calls", "/api/v1/calls/"),
    Page("export sessions csv", "/api/v1/exports/sessions.csv"),
    Page("export session roles csv", "/api/v1/exports/session_roles.csv"),
    Page("data package", "/api/v1/exports/datapackage.json"),
    Page("scorecard", "/es/scorecard/"),
    Page("scorecard proposals", "/es/scorecard/?measure=proposals"),
    Page("scorecard cell 13 MX", "/es/scorecard/13/mx/"),
    Page("dashboards", "/es/dashboards/"),
    Page("API incident aggregates", "/api/v1/incident-aggregates/"),
    Page("scorecard incidents", "/es/scorecard/?measure=incidents"),
]


def rss_kib() -> int:
    """Resident memory of this process now (Linux), in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sink:
    """Discards what is written and samples the process's resident memory meanwhile."""

    def __init__(self) -> None:
        self.peak = rss_kib()
        self.writes = 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes % 5 == 0:
            self.peak = max(self.peak, rss_kib())
        return len(data)


def measure_export(name: str = "endorsements", fmt: str = "csv") -> dict[str, Any]:
    """Stream one export to nowhere in this process: rows/s, RSS before and at its peak."""
    from minga.opendata import exports

    export = exports.EXPORTS[name]
    exports.count(export)  # connect and warm up before measuring
    before = rss_kib()
    sink = Sink()
    started = time.perf_counter()
    rows = exports.write(export, fmt, sink)
    seconds = time.perf_counter() - started
    return {
        "export": name,
        "format": fmt,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else 0,
        "rss_before_kib": before,
        "peak_rss_kib": max(sink.peak, rss_kib()),
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def report(say: Callable[[str], None]) -> list[str]:
    """Lines for the bench report (each export measured in a fresh child process)."""
    lines = []
    for fmt in ("csv", "ndjson"):
        child = subprocess.run(  # noqa: S603  (this interpreter, fixed arguments)
            [sys.executable, "-m", "minga.opendata.bench", fmt],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ.copy(),
        )
        if child.returncode != 0:
            lines.append(f"endorsements export ({fmt}) failed: {child.stderr[-500:]}")
            continue
        result = json.loads(child.stdout.strip().splitlines()[-1])
        line = (
            f"endorsements export, {fmt}: {result['rows']:,} rows in {result['seconds']} s = "
            f"{result['rows_per_second']:,} rows/s; RSS {result['rss_before_kib'] // 1024} MiB "
            f"before, peak {result['peak_rss_kib'] // 1024} MiB during the export "
            f"(+{(result['peak_rss_kib'] - result['rss_before_kib']) / 1024:.1f} MiB)"
        )
        say("  " + line)
        lines.append(line)
    return lines


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(measure_export("endorsements", sys.argv[1] if len(sys.argv) > 1 else "csv")))

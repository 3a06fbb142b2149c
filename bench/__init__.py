"""Minga's benchmark harness: `make bench` (or `python -m bench --scale 1`).

Generates a data set at a scale factor in a PostgreSQL database, starts a production-like
server (uvicorn workers, DEBUG off), loads each page at a fixed concurrency and prints, per
page, the SQL queries per request, p50/p95 latency, throughput and the ratio to a trivial view
of the same server measured in the same run. See docs/operations.md ("Benchmarks").

Extending it: an app adds ``minga/<app>/bench.py`` with ``PAGES`` (a list of
``bench.pages.Page``) and/or ``generate(ctx)`` (called with a ``bench.generate.Context`` after
the base data exists, in INSTALLED_APPS order). Both are discovered automatically.
"""

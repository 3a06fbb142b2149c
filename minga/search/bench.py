"""Benchmark pages of the site search; the generator indexes what the other apps generated
(app generators run in INSTALLED_APPS order, and search comes after proposals and dialogue)."""

from typing import Any

from bench.pages import Page

PAGES = [
    Page("search", "/es/search/?q=migrantes"),
    Page("search, two words, filtered", "/es/search/?q=trabajo+migrantes&objective=6"),
    Page("search, page 3", "/es/search/?q=migrantes&page=3"),
    Page("search, similar proposals", "/es/search/similar/?kind=proposals.proposal&q=acceso+salu"),
]


def generate(ctx: Any) -> None:
    from minga.search.actions import do_rebuild_search_index

    counts = do_rebuild_search_index(None)
    ctx.counts["search entries"] = sum(counts.values())

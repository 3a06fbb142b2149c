"""The pages the benchmark measures. Apps add theirs in ``minga/<app>/bench.py`` (``PAGES``)."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps

TRIVIAL = "trivial"


@dataclass(frozen=True)
class Page:
    """A page to measure. ``path`` is a string or a function (run with Django set up and the
    bench data loaded) returning the path, e.g. to pick the busiest organization."""

    name: str
    path: str | Callable[[], str]

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


def busiest_organization() -> str:
    from django.db.models import Count

    from minga.stakeholders.models import Organization

    org = (
        Organization.objects.annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .only("slug")
        .first()
    )
    if org is None:
        raise LookupError("no organization in the bench database")
    return f"/es/organizations/{org.slug}/"


PAGES: list[Page] = [
    Page(TRIVIAL, "/bench/trivial"),
    Page("home", "/es/"),
    Page("directory", "/es/organizations/"),
    Page("directory, filtered", "/es/organizations/?country=MX&accredited=on"),
    Page("directory, search", "/es/organizations/?q=migrantes"),
    Page("directory, page 5", "/es/organizations/?page=5"),
    Page("organization", busiest_organization),
    Page("objective", "/es/objectives/13/"),
    Page("country", "/es/countries/mx/"),
]


def app_modules() -> list[ModuleType]:
    """``minga.<app>.bench`` modules, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("minga."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.bench"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench":
                raise
    return found


def all_pages() -> list[Page]:
    pages = list(PAGES)
    for module in app_modules():
        pages.extend(getattr(module, "PAGES", []))
    return pages


def app_measures() -> list[tuple[str, str]]:
    """Extra figures apps report (``MEASURES`` in ``minga/<app>/bench.py``: functions
    returning ``(name, value)``), e.g. the time to build a report's PDF."""
    figures = []
    for module in app_modules():
        for measure in getattr(module, "MEASURES", []):
            try:
                figures.append(measure())
            except LookupError as exc:
                figures.append((getattr(measure, "__name__", "measure"), f"? ({exc})"))
    return figures

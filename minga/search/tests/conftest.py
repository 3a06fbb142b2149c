from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from minga.core.search import SearchDocument
from minga.search import indexer
from minga.stakeholders.models import Organization
from minga.testing import factories as f


@pytest.fixture
def make_item(db) -> Callable[..., Any]:
    """A stand-in searchable item: an organization row whose search_document() we choose
    (the index only needs a model instance and its document)."""

    def make(
        title: str,
        body: str = "",
        *,
        language: str = "es",
        kind: str = "proposals.proposal",
        objectives: list[int] | None = None,
        countries: list[str] | None = None,
        public: bool = True,
    ) -> Organization:
        org = f.make_organization(f"Org {title[:40]} {Organization.objects.count()}")
        document = SearchDocument(
            kind=kind,
            title=title,
            body=body,
            language=language,
            url=f"/{language}/proposals/{org.pk}/",
            created_at=timezone.now(),
            objectives=objectives or [],
            countries=countries or [],
        )
        org.search_document = lambda: document if org.public else None  # type: ignore[attr-defined]
        org.public = public  # type: ignore[attr-defined]
        indexer.index(org)
        return org

    return make

"""Institutions, an entitled IOM delegate and a consultation for the dialogue tests."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from minga.core import events
from minga.dialogue import actions
from minga.dialogue.models import Consultation
from minga.gcm.models import Country, Objective
from minga.stakeholders.models import MembershipRole, Organization
from minga.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Pages, URLs and messages in English, so that tests read the source strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def iom(db: Any) -> Organization:
    return f.make_organization(
        "International Organization for Migration", iso2="CH", acronym="IOM", stakeholder_type="un"
    )


@pytest.fixture
def eclac(db: Any) -> Organization:
    return f.make_organization(
        "Economic Commission for Latin America and the Caribbean",
        iso2="CL",
        acronym="ECLAC",
        stakeholder_type="un",
    )


@pytest.fixture
def mexico(db: Any) -> Organization:
    return f.make_organization("Gobierno de México", iso2="MX", stakeholder_type="state")


@pytest.fixture
def iom_delegate(un_delegate: Any, iom: Organization) -> Any:
    """The UN delegate persona, approved member of IOM: answers for IOM."""
    f.add_member(un_delegate, iom, role=MembershipRole.MEMBER)
    return un_delegate


@pytest.fixture
def consultation(un_delegate: Any, iom: Organization, review: Any) -> Consultation:
    return actions.do_open_consultation(
        un_delegate,
        title="Regular pathways for workers in the region",
        question="What should IOM prioritise to widen regular pathways?",
        background="Context **in Markdown**.",
        language="en",
        review=review,
        institutions=[iom],
        objectives=Objective.objects.filter(number__in=[5, 15]),
        countries=Country.objects.filter(code__in=["MX", "GT"]),
    )


@pytest.fixture
def published(django_capture_on_commit_callbacks: Any) -> Iterator[list[events.Event]]:
    """Events delivered (on commit) while the test runs."""
    seen: list[events.Event] = []

    def collect(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("*", collect)
    try:
        yield seen
    finally:
        events.unsubscribe("*", collect)

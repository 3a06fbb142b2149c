"""Schemathesis drives the OpenAPI document against the WSGI application and a populated
database: every operation, positive and negative examples; no server error, and every
response conforms to the document (status code, content type, body schema).

The operations are walked with schemathesis' Python API and Hypothesis directly (its pytest
integration does not support our pytest version); examples are limited and derandomized so
the run stays short and repeatable."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from minga.opendata.tests.conftest import make_proposal
from minga.opendata.tests.incidents import scenario as monitoring_scenario

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 30}


@pytest.fixture
def api_schema(populated: Any, settings: Any) -> Iterator[Any]:
    settings.OPENDATA_RATE_LIMIT = 10**9  # schemathesis sends many requests
    for n in range(3):
        make_proposal(populated["public"].author, title=f"Más {n}")
    monitoring_scenario()  # the monitoring aggregates resource then has shown and hidden cells
    # As Django's test client does: the start and end of a request must not close the
    # connection that holds the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def without_forged_cursor(case: Any) -> Any:
    """A cursor is opaque and signed: only the `next` link's one is valid, so a positive
    example must not invent one (negative examples still send forged ones)."""
    if case.query:
        case.query.pop("cursor", None)
    return case


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES))
def test_api_conforms_to_its_openapi_document(api_schema: Any, mode: GenerationMode) -> None:
    found = operations(api_schema)
    assert len(found) >= 14
    labels = {operation.label for operation in found}
    for resource in ("sessions", "calls"):
        assert {f"GET /api/v1/{resource}/", f"GET /api/v1/{resource}/{{id}}/"} <= labels
    for export in ("sessions", "session_roles"):
        assert f"GET /api/v1/exports/{export}.csv" in labels
    failures: list[str] = []
    statuses: list[int] = []
    for operation in found:
        strategy = operation.as_strategy(generation_mode=mode)
        if mode == GenerationMode.POSITIVE:
            strategy = strategy.map(without_forged_cursor)

        @given(case=strategy)
        @settings(
            max_examples=MAX_EXAMPLES[mode],
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            statuses.append(case.call_and_validate().status_code)

        try:
            run()
        except Unsatisfiable:
            # No parameter to break: a negative example cannot exist for this operation.
            assert (
                mode == GenerationMode.NEGATIVE
                and not operation.query
                and not operation.path_parameters
            )
            continue
        except Exception as error:
            failures.append(f"{operation.label}: {error}")
    assert failures == [], "\n\n".join(failures)
    assert max(statuses) < 500
    expected = {400} if mode == GenerationMode.NEGATIVE else {200, 404}
    assert expected <= set(statuses)

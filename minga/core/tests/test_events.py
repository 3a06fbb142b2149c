import pytest
from django.db import transaction

from minga.core import events


@pytest.fixture
def received():
    seen: list[events.Event] = []

    def subscriber(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("thing.*", subscriber)
    yield seen
    events.unsubscribe("thing.*", subscriber)


@pytest.mark.django_db(transaction=True)
def test_subscribers_run_after_commit_only(received):
    with transaction.atomic():
        events.publish("thing.done", target="x", status="ok")
        assert received == []
    assert [(e.name, e.target, e.data) for e in received] == [("thing.done", "x", {"status": "ok"})]

    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("thing.undone")
        raise RuntimeError
    assert len(received) == 1


@pytest.mark.django_db(transaction=True)
def test_patterns_and_failing_subscribers(received):
    def broken(event: events.Event) -> None:
        raise ValueError("boom")

    events.subscribe("*", broken)
    try:
        events.publish("other.done")
        events.publish("thing.made")
    finally:
        events.unsubscribe("*", broken)
    assert [e.name for e in received] == ["thing.made"]

import datetime

import pytest

from minga.core import timeline
from minga.gcm.models import Country


@pytest.mark.django_db
def test_steps_from_all_providers_in_time_order():
    mx = Country.objects.get(code="MX")
    t0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    def first(item):
        return [timeline.Step("submitted", t0, "Submitted")]

    def later(item):
        return [
            timeline.Step("cited", t0 + datetime.timedelta(days=9), "Cited"),
            timeline.Step("answered", t0 + datetime.timedelta(days=2), "Answered"),
        ]

    timeline.register("gcm.country", later)
    timeline.register("gcm.country", first)
    timeline.register("gcm.country", first)
    try:
        assert [s.kind for s in timeline.steps_for(mx)] == ["submitted", "answered", "cited"]
    finally:
        timeline.unregister("gcm.country", later)
        timeline.unregister("gcm.country", first)
    assert timeline.steps_for(mx) == []

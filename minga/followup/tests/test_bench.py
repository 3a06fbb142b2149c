from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate
from minga.followup import bench
from minga.followup.models import Addressee, Recommendation


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def test_generator_pages_and_bounded_tracker(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert Recommendation.objects.count() == 20 and Addressee.objects.count() >= 20
    client = Client()
    for page in bench.PAGES:
        assert client.get(page.resolve()).status_code == 200
    small = _queries(client, "/es/recommendations/")
    Recommendation.objects.all().delete()
    ctx.scale = 0.2
    bench.generate(ctx)
    assert Recommendation.objects.count() == 200
    assert _queries(client, "/es/recommendations/") == small

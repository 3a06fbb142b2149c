from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate
from minga.practices import bench
from minga.practices.models import Practice


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert ctx.counts["practices"] == 40
    assert Practice.objects.published().filter(title__startswith=bench.TITLE_PREFIX).count() == 36
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        with CaptureQueriesContext(connection) as ctx_queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert len(ctx_queries.captured_queries) <= 15, path
    assert bench.first_practice().startswith("/es/practices/")

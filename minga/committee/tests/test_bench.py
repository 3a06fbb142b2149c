from django.test import Client

from bench import generate
from minga.committee import bench
from minga.committee.models import Call, Nomination, Vote


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert Call.objects.count() == 3
    assert Nomination.objects.count() > 10
    assert Vote.objects.exists()
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        assert client.get(path).status_code == 200, path

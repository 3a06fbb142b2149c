from django.test import Client

from bench import generate
from minga.monitoring import bench
from minga.monitoring.models import CodedRecord, Report


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.01)
    bench.generate(ctx)
    assert Report.objects.count() == CodedRecord.objects.count() == 50
    client = Client()
    for page in bench.PAGES:
        assert client.get(page.resolve()).status_code == 200


def test_sealing_overhead_is_measured() -> None:
    result = bench.sealing_overhead(runs=1, photo_size=64 * 1024)
    for name in ("text report", "10 MB photo"):
        assert set(result[name]) == {"without_ms", "with_ms", "overhead_ms"}

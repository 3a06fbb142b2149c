from django.test import Client

from bench import generate
from minga.initiatives import bench
from minga.initiatives.models import Assessment, Initiative, PrincipleRating, Reply, Update


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert ctx.counts["initiatives"] == 40
    initiatives = Initiative.objects.filter(title__startswith=bench.TITLE_PREFIX)
    for i in initiatives.order_by("pk")[:10]:
        assert i.update_count == Update.objects.filter(initiative=i).count()
        assert i.assessment_count == Assessment.objects.filter(initiative=i).count()
        assert i.states.filter(pk=i.lead_state_id).exists()
    assert Update.objects.count() >= 150
    assert PrincipleRating.objects.count() == 10 * Assessment.objects.count() > 0
    assert Reply.objects.count() > 0
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        assert client.get(path).status_code == 200, path

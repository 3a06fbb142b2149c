from django.test import Client

from bench import generate
from minga.proposals import bench
from minga.proposals.models import Comment, Endorsement, Proposal


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert ctx.counts["proposals"] == 200
    proposals = Proposal.objects.filter(title__startswith=bench.TITLE_PREFIX)
    # Denormalised counters agree with the rows.
    for p in proposals.order_by("pk")[:20]:
        assert (
            p.endorsement_count
            == Endorsement.objects.filter(proposal=p, organization__isnull=True).count()
        )
        assert (
            p.organization_endorsement_count
            == Endorsement.objects.filter(proposal=p, organization__isnull=False).count()
        )
        assert p.comment_count == Comment.objects.filter(proposal=p).count()
    assert Endorsement.objects.count() > 1000
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        assert client.get(path).status_code == 200, path
    assert bench.busiest_proposal().startswith("/es/proposals/")

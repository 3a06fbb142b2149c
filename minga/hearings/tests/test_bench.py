from django.test import Client

from bench import generate
from minga.hearings import bench
from minga.hearings.models import Question, QuestionVote, Session


def test_generator_and_pages(db) -> None:
    ctx = generate.generate_base(0.02)
    bench.generate(ctx)
    assert (
        Session.objects.filter(title__startswith=bench.TITLE_PREFIX).count()
        == 1
        == ctx.counts["sessions"]
    )
    assert Question.objects.count() == 10
    for question in Question.objects.all():
        assert question.vote_count == QuestionVote.objects.filter(question=question).count()
    client = Client()
    for page in bench.PAGES:
        path = page.resolve()
        assert client.get(path).status_code == 200, path


def test_fanout_report_reaches_every_client() -> None:
    """The figures are reported by make bench, never asserted: here only that it runs."""
    backend = {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    rows = bench.fanout_figures(backend, sizes=(5,))
    assert [clients for clients, _ in rows] == [5]
    assert set(rows[0][1]) == {"p50_ms", "p99_ms", "last_ms"}
    lines: list[str] = []
    text = bench.report(say=lines.append, sizes=(3,), with_servers=False)
    assert "in-memory" in text and lines == [text]

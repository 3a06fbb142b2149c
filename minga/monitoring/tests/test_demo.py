import pytest
from django.core.management import call_command

from minga.monitoring import keyfile, queries
from minga.monitoring.demo import DEMO_KEY_FILE, DEMO_REVIEWERS
from minga.monitoring.models import Report, SealedKey, Status


@pytest.mark.django_db
def test_demo_monitoring(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    count = Report.objects.count()
    call_command("load_demo", verbosity=0)
    assert Report.objects.count() == count >= 10
    assert Report.objects.filter(status=Status.PUBLISHED).count() >= 10
    counts = queries.counts_by_country()
    assert counts["MX"] >= 5 and counts["GT"] >= 5
    assert "HN" not in counts and "SV" not in counts  # fewer than k: hidden
    assert SealedKey.objects.filter(reviewer_key__user__email__startswith="rafael@").exists()
    from minga.demo import DEMO_PASSWORD

    backup = (tmp_path / DEMO_KEY_FILE).read_text()
    assert keyfile.restore(backup, DEMO_PASSWORD) == DEMO_REVIEWERS["rafael"][1]
    page = client.get("/es/monitoring/")
    assert page.status_code == 200
    assert "México" in page.content.decode()

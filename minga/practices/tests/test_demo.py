from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from minga.practices.models import Adoption, Practice, PracticeStatus, ReviewerRole


@pytest.mark.django_db
def test_demo_asia_pacific_practice_reviewed_published_adopted(client):
    call_command("load_demo", verbosity=0)
    count = Practice.objects.count()
    call_command("load_demo", verbosity=0)  # idempotent
    assert Practice.objects.count() == count == 2
    firewall = Practice.objects.get(region="asia_pacific")
    assert firewall.status == PracticeStatus.PUBLISHED
    roles = sorted(firewall.assignments.values_list("role", flat=True))
    assert roles == [ReviewerRole.EXTERNAL, ReviewerRole.EXTERNAL, ReviewerRole.UN]
    un = firewall.assignments.get(role=ReviewerRole.UN).reviewer
    assert un.email.startswith("daniel@")
    assert all(a.verdict.recommendation == "approve" for a in firewall.assignments.all())
    assert firewall.clarifications.get().answered_at is not None
    adoption = Adoption.objects.get(practice=firewall)
    item: Any = adoption.item
    initiative = apps.get_model("initiatives", "Initiative")
    if initiative.objects.filter(states__code="MX").exists():
        assert adoption.content_type.model == "initiative"
        assert item.states.filter(code="MX").exists()  # a Mexican initiative took it up
        assert item.title in client.get(item.get_absolute_url()).text
    else:  # the initiatives demo has no Mexican initiative: the proposal fallback
        assert adoption.content_type.model == "proposal"
    page = client.get(firewall.get_absolute_url())
    assert page.status_code == 200 and item.title in page.text
    lac = Practice.objects.get(region="lac")
    assert lac.status == PracticeStatus.IN_REVIEW
    assert client.get(lac.get_absolute_url()).status_code == 404
    listing = client.get("/en/practices/")
    assert firewall.title in listing.text and lac.title not in listing.text

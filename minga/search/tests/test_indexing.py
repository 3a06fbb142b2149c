import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from minga.core import events
from minga.core.models import AuditEntry
from minga.core.search import SearchDocument
from minga.search import queries
from minga.search.models import SearchEntry
from minga.stakeholders.models import Organization
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def document(org: Organization) -> SearchDocument | None:
    if org.name.startswith("Hidden"):
        return None
    return SearchDocument(
        kind="stakeholders.organization",
        title=org.name,
        body="Defensa de derechos",
        language="es",
        url=f"/pt/organizations/{org.slug}/",
        created_at=timezone.now(),
        objectives=[7],
        countries=["ec"],
    )


@pytest.fixture
def searchable_organizations(monkeypatch):
    monkeypatch.setattr(Organization, "search_document", document, raising=False)
    monkeypatch.setattr(queries, "searchable_models", lambda: [Organization])


def test_events_index_and_remove_on_commit(
    searchable_organizations, django_capture_on_commit_callbacks
):
    org = f.make_organization("Casa Migrante")
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("search.index", target=org)
    entry = SearchEntry.objects.get()
    assert entry.url == f"/organizations/{org.slug}/"  # language prefix dropped
    assert entry.objective_numbers == [7]
    assert entry.country_codes == ["EC"]
    assert queries.search("derechos").paginator.count == 1
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(
            "search.remove",
            content_type_id=ContentType.objects.get_for_model(org).pk,
            object_id=org.pk,
        )
    assert not SearchEntry.objects.exists()
    assert queries.search("derechos").paginator.count == 0


def test_rebuild_command_indexes_every_public_item(searchable_organizations, capsys):
    f.make_organization("Casa Migrante")
    f.make_organization("Red Andina")
    f.make_organization("Hidden one")
    SearchEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Organization),
        object_id=999999,
        kind="stale",
        title="stale",
        language="es",
        url="/x/",
        created_at=timezone.now(),
    )
    call_command("rebuild_search_index")
    assert "Indexed 2 items." in capsys.readouterr().out
    assert sorted(SearchEntry.objects.values_list("title", flat=True)) == [
        "Casa Migrante",
        "Red Andina",
    ]
    assert queries.search("defensa").paginator.count == 2
    assert queries.search("stale").paginator.count == 0
    assert AuditEntry.objects.filter(action="search.rebuild").exists()

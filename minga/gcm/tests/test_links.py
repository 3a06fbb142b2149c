import pytest
from django.db import IntegrityError, transaction

from minga.core.models import AuditEntry
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Country, GCMLink, Objective, Principle
from minga.gcm.queries import linked_items, set_links_query
from minga.stakeholders.models import Organization
from minga.testing import factories as f


@pytest.fixture
def linked_org(db, admin_user):
    org = f.make_organization("Casa del Migrante", iso2="GT")
    do_set_gcm_links(
        admin_user,
        org,
        objectives=Objective.objects.filter(number__in=[13, 7]),
        countries=Country.objects.filter(code__in=["MX", "GT"]),
    )
    return org


def test_set_links_creates_replaces_and_audits(linked_org, admin_user):
    assert set_links_query(linked_org)["objectives"] == sorted(
        Objective.objects.filter(number__in=[7, 13]).values_list("pk", flat=True)
    ) or set(set_links_query(linked_org)["objectives"]) == set(
        Objective.objects.filter(number__in=[7, 13]).values_list("pk", flat=True)
    )
    do_set_gcm_links(admin_user, linked_org, objectives=Objective.objects.filter(number=1))
    links = GCMLink.objects.filter(object_id=linked_org.pk)
    assert set(links.exclude(objective=None).values_list("objective__number", flat=True)) == {1}
    # Countries were not passed, so they are untouched.
    assert set(links.exclude(country=None).values_list("country__code", flat=True)) == {"MX", "GT"}
    entries = AuditEntry.objects.filter(action="gcm.set_links", target_id=str(linked_org.pk))
    assert entries.count() == 2


def test_setting_the_same_links_again_writes_no_audit(linked_org, admin_user):
    before = AuditEntry.objects.count()
    do_set_gcm_links(
        admin_user, linked_org, objectives=Objective.objects.filter(number__in=[7, 13])
    )
    assert AuditEntry.objects.count() == before


def test_queryset_filters(linked_org):
    other = f.make_organization("Otra", iso2="CL")
    assert list(Organization.objects.by_objective(13)) == [linked_org]
    assert list(Organization.objects.by_country("mx")) == [linked_org]
    assert list(Organization.objects.by_subregion("mca")) == [linked_org]
    assert other not in Organization.objects.by_objective(7)
    assert not Organization.objects.by_country("CL").exists()


def test_link_must_have_exactly_one_target(db, linked_org):
    link = GCMLink.objects.filter(object_id=linked_org.pk).first()
    assert link is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        GCMLink.objects.create(
            content_type=link.content_type,
            object_id=linked_org.pk,
            objective=Objective.objects.get(number=2),
            country=Country.objects.get(code="CL"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GCMLink.objects.create(
            content_type=link.content_type,
            object_id=linked_org.pk,
            objective=Objective.objects.get(number=13),
        )


def test_linked_items_groups_by_kind(linked_org):
    groups = linked_items(objective=Objective.objects.get(number=13))
    assert len(groups) == 1
    assert groups[0].total == 1
    assert groups[0].items == [linked_org]
    assert groups[0].templates[0] == "stakeholders/organization_linked.html"
    assert linked_items(objective=Objective.objects.get(number=20)) == []


def test_linked_items_query_count_is_bounded(db, admin_user, django_assert_max_num_queries):
    objective = Objective.objects.get(number=5)
    for i in range(30):
        org = f.make_organization(f"Org {i}")
        do_set_gcm_links(admin_user, org, objectives=[objective])
    with django_assert_max_num_queries(6):
        groups = linked_items(objective=objective)
    assert groups[0].total == 30
    assert len(groups[0].items) == 20


class PickerForm(GCMLinksFormMixin):
    pass


def test_picker_form_groups_countries_and_validates(db):
    form = PickerForm()
    html = str(form["gcm_countries"])
    assert "<optgroup" in html
    assert "Caribbean" in html or "Caribe" in html
    mx = Country.objects.get(code="MX")
    valid = PickerForm(
        data={
            "gcm_objectives": [Objective.objects.get(number=13).pk],
            "gcm_principles": [Principle.objects.first().pk],  # type: ignore[union-attr]
            "gcm_countries": [mx.pk],
        }
    )
    assert valid.is_valid(), valid.errors
    assert list(valid.gcm_links()["countries"]) == [mx]
    invalid = PickerForm(data={"gcm_countries": ["999999"], "gcm_objectives": ["abc"]})
    assert not invalid.is_valid()
    assert "gcm_countries" in invalid.errors
    assert "gcm_objectives" in invalid.errors

import pytest

from minga.gcm import labels
from minga.gcm.models import Country, Objective, Principle, Roundtable, Subregion


@pytest.mark.django_db
def test_reference_data_loaded_by_migration():
    assert Objective.objects.count() == 23
    assert Principle.objects.count() == 10
    assert Roundtable.objects.count() == 4
    assert Country.objects.count() >= 249
    lac = Country.objects.lac()
    assert lac.count() == 33
    assert set(lac.values_list("subregion", flat=True)) == {s.value for s in Subregion}
    champions = set(Country.objects.filter(is_champion=True).values_list("code", flat=True))
    assert {"MX", "SV", "EC", "HN"} <= champions
    assert Objective.objects.get(number=13).roundtables.get().key == "RT2"


@pytest.mark.django_db
def test_every_stored_label_is_listed_for_translation():
    listed = set(labels.OBJECTIVE_LABELS + labels.OBJECTIVE_TITLES + labels.PRINCIPLE_NAMES)
    listed |= set(labels.OTHER_LABELS)
    for objective in Objective.objects.all():
        assert objective.label in listed
        assert objective.title in listed
    for principle in Principle.objects.all():
        assert principle.name in listed
    for roundtable in Roundtable.objects.all():
        assert roundtable.name in listed

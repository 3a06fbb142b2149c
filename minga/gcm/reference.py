"""Load the GCM reference data shipped in ``minga/gcm/data`` (idempotent).

Run once by the data migration; afterwards Champion status is edited by admins."""

import csv
import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

REGIONS = [
    ("lac", "Latin America and the Caribbean"),
    ("asia_pacific", "Asia and the Pacific"),
    ("africa", "Africa"),
    ("europe_north_america", "Europe and North America"),
    ("arab_states", "Arab States"),
]

SUBREGIONS = {
    "Mexico and Central America": "mca",
    "Caribbean": "caribbean",
    "South America": "south_america",
}


def framework() -> dict[str, Any]:
    return json.loads((DATA_DIR / "gcm_framework.json").read_text(encoding="utf-8"))


def lac_countries() -> list[dict[str, str]]:
    with (DATA_DIR / "lac_countries.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load(apps: Any) -> None:
    """Create or update reference rows. ``apps`` is a migration's app registry or django.apps."""
    from django_countries import countries

    Region = apps.get_model("gcm", "Region")
    Country = apps.get_model("gcm", "Country")
    Objective = apps.get_model("gcm", "Objective")
    Principle = apps.get_model("gcm", "Principle")
    Roundtable = apps.get_model("gcm", "Roundtable")

    data = framework()
    for number_key, name in REGIONS:
        Region.objects.update_or_create(key=number_key, defaults={"name": name})
    lac = Region.objects.get(key="lac")

    for item in data["objectives"]:
        Objective.objects.update_or_create(
            number=item["number"], defaults={"label": item["label"], "title": item["title"]}
        )
    for position, item in enumerate(data["guiding_principles"], start=1):
        Principle.objects.update_or_create(
            key=item["key"], defaults={"name": item["name"], "position": position}
        )
    objectives = {o.number: o for o in Objective.objects.all()}
    for index, (key, numbers) in enumerate(
        ((k, v) for k, v in data["review_roundtables"].items() if not k.startswith("_")), start=1
    ):
        roundtable, _ = Roundtable.objects.update_or_create(
            key=key, defaults={"name": f"Roundtable {index}"}
        )
        roundtable.objectives.set([objectives[n] for n in numbers])

    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(code=code) for code, _name in countries if code not in existing]
    )
    for row in lac_countries():
        Country.objects.filter(code=row["iso2"]).update(
            region=lac,
            subregion=SUBREGIONS[row["subregion"]],
            languages=row["languages"],
            gcm_note=row["gcm_note"],
            is_champion=row["gcm_champion"] == "yes",
        )

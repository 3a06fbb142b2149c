import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from frictionless import validate

from minga.core.models import AuditEntry
from minga.opendata import exports, snapshots, tasks
from minga.opendata.actions import do_build_snapshots
from minga.opendata.models import Snapshot
from minga.opendata.tests.conftest import make_proposal
from minga.proposals.models import Endorsement
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body(response: Any) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_build_writes_every_export_and_a_valid_datapackage(populated: Any, _media: Path) -> None:
    made = do_build_snapshots(None)
    assert len(made) == 2 * len(exports.EXPORTS) + 1
    build = made[0].build
    folder = _media / snapshots.FOLDER / build
    assert {s.build for s in made} == {build}
    for snapshot in made[:-1]:
        path = _media / str(snapshot.file.name)
        assert path.parent == folder and path.stat().st_size == snapshot.size
        if snapshot.format == "csv":
            assert snapshot.rows == exports.count(exports.EXPORTS[snapshot.export])
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    entry = AuditEntry.objects.get(action="opendata.build_snapshots")
    assert entry.data["build"] == build


def test_big_tables_are_served_from_the_newest_snapshot(client: Client, populated: Any) -> None:
    shown = populated["public"].author
    Endorsement.objects.create(proposal=populated["public"], person=shown)
    call_command("build_opendata_snapshots", stdout=io.StringIO())
    # Data that arrives after the snapshot is not in the big table's download …
    make_proposal(f.make_user(), title="Llegó después")
    response = client.get("/api/v1/exports/proposals.csv")
    assert response["X-Snapshot-Date"]
    assert response["Content-Disposition"].startswith("attachment")
    text = body(response).decode()
    assert "Propuesta pública" in text and "Llegó después" not in text
    # … while small tables are read live.
    populated["practice"].title = "Práctica cambiada"
    populated["practice"].save()
    assert "Práctica cambiada" in body(client.get("/api/v1/exports/practices.csv")).decode()
    # The endorsements snapshot parses.
    rows = list(
        csv.DictReader(io.StringIO(body(client.get("/api/v1/exports/endorsements.csv")).decode()))
    )
    assert [r["endorser_kind"] for r in rows] == ["person"]


def test_data_page_offers_the_snapshot_with_its_date(client: Client, populated: Any) -> None:
    page = client.get("/en/data/")
    assert "No snapshot has been built yet" in page.text
    made = do_build_snapshots(None)
    page = client.get("/en/data/")
    assert "No snapshot has been built yet" not in page.text
    for snapshot in made:
        assert snapshot.get_absolute_url() in page.text
    package = next(s for s in made if s.export == snapshots.DATAPACKAGE)
    descriptor = json.loads(body(client.get(package.get_absolute_url())))
    assert {r["path"] for r in descriptor["resources"]} == {
        f"{name}.csv" for name in exports.EXPORTS
    }
    wrong = client.get(f"/api/v1/exports/snapshots/{package.pk}/other.csv")
    assert wrong.status_code == 404


def test_only_the_newest_builds_are_kept(populated: Any, _media: Path) -> None:
    first = do_build_snapshots(None, ["practices"])
    for _n in range(snapshots.KEEP_BUILDS):
        do_build_snapshots(None, ["practices"])
    assert not Snapshot.objects.filter(build=first[0].build).exists()
    assert not (_media / str(first[0].file.name)).exists()
    assert Snapshot.objects.values("build").distinct().count() == snapshots.KEEP_BUILDS


def test_only_administrators_and_known_exports(populated: Any, admin_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        do_build_snapshots(f.make_user(), ["practices"])
    with pytest.raises(ValidationError):
        do_build_snapshots(None, ["nothing"])
    with pytest.raises(CommandError):
        call_command("build_opendata_snapshots", "nothing", stdout=io.StringIO())
    assert do_build_snapshots(admin_user, ["practices"])


def test_the_worker_enqueues_a_build_only_when_due(populated: Any) -> None:
    assert snapshots.is_due()
    # Tests run tasks immediately: enqueuing builds the snapshot.
    assert tasks.enqueue_due_snapshots() is True
    assert Snapshot.objects.exists()
    assert tasks.enqueue_due_snapshots() is False
    later = timezone.now() + snapshots.max_age() + datetime.timedelta(seconds=1)
    assert snapshots.is_due(later)

"""Coded monitoring records for the open-data tests (published, unpublished, without consent)."""

import datetime
import itertools
from typing import Any

from minga.gcm.models import Country, Objective
from minga.monitoring.models import CodedRecord, Report, Status

SECRET_REGION = "Región Canaria Secreta"
_serial = itertools.count(1)


def make_incidents(
    n: int,
    iso2: str,
    *,
    objectives: tuple[int, ...] = (),
    status: str = Status.PUBLISHED,
    consent: bool = True,
    month: datetime.date = datetime.date(2026, 1, 1),
    types: tuple[str, ...] = ("pushback",),
    perpetrator: str = "border_police",
) -> list[Report]:
    country = Country.objects.get(code=iso2)
    linked = list(Objective.objects.filter(number__in=objectives))
    made = []
    for _ in range(n):
        serial = next(_serial)
        report = Report.objects.create(
            reference=f"MR-SECRETREF{serial:05d}",
            lookup_id=f"LOOKUPSEC{serial:07d}",
            receipt_hash="x",
            reporter_public_key="x",
            status=status,
            consent_aggregates=consent,
            received_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )
        record = CodedRecord.objects.create(
            report=report,
            incident_types=list(types),
            month=month,
            country=country,
            region=SECRET_REGION,
            perpetrator=perpetrator,
        )
        record.objectives.set(linked)
        made.append(report)
    return made


def scenario() -> dict[str, Any]:
    """MX 16 published (objective 13: 8, objective 2: 6, objective 5: 2), CO 6 and GT 3 (both
    on objective 13), plus reports that must never count: not yet published (PE) and without
    consent to aggregates (EC). With k = 5 the country table hides GT (3) and, so that the
    total cannot give GT away, CO (6) as well."""
    reports = [
        *make_incidents(8, "MX", objectives=(13,)),
        *make_incidents(6, "MX", objectives=(2,), perpetrator="police"),
        *make_incidents(2, "MX", objectives=(5,), month=datetime.date(2026, 2, 1)),
        *make_incidents(6, "CO", objectives=(13,)),
        *make_incidents(3, "GT", objectives=(13,), types=("extortion", "pushback")),
    ]
    hidden = [
        *make_incidents(9, "PE", objectives=(13,), status=Status.VERIFIED),
        *make_incidents(9, "EC", objectives=(13,), consent=False),
    ]
    return {"published": reports, "unpublished": hidden}

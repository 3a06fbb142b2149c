"""Demo monitoring mechanism: two reviewers with keys (published demo keys: never use them for
real reports), reports sealed through the intake action, and enough verified, coded incidents
for the public aggregates to show numbers while respecting k. Idempotent."""

import base64
import datetime
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.utils import timezone

from minga.accounts.actions import do_grant_role
from minga.accounts.models import Role, RoleAssignment, User
from minga.accounts.permissions import clear_cache
from minga.gcm.models import Country, Objective

from . import actions, crypto, keyfile
from .models import CodedRecord, KeyStatus, Report, ReviewerKey, Status

# Published demo keys (raw X25519, base64). Demo only.
DEMO_REVIEWERS = {
    "rafael": (
        "Rafael Quispe (monitoring reviewer)",
        "b/Ovu2UQEEFo5UvCkA4MMfwAoUWx4Ed2sY4fM2DDbSc=",
    ),
    "lucia": (
        "Lucía Benítez (monitoring reviewer)",
        "6afmbwGiNSi3JDwfLzcbPI/Ceq4IVC+eP5h/quS/65Q=",
    ),
}
DEMO_KEY_FILE = "demo-monitoring-reviewer-key.json"

INCIDENTS = [
    # (country, months ago, types, perpetrator, region, text)
    ("MX", 2, ["extortion"], "migration_authority", "Chiapas",
     "Agentes pidieron dinero en un retén a un grupo que viajaba en autobús."),
    ("MX", 2, ["arbitrary_detention", "no_lawyer"], "migration_authority", "Chiapas",
     "Una familia fue retenida tres días sin poder hablar con su consulado."),
    ("MX", 3, ["pushback"], "armed_forces", "Chiapas",
     "Un grupo fue devuelto al río sin que se escucharan sus solicitudes de asilo."),
    ("MX", 3, ["excessive_force"], "police", "Baja California",
     "Policías golpearon a dos jóvenes frente a un albergue."),
    ("MX", 4, ["aid_criminalized", "threats"], "police", "Coahuila",
     "Voluntarias de un comedor fueron amenazadas con cargos por ayudar a migrantes."),
    ("MX", 5, ["documents_confiscated"], "migration_authority", "Oaxaca",
     "Les quitaron los documentos de la COMAR y no se los devolvieron."),
    ("GT", 2, ["pushback", "expulsion"], "border_police", "Izabal",
     "Expulsión colectiva en la frontera sin evaluación individual."),
    ("GT", 3, ["child_detention"], "migration_authority", "Guatemala",
     "Niños no acompañados retenidos en una estación sin personal de protección."),
    ("GT", 3, ["extortion"], "border_police", "Petén",
     "Cobro ilegal para cruzar un puesto fronterizo."),
    ("GT", 4, ["surveillance", "defenders_harassed"], "intelligence", "Guatemala",
     "Defensores de una casa del migrante fueron seguidos y fotografiados."),
    ("GT", 5, ["ill_treatment"], "detention_staff", "Guatemala",
     "Personas detenidas sin agua durante horas."),
    ("HN", 3, ["family_separation"], "foreign_officials", "Cortés",
     "Una madre retornada fue separada de su hija en el retorno."),
    ("HN", 4, ["data_sharing"], "migration_authority", "Francisco Morazán",
     "Datos de personas retornadas compartidos con la policía."),
    ("SV", 2, ["profiling"], "police", "San Salvador",
     "Detenciones por apariencia en una terminal de autobuses."),
    ("SV", 2, ["cso_raids"], "police", "San Salvador",
     "Allanamiento de un albergue sin orden judicial."),
    ("SV", 3, ["threats"], "police", "La Libertad",
     "Amenazas a una defensora después de una denuncia pública."),
]  # fmt: skip


def _reviewer(key: str, name: str, private: str, admin: User) -> User:
    from minga.demo import DEMO_DOMAIN, DEMO_PASSWORD

    email = f"{key}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=name, preferred_language="es"
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    if not RoleAssignment.objects.filter(user=user, role=Role.MONITORING_REVIEWER).exists():
        do_grant_role(admin, user, Role.MONITORING_REVIEWER)
    clear_cache(user)
    private_key = crypto.private_key_from_b64(private)
    public_b64 = base64.b64encode(crypto.public_raw(private_key.public_key())).decode()
    key_row = ReviewerKey.objects.filter(public_key=public_b64).first()
    if key_row is None:
        key_row = actions.do_upload_reviewer_key(user, public_b64)
    if key_row.status == KeyStatus.PENDING:
        actions.do_approve_reviewer_key(admin, key_row)
    return user


def write_key_backup() -> Path:
    from minga.demo import DEMO_PASSWORD

    path = Path(settings.VAR_DIR) / DEMO_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(keyfile.backup(DEMO_REVIEWERS["rafael"][1], DEMO_PASSWORD))
    return path


def load(people: dict[str, Any], review: Any, organizations: dict[str, Any]) -> dict[str, int]:
    admin = people["admin"]
    rafael = _reviewer("rafael", *DEMO_REVIEWERS["rafael"], admin=admin)
    lucia = _reviewer("lucia", *DEMO_REVIEWERS["lucia"], admin=admin)
    write_key_backup()
    if CodedRecord.objects.exists():
        return {"monitoring reports": Report.objects.count()}
    today = timezone.localdate()
    objectives = {o.number: o for o in Objective.objects.filter(number__in=[7, 8, 21, 23])}
    countries = {c.iso2: c for c in Country.objects.filter(code__in=["MX", "GT", "HN", "SV"])}
    assess = {"reliability": "usually", "connection": "direct", "confidence": "high"}
    for iso2, months_ago, types, perpetrator, region, text in INCIDENTS:
        month = (today.replace(day=1) - datetime.timedelta(days=30 * months_ago)).replace(day=1)
        report = actions.do_submit_report(
            None,
            answers={
                "what_happened": text,
                "country": iso2,
                "incident_types": types,
                "perpetrator": perpetrator,
                "month": str(month.month),
                "year": str(month.year),
            },
            uploads=[],
            consent_aggregates=True,
        ).report
        actions.do_move_report(rafael, report, Status.TRIAGE)
        actions.do_move_report(rafael, report, Status.VERIFYING)
        actions.do_save_coded_record(
            rafael,
            report,
            incident_types=types,
            month=month,
            country=countries[iso2],
            region=region,
            affected=["adult_men", "adult_women"],
            perpetrator=perpetrator,
            objectives=[objectives[8], objectives[21]] if 8 in objectives else [],
            principles=[],
        )
        actions.do_assess_report(rafael, report, decision="verified", **assess)
        actions.do_assess_report(lucia, report, decision="verified", **assess)
        report.refresh_from_db()
        actions.do_publish_report(rafael, report)
    # Two fresh reports waiting for triage, one of them urgent.
    actions.do_submit_report(
        None,
        answers={"what_happened": "Un grupo con niños está retenido ahora en la frontera.",
                 "country": "PA", "incident_types": ["child_detention"]},
        uploads=[], urgent=True, consent_aggregates=True,
    )  # fmt: skip
    actions.do_submit_report(
        None,
        answers={"what_happened": "Nos negaron la atención en el centro de salud.",
                 "country": "CR", "incident_types": ["health_denied"]},
        uploads=[], consent_aggregates=True,
    )  # fmt: skip
    return {"monitoring reports": Report.objects.count()}

"""Demo initiatives of the Champion States (Mexico, Honduras, Ecuador, El Salvador) and one
joint Mexico–Guatemala initiative, with dated updates, an assessment by the Red Regional de
Organizaciones Migrantes and the reply of Honduras's focal point. Idempotent, through the
actions (an initiative whose title exists is left as it is)."""

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from minga.accounts.actions import do_grant_role
from minga.accounts.models import Role, RoleAssignment, User
from minga.gcm.models import Country, Objective, Principle
from minga.stakeholders.models import Organization

from . import actions
from .models import Assessment, Initiative, Reply

RROM = "Red Regional de Organizaciones Migrantes"
HN_FOCAL = "hn-focal"


@dataclass(frozen=True)
class DemoInitiative:
    key: str
    author: str
    title: str
    summary: str
    kind: str
    states: tuple[str, ...]  # the first is the lead
    objectives: tuple[int, ...]
    principles: tuple[str, ...]
    start_days_ago: int
    status: str
    institution: str
    involvement: str
    evidence: str
    budget: tuple[str, str, str] | None = None  # amount, currency, note
    updates: tuple[tuple[str, str, str, int], ...] = ()  # kind, title, text, days ago


INITIATIVES = [
    DemoInitiative(
        key="hn",
        author=HN_FOCAL,
        title="Centros de Atención al Migrante Retornado con enfoque de niñez",
        summary=(
            "Honduras amplía los **Centros de Atención al Migrante Retornado (CAMR)** en San "
            "Pedro Sula y Tegucigalpa: recepción digna, atención psicosocial, documentación y "
            "referencia a programas de reintegración, con salas separadas para niñas, niños y "
            "adolescentes no acompañados."
        ),
        kind="mechanism",
        states=("HN",),
        objectives=(21, 7),
        principles=("child_sensitive", "human_rights", "whole_of_society"),
        start_days_ago=400,
        status="ongoing",
        institution="Secretaría de Relaciones Exteriores y Cooperación Internacional",
        involvement="co_designed",
        evidence=(
            "El protocolo de recepción de niñez se diseñó en cuatro talleres con la Red "
            "Regional de Organizaciones Migrantes y casas del migrante (actas publicadas)."
        ),
        budget=("3500000", "USD", "Presupuesto anual, incluye cooperación internacional."),
        updates=(
            (
                "milestone",
                "Publicado el protocolo de recepción de niñez retornada",
                "El protocolo es obligatorio en los tres centros desde este mes.",
                3,
            ),
            (
                "progress",
                "12.400 personas atendidas en el primer semestre",
                "El 18 % son niñas, niños y adolescentes.",
                40,
            ),
            (
                "setback",
                "Cierre temporal del centro de Omoa por falta de personal",
                "Se reabrirá cuando se contraten psicólogas.",
                90,
            ),
        ),
    ),
    DemoInitiative(
        key="mx",
        author="daniel",
        title="Programa de regularización migratoria por razones humanitarias",
        summary=(
            "México otorga tarjetas de visitante por razones humanitarias a personas en "
            "situación migratoria irregular con arraigo, con acceso a empleo formal y "
            "servicios de salud."
        ),
        kind="programme",
        states=("MX",),
        objectives=(4, 7, 15),
        principles=("human_rights", "rule_of_law"),
        start_days_ago=700,
        status="ongoing",
        institution="Instituto Nacional de Migración",
        involvement="consulted",
        evidence="Consulta pública en línea y dos foros con organizaciones de la frontera sur.",
        updates=(("progress", "48.000 tarjetas emitidas", "Cifras al cierre del trimestre.", 10),),
    ),
    DemoInitiative(
        key="ec",
        author="daniel",
        title="Proceso de regularización y registro de personas venezolanas",
        summary=(
            "Ecuador registra y regulariza a personas venezolanas con una visa de residencia "
            "temporal de excepción, gratuita para niñas, niños y personas en situación de "
            "vulnerabilidad."
        ),
        kind="policy",
        states=("EC",),
        objectives=(1, 4),
        principles=("people_centred", "child_sensitive"),
        start_days_ago=300,
        status="ongoing",
        institution="Ministerio de Relaciones Exteriores y Movilidad Humana",
        involvement="informed",
        evidence="Campaña informativa con organizaciones de personas venezolanas.",
        updates=(("milestone", "Apertura de 30 puntos de registro", "", 20),),
    ),
    DemoInitiative(
        key="sv",
        author="daniel",
        title="Compromiso de financiamiento para la reintegración de personas retornadas",
        summary=(
            "El Salvador se compromete a financiar planes individuales de reintegración "
            "económica y psicosocial para personas retornadas durante cuatro años."
        ),
        kind="pledge_financial",
        states=("SV",),
        objectives=(21, 19),
        principles=("whole_of_government",),
        start_days_ago=200,
        status="planned",
        institution="Dirección General de Migración y Extranjería",
        involvement="none",
        evidence="",
        budget=("12000000", "USD", "En cuatro años."),
    ),
    DemoInitiative(
        key="mx_gt",
        author="daniel",
        title="Corredor de protección humanitaria en la frontera México–Guatemala",
        summary=(
            "Iniciativa conjunta de México y Guatemala: albergues coordinados, búsqueda de "
            "personas desaparecidas y un número único de emergencia a ambos lados de la "
            "frontera."
        ),
        kind="programme",
        states=("MX", "GT"),
        objectives=(8, 23),
        principles=("international_cooperation", "human_rights"),
        start_days_ago=150,
        status="ongoing",
        institution="Cancillerías de México y Guatemala",
        involvement="co_implemented",
        evidence="Casas del migrante de ambos países operan los albergues del corredor.",
        updates=(("progress", "Primer mes del número único de emergencia", "", 5),),
    ),
]

# The RROM assessment of the Honduran initiative: principle → (rating, evidence, links).
ASSESSMENT = {
    "child_sensitive": (4, "Salas separadas y protocolo de niñez publicado.",
                        ["https://example.org/protocolo-ninez"]),
    "human_rights": (3, "Atención digna, pero sin asistencia jurídica independiente.", []),
    "gender_responsive": (2, "No hay atención específica a mujeres retornadas víctimas de "
                             "violencia.", []),
    "whole_of_society": (5, "Protocolo co-diseñado con organizaciones de la sociedad civil.",
                         ["https://example.org/actas-talleres"]),
    "people_centred": (4, "Atención individual y referencia a servicios.", []),
    "rule_of_law": (0, "", []),
}  # fmt: skip


def _focal_point(people: dict[str, Any]) -> User:
    """Honduras's focal point persona (with MFA), given the role by the demo admin."""
    from minga.demo import DEMO_DOMAIN, DEMO_PASSWORD

    email = f"{HN_FOCAL}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name="Karla Mejía (Cancillería de Honduras)",
            preferred_language="es",
        )
        user.countries.set(Country.objects.filter(code="HN"))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    honduras = Country.objects.get(code="HN")
    if not RoleAssignment.objects.filter(
        user=user, role=Role.STATE_FOCAL_POINT, country=honduras
    ).exists():
        do_grant_role(people["admin"], user, Role.STATE_FOCAL_POINT, country=honduras)
    return user


def _date(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def load(
    *, people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> dict[str, int]:
    people = {**people, HN_FOCAL: _focal_point(people)}
    made: dict[str, Initiative] = {}
    for spec in INITIATIVES:
        existing = Initiative.objects.filter(title=spec.title).first()
        if existing is not None:
            made[spec.key] = existing
            continue
        states = list(Country.objects.filter(code__in=spec.states))
        states.sort(key=lambda c: spec.states.index(c.iso2))
        amount, currency, note = spec.budget or (None, "", "")
        author = people[spec.author]
        initiative = actions.do_create_initiative(
            author,
            title=spec.title,
            summary=spec.summary,
            language="es",
            kind=spec.kind,
            lead_state=states[0],
            partner_states=states[1:],
            objectives=list(Objective.objects.filter(number__in=spec.objectives)),
            principles=list(Principle.objects.filter(key__in=spec.principles)),
            start_date=_date(spec.start_days_ago),
            status=spec.status,
            responsible_institution=spec.institution,
            budget_amount=amount,
            budget_currency=currency,
            budget_note=note,
            cs_involvement=spec.involvement,
            cs_evidence=spec.evidence,
        )
        for kind, title, text, days_ago in reversed(spec.updates):
            actions.do_add_initiative_update(
                author, initiative, kind=kind, title=title, text=text, date=_date(days_ago)
            )
        made[spec.key] = initiative
    honduran = made["hn"]
    rrom = organizations.get(RROM)
    if (
        rrom is not None
        and not Assessment.objects.filter(initiative=honduran, organization=rrom).exists()
    ):
        actions.do_submit_assessment(
            people["carla"],
            honduran,
            organization=rrom,
            ratings={
                key: actions.rating_input(rating, evidence, links)
                for key, (rating, evidence, links) in ASSESSMENT.items()
            },
            comment=(
                "Los CAMR mejoraron la recepción de niñez retornada gracias al trabajo con la "
                "sociedad civil. Falta atención específica a mujeres y asistencia jurídica."
            ),
        )
    assessment = Assessment.objects.filter(initiative=honduran, organization=rrom).first()
    if assessment is not None and not Reply.objects.filter(assessment=assessment).exists():
        actions.do_reply_to_assessment(
            people[HN_FOCAL],
            assessment,
            text=(
                "Agradecemos la evaluación. En el próximo semestre abriremos una ventanilla de "
                "atención a mujeres retornadas con la Secretaría de la Mujer y convenios de "
                "asistencia jurídica gratuita con dos universidades."
            ),
        )
    return {"initiatives": Initiative.objects.count()}

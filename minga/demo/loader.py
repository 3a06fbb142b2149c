"""Load the demo LAC review: idempotent, safe to run twice.

Everything that has an action goes through it (organizations, memberships, accreditation,
roles); reference configuration without an action (the review and its phases) is created
directly. Content is fictional but realistic.
"""

import datetime
import importlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from minga.accounts.actions import do_grant_role
from minga.accounts.models import Role, RoleAssignment, User
from minga.gcm.models import Country, Objective, Region
from minga.reviews.models import Phase, PhaseKind, Review
from minga.stakeholders.actions import (
    do_apply_accreditation,
    do_decide_accreditation,
    do_decide_membership,
    do_register_organization,
    do_request_membership,
)
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipRole,
    Organization,
)

from . import DEMO_DOMAIN, DEMO_PASSWORD

REVIEW_SLUG = "lac-2029"


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    language: str
    countries: tuple[str, ...] = ()
    self_identification: tuple[str, ...] = ()
    public: bool = True
    staff: bool = False


PEOPLE = [
    Person("ana", "Ana V. (seudónimo)", "es", ("VE", "CO"), ("migrant",), public=False),
    Person("carla", "Carla Quispe", "es", ("PE", "CL"), ("migrant",)),
    Person("rosa", "Rosa Elvira Morán", "es", ("SV", "MX")),
    Person("daniel", "Daniel Okafor", "en", ("CL",)),
    Person("marta", "Marta Ibáñez", "es", ("MX",)),
    Person("oscar", "Oscar Lindqvist", "en", ()),
    Person("admin", "Minga admin", "en", (), public=False, staff=True),
    Person("lucia", "Lucía Mamani", "es", ("BO", "AR"), ("migrant",)),
    Person("jean", "Jean-Robert Pierre", "fr", ("HT", "US"), ("diaspora",)),
    Person("joao", "João Batista Silva", "pt", ("BR",)),
    Person("gabriela", "Gabriela Torres", "es", ("GT", "MX")),
    Person("kwame", "Kwame Thompson", "en", ("JM", "TT")),
    Person("valentina", "Valentina Rojas", "es", ("ES", "EC"), ("diaspora",)),
]


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str
    kind: str
    hq: str
    representative: str
    description: str
    language: str = "es"
    migrant_led: bool = False
    network: bool = False
    networks: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    objectives: tuple[int, ...] = ()
    ecosoc: str = ""
    members: tuple[str, ...] = ()
    accreditation: str = ""  # "", "applied", "approved", "declined"


ORGANIZATIONS = [
    Org(
        "Red Regional de Organizaciones Migrantes",
        "RROM",
        "migrant_led",
        "MX",
        "carla",
        "Red de 40 organizaciones lideradas por personas migrantes de México, Centroamérica y "
        "Sudamérica. Coordina la participación de la sociedad civil en la revisión regional.",
        migrant_led=True,
        network=True,
        countries=("MX", "GT", "HN", "SV", "CO", "PE", "CL"),
        objectives=(7, 15, 16, 17),
        ecosoc="special",
        members=("lucia", "gabriela"),
        accreditation="approved",
    ),
    Org(
        "Coalición Centroamericana por los Derechos de las Personas Migrantes",
        "CCDPM",
        "cso",
        "SV",
        "gabriela",
        "Coalición de organizaciones de derechos humanos de El Salvador, Guatemala, Honduras y "
        "Nicaragua que documenta detenciones y deportaciones.",
        network=True,
        countries=("SV", "GT", "HN", "NI"),
        objectives=(8, 13, 21),
        accreditation="approved",
    ),
    Org(
        "Colectivo Mujeres Migrantes del Sur",
        "",
        "migrant_led",
        "CL",
        "carla",
        "Mujeres peruanas, bolivianas, venezolanas y haitianas que acompañan a trabajadoras "
        "migrantes en Santiago y Antofagasta.",
        migrant_led=True,
        networks=("Red Regional de Organizaciones Migrantes",),
        countries=("CL", "PE", "BO"),
        objectives=(6, 7, 16),
        accreditation="approved",
    ),
    Org(
        "Casa del Migrante San Martín",
        "",
        "faith_based",
        "GT",
        "gabriela",
        "Albergue y atención humanitaria en la frontera entre Guatemala y México: alojamiento, "
        "asistencia legal y acompañamiento psicosocial.",
        networks=("Coalición Centroamericana por los Derechos de las Personas Migrantes",),
        countries=("GT", "MX"),
        objectives=(7, 8, 15),
        accreditation="applied",
    ),
    Org(
        "Observatorio de Movilidad Humana del Caribe",
        "OMHC",
        "academia",
        "DO",
        "kwame",
        "Centro de investigación que produce datos desagregados sobre movilidad humana en el "
        "Caribe, incluida la movilidad por desastres y cambio climático.",
        countries=("DO", "HT", "JM", "TT", "CU"),
        objectives=(1, 2, 23),
        accreditation="applied",
    ),
    Org(
        "Haitian Diaspora Alliance",
        "HDA",
        "diaspora",
        "US",
        "jean",
        "Diaspora organizations of Haitians in the United States and Canada supporting "
        "families in Haiti and Haitians in transit through the Americas.",
        language="en",
        migrant_led=True,
        countries=("HT", "US", "CA", "DO", "CL", "BR"),
        objectives=(19, 20, 21),
        accreditation="approved",
    ),
    Org(
        "Sindicato de Trabajadoras del Hogar Migrantes",
        "SITRAHM",
        "trade_union",
        "AR",
        "lucia",
        "Sindicato de trabajadoras domésticas y de cuidados migrantes en Buenos Aires y Córdoba.",
        migrant_led=True,
        networks=("Red Regional de Organizaciones Migrantes",),
        countries=("AR", "PY", "BO"),
        objectives=(6, 22),
    ),
    Org(
        "Defensoría Fronteriza",
        "",
        "cso",
        "EC",
        "valentina",
        "Asistencia jurídica gratuita a personas refugiadas y migrantes en la frontera norte "
        "de Ecuador.",
        countries=("EC", "CO"),
        objectives=(4, 13, 14),
        accreditation="declined",
    ),
    Org(
        "Associação de Imigrantes Venezuelanos em Roraima",
        "AIVR",
        "migrant_led",
        "BR",
        "joao",
        "Associação de pessoas venezuelanas em Boa Vista e Pacaraima: acolhida, documentação e "
        "inserção no trabalho.",
        language="pt",
        migrant_led=True,
        countries=("BR", "VE"),
        objectives=(4, 16, 18),
        accreditation="approved",
    ),
    Org(
        "Jeunesse Migrante Haïti",
        "JMH",
        "youth",
        "HT",
        "jean",
        "Jeunes haïtiens engagés pour les droits des enfants et des jeunes en migration et "
        "pour la réintégration des rapatriés.",
        language="fr",
        migrant_led=True,
        countries=("HT", "DO"),
        objectives=(7, 21),
    ),
    Org(
        "Diáspora Latinoamericana en Europa",
        "DLE",
        "diaspora",
        "ES",
        "valentina",
        "Asociaciones de la diáspora latinoamericana en España, Italia y Francia; remesas, "
        "voto en el exterior y portabilidad de la seguridad social.",
        migrant_led=True,
        countries=("ES", "IT", "FR", "EC", "CO", "PE"),
        objectives=(19, 20, 22),
    ),
    Org(
        "Instituto de Estudios de Movilidad Andina",
        "IEMA",
        "academia",
        "PE",
        "carla",
        "Investigación sobre integración sociolaboral y acceso a servicios de personas migrantes "
        "en los países andinos.",
        countries=("PE", "BO", "EC", "CO", "VE"),
        objectives=(1, 15, 16),
    ),
]


def _date(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _person(p: Person) -> User:
    email = f"{p.key}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=p.name,
            preferred_language=p.language,
            self_identification=list(p.self_identification),
            is_public=p.public,
            is_staff=p.staff,
            is_superuser=p.staff,
        )
        user.countries.set(Country.objects.filter(code__in=p.countries))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _ensure_mfa(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def _review() -> Review:
    review, created = Review.objects.get_or_create(
        slug=REVIEW_SLUG,
        defaults={
            "title": "Tercera Revisión Regional del Pacto Mundial para la Migración en América "
            "Latina y el Caribe",
            "description": (
                "Revisión regional convocada por la CEPAL y la OIM con la Red de las Naciones "
                "Unidas sobre la Migración. La sociedad civil, las personas migrantes y sus "
                "familias participan en las consultas, las sesiones y el informe."
            ),
            "language": "es",
            "region": Region.objects.get(key="lac"),
            "languages": ["es", "en", "pt", "fr"],
            "time_zone": "America/Santiago",
        },
    )
    if created:
        review.countries.set(Country.objects.lac())
        spans = [
            (PhaseKind.CONSULTATION, -20, 70, "Consultas virtuales por subregión."),
            (PhaseKind.SESSIONS, 71, 75, "Audiencia multiactor y conferencia en Santiago."),
            (PhaseKind.REPORT, 76, 130, "Redacción del informe de las partes interesadas."),
            (PhaseKind.FOLLOWUP, 131, 1400, "Seguimiento de recomendaciones hasta 2033."),
        ]
        for kind, start, end, description in spans:
            Phase.objects.create(
                review=review,
                kind=kind,
                starts_on=_date(start),
                ends_on=_date(end),
                description=description,
            )
    return review


def _grant(
    admin: User, user: User, role: str, review: Review | None = None, iso2: str = ""
) -> None:
    country = Country.objects.get(code=iso2) if iso2 else None
    if not RoleAssignment.objects.filter(
        user=user, role=role, review=review, country=country
    ).exists():
        do_grant_role(admin, user, role, review=review, country=country)


def _load_app_demos(
    people: dict[str, User], review: Review, organizations: dict[str, Organization]
) -> dict[str, int]:
    """Apps add demo content in ``minga/<app>/demo.py``: ``load(people, review, organizations)``
    returning counts to print; it must be idempotent and go through the app's actions."""
    counts: dict[str, int] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("minga.") or config.name == "minga.demo":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        counts.update(module.load(people=people, review=review, organizations=organizations))
    return counts


@transaction.atomic
def load() -> dict[str, int]:
    people = {p.key: _person(p) for p in PEOPLE}
    admin = people["admin"]
    for key in ("admin", "rosa", "daniel"):
        _ensure_mfa(people[key])
    review = _review()

    _grant(admin, people["rosa"], Role.COMMITTEE_MEMBER, review)
    _grant(admin, people["kwame"], Role.COMMITTEE_MEMBER, review)
    _grant(admin, people["daniel"], Role.UN_DELEGATE, review)
    _grant(admin, people["marta"], Role.STATE_FOCAL_POINT, iso2="MX")

    organizations: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        org = Organization.objects.filter(name=spec.name).first()
        if org is None:
            org = do_register_organization(
                people[spec.representative],
                name=spec.name,
                acronym=spec.acronym,
                stakeholder_type=spec.kind,
                headquarters=Country.objects.get(code=spec.hq),
                is_migrant_led=spec.migrant_led,
                is_network=spec.network,
                networks=[organizations[n] for n in spec.networks],
                description=spec.description,
                description_language=spec.language,
                ecosoc_status=spec.ecosoc,
                countries=Country.objects.filter(code__in=spec.countries),
                objectives=Objective.objects.filter(number__in=spec.objectives),
            )
        organizations[spec.name] = org
        representative = people[spec.representative]
        for key in spec.members:
            member = people[key]
            if not Membership.objects.filter(person=member, organization=org).exists():
                membership = do_request_membership(member, org, role=MembershipRole.MEMBER)
                do_decide_membership(representative, membership, approve=True)
        if (
            spec.accreditation
            and not Accreditation.objects.filter(organization=org, review=review).exists()
        ):
            accreditation = do_apply_accreditation(
                representative,
                org,
                review,
                motivation="Acompañamos a personas migrantes en la región y queremos llevar "
                "sus propuestas a la revisión.",
            )
            if spec.accreditation in (AccreditationStatus.APPROVED, AccreditationStatus.DECLINED):
                approve = spec.accreditation == AccreditationStatus.APPROVED
                do_decide_accreditation(
                    people["rosa"],
                    accreditation,
                    approve=approve,
                    reason=""
                    if approve
                    else "La organización no presentó documentos de constitución; "
                    "puede volver a postular con ellos.",
                )
    extras = _load_app_demos(people, review, organizations)
    return {
        **extras,
        "people": len(people),
        "organizations": len(organizations),
        "accredited": Accreditation.objects.filter(
            review=review, status=AccreditationStatus.APPROVED
        ).count(),
    }

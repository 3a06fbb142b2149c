"""Demo dialogue: the institutions (IOM, ECLAC, the regional UN Network on Migration, the
Government of Mexico), a consultation addressed to IOM with contributions in four languages
and IOM's official response with a commitment, and ECLAC's standing channel.

Idempotent: everything is looked up by name or title first and created through the actions.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from minga.gcm.models import Country, Objective
from minga.stakeholders.actions import (
    do_decide_membership,
    do_register_organization,
    do_request_membership,
)
from minga.stakeholders.models import Membership, MembershipStatus, Organization

from . import actions
from .models import Consultation, ConsultationPhase, Contribution


@dataclass(frozen=True)
class Institution:
    name: str
    acronym: str
    kind: str
    hq: str
    description: str
    language: str = "es"
    network: bool = False


IOM = "Organización Internacional para las Migraciones"
ECLAC = "Comisión Económica para América Latina y el Caribe"
NETWORK = "Red Regional de las Naciones Unidas sobre la Migración para América Latina y el Caribe"
MEXICO = "Gobierno de México"

INSTITUTIONS = [
    Institution(
        IOM,
        "OIM",
        "un",
        "CR",
        "Oficina regional para Centroamérica, Norteamérica y el Caribe de la OIM, organismo de "
        "las Naciones Unidas para la migración.",
    ),
    Institution(
        ECLAC,
        "CEPAL",
        "un",
        "CL",
        "Comisión regional de las Naciones Unidas; coorganiza la revisión regional del Pacto "
        "Mundial para la Migración.",
    ),
    Institution(
        NETWORK,
        "Red ONU Migración",
        "un",
        "PA",
        "Coordina el apoyo del sistema de las Naciones Unidas a los Estados en la implementación "
        "del Pacto.",
        network=True,
    ),
    Institution(
        MEXICO,
        "",
        "state",
        "MX",
        "Gobierno federal de los Estados Unidos Mexicanos (Secretaría de Relaciones Exteriores).",
    ),
]

CONSULTATION_TITLE = "Vías regulares de migración laboral en la región: ¿qué debe priorizar la OIM?"
CHANNEL_TITLE = "Canal permanente con la CEPAL"

CONTRIBUTIONS: list[tuple[str, str, str, str | None, int | None]] = [
    # (person, language, text, organization name or None, index of the parent or None)
    (
        "carla",
        "es",
        "Las visas de temporada para trabajo agrícola dejan fuera a las mujeres que trabajan en "
        "cuidados. Pedimos que la OIM apoye **visas de trabajo doméstico y de cuidados** con "
        "derechos laborales plenos.",
        "Red Regional de Organizaciones Migrantes",
        None,
    ),
    (
        "joao",
        "pt",
        "Em Roraima, a interiorização funcionou quando houve vaga de emprego garantida antes da "
        "viagem. A OIM poderia ampliar esse modelo para outros estados e países.",
        "Associação de Imigrantes Venezuelanos em Roraima",
        None,
    ),
    (
        "jean",
        "fr",
        "Les Haïtiens en transit n'ont presque jamais accès aux voies régulières. Il faut des "
        "informations en créole et en français dans les points de passage.",
        "Haitian Diaspora Alliance",
        None,
    ),
    (
        "kwame",
        "en",
        "Caribbean data on labour mobility is scattered. Regular pathways need shared data on "
        "vacancies and recognition of qualifications across CARICOM.",
        None,
        None,
    ),
    (
        "lucia",
        "es",
        "De acuerdo con Carla. En Argentina las trabajadoras del hogar migrantes siguen sin "
        "registro: la vía regular tiene que incluir la inscripción en la seguridad social.",
        "Sindicato de Trabajadoras del Hogar Migrantes",
        0,
    ),
    (
        "valentina",
        "es",
        "Y que los aportes sean portables cuando la persona retorna o se muda a otro país.",
        None,
        4,
    ),
]


def _institution(admin: Any, spec: Institution) -> Organization:
    org = Organization.objects.filter(name=spec.name).first()
    if org is None:
        org = do_register_organization(
            admin,
            name=spec.name,
            acronym=spec.acronym,
            stakeholder_type=spec.kind,
            headquarters=Country.objects.get(code=spec.hq),
            is_network=spec.network,
            description=spec.description,
            description_language=spec.language,
            countries=Country.objects.lac(),
            become_representative=False,
        )
    return org


def _approved_member(admin: Any, person: Any, organization: Organization) -> None:
    membership = Membership.objects.filter(person=person, organization=organization).first()
    if membership is None:
        membership = do_request_membership(person, organization)
    if membership.status == MembershipStatus.PENDING:
        do_decide_membership(admin, membership, approve=True)


def load(*, people: dict[str, Any], review: Any, organizations: dict[str, Any]) -> dict[str, int]:
    admin, daniel, rosa = people["admin"], people["daniel"], people["rosa"]
    institutions = {spec.name: _institution(admin, spec) for spec in INSTITUTIONS}
    organizations.update(institutions)
    iom, eclac = institutions[IOM], institutions[ECLAC]
    _approved_member(admin, daniel, iom)

    consultation = Consultation.objects.filter(title=CONSULTATION_TITLE).first()
    if consultation is None:
        consultation = actions.do_open_consultation(
            rosa,
            title=CONSULTATION_TITLE,
            question="¿Qué vías regulares de migración laboral debería apoyar la OIM con "
            "prioridad en los próximos dos años, y cómo deberían participar las organizaciones "
            "de personas migrantes en su diseño?",
            background=(
                "El **objetivo 5** del Pacto Mundial pide aumentar la disponibilidad y "
                "flexibilidad de las vías de migración regular. En la región conviven visas "
                "humanitarias, acuerdos de residencia del MERCOSUR y programas de trabajo "
                "temporal.\n\nEsta consulta reúne propuestas de la sociedad civil para la "
                "sesión con la OIM."
            ),
            language="es",
            review=review,
            institutions=[iom],
            objectives=Objective.objects.filter(number__in=[5, 6, 15]),
            countries=Country.objects.filter(code__in=["MX", "GT", "BR", "CL", "HT", "AR"]),
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        made: list[Contribution] = []
        for key, language, text, org_name, parent_index in CONTRIBUTIONS:
            made.append(
                actions.do_contribute(
                    people[key],
                    consultation,
                    text=text,
                    language=language,
                    organization=organizations.get(org_name) if org_name else None,
                    parent=made[parent_index] if parent_index is not None else None,
                )
            )
        for key, index, kind in [
            ("lucia", 0, "agree"),
            ("gabriela", 0, "agree"),
            ("jean", 0, "useful"),
            ("carla", 1, "useful"),
            ("ana", 2, "agree"),
            ("joao", 3, "useful"),
            ("oscar", 3, "disagree"),
        ]:
            actions.do_react(people[key], made[index], kind)
        actions.do_move_consultation_phase(rosa, consultation, ConsultationPhase.ANSWERING)
        actions.do_respond_officially(
            daniel,
            consultation,
            institution=iom,
            text=(
                "La OIM agradece las contribuciones. Coincidimos en que las vías regulares deben "
                "incluir el trabajo de cuidados y la portabilidad de la seguridad social.\n\n"
                "Apoyaremos a los gobiernos interesados en diseñar programas piloto con la "
                "participación de organizaciones de personas migrantes."
            ),
            language="es",
            commitments=[
                actions.CommitmentInput(
                    "Publicar una guía regional sobre vías regulares para el trabajo de cuidados, "
                    "elaborada con organizaciones de personas migrantes.",
                    iom,
                    timezone.localdate() + datetime.timedelta(days=180),
                )
            ],
        )

    channel = Consultation.objects.standing().addressed_to(eclac).first()
    if channel is None:
        channel = actions.do_open_consultation(
            daniel,
            title=CHANNEL_TITLE,
            question="Escriba a la CEPAL en cualquier momento: datos, estudios o propuestas "
            "sobre migración y desarrollo en la región.",
            language="es",
            review=review,
            institutions=[eclac],
            is_standing=True,
            objectives=Objective.objects.filter(number__in=[1, 19]),
        )
        actions.do_contribute(
            people["kwame"],
            channel,
            text="Could ECLAC publish remittance costs by corridor every quarter?",
            language="en",
        )
    return {
        "consultations": Consultation.objects.count(),
        "contributions": Contribution.objects.count(),
    }

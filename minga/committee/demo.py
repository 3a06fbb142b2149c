"""Demo of the Civil Society Committee: Rosa chairs it (for the Central American coalition),
Kwame sits for the Haitian diaspora; a call for rapporteurs has run end to end (nomination →
consent → votes → slate with rationale → UN confirmation → Lucía in the session's
programme) and a call for panelists is open. Idempotent and through the actions."""

import datetime
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from minga.accounts import permissions as account_permissions
from minga.accounts.actions import do_update_profile
from minga.gcm.models import Objective
from minga.hearings.models import Session, SessionStatus
from minga.stakeholders.actions import do_decide_membership, do_request_membership
from minga.stakeholders.models import Membership, MembershipRole, Organization

from . import actions
from .models import Call, CallRole, CommitteeMember

RROM = "Red Regional de Organizaciones Migrantes"
CCDPM = "Coalición Centroamericana por los Derechos de las Personas Migrantes"
HDA = "Haitian Diaspora Alliance"
AIVR = "Associação de Imigrantes Venezuelanos em Roraima"
SESSION_TITLE = "Audiencia multiactor de la sociedad civil con los Estados"


def _member_of(person: Any, organization: Organization, representative: Any) -> None:
    if not Membership.objects.filter(person=person, organization=organization).exists():
        membership = do_request_membership(person, organization, role=MembershipRole.MEMBER)
        do_decide_membership(representative, membership, approve=True)


def _session(review: Any) -> Session:
    """A published session far enough ahead: the hearings demo's first one, or our own."""
    soon = timezone.now() + datetime.timedelta(days=10)
    session = (
        Session.objects.filter(review=review, status=SessionStatus.PUBLISHED, starts_at__gt=soon)
        .order_by("starts_at", "pk")
        .first()
    )
    if session is not None:
        return session
    phase = review.phases.filter(kind="sessions").first()
    day = phase.starts_on if phase is not None else timezone.localdate() + datetime.timedelta(60)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    session, _created = Session.objects.get_or_create(
        review=review,
        title=SESSION_TITLE,
        defaults={
            "description": "Personas migrantes, organizaciones de la sociedad civil y Estados "
            "dialogan sobre la implementación del Pacto en la región.",
            "kind": "hearing",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=3),
            "venue": "CEPAL, Santiago de Chile",
            "languages": ["es", "en", "pt", "fr"],
            "status": SessionStatus.PUBLISHED,
        },
    )
    return session


def load(*, people: dict[str, Any], review: Any, organizations: dict[str, Any]) -> dict[str, int]:
    admin, rosa, kwame = people["admin"], people["rosa"], people["kwame"]
    if not Authenticator.objects.filter(user=kwame, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(kwame, generate_totp_secret())
    # Another app's demo may have looked at Kwame's roles or MFA before: read them afresh.
    account_permissions.clear_cache(kwame)
    rrom, ccdpm, hda, aivr = (organizations[n] for n in (RROM, CCDPM, HDA, AIVR))

    if not CommitteeMember.objects.filter(review=review).exists():
        _member_of(rosa, ccdpm, people["gabriela"])
        _member_of(kwame, hda, people["jean"])
        actions.do_add_committee_member(
            admin, review, rosa, ccdpm, is_chair=True, focal_region="mca"
        )
        actions.do_add_committee_member(admin, review, kwame, hda, focal_region="caribbean")

    session = _session(review)
    calls = Call.objects.filter(session__review=review)
    if not calls.filter(role=CallRole.RAPPORTEUR).exists():
        _rapporteur_call(people, session, rrom, hda, aivr)
    if not calls.filter(role=CallRole.PANELIST).exists():
        call = actions.do_open_call(
            rosa,
            session,
            role=CallRole.PANELIST,
            seats=4,
            deadline=min(
                timezone.now() + datetime.timedelta(days=20),
                session.starts_at - datetime.timedelta(days=2),
            ),
            eligibility="Personas migrantes, refugiadas o retornadas, o que trabajan con ellas, "
            "con experiencia en incidencia ante los Estados. Se valoran las primeras "
            "participaciones.",
            rules={
                "min_women_percent": 50,
                "all_subregions": True,
                "min_migrant_led": 2,
                "max_per_country": 1,
                "min_first_time": 1,
                "languages": ["es", "pt", "fr", "en"],
            },
        )
        actions.do_nominate(
            people["jean"],
            call,
            organization=hda,
            nominee_email=people["jean"].email,
            nominee_name=str(people["jean"]),
            languages=["fr", "en", "es"],
            justification="Coordino la red de organizaciones haitianas en Estados Unidos y "
            "Canadá que acompaña a familias en tránsito por las Américas.",
            objectives=Objective.objects.filter(number__in=[19, 20]),
        )
    return {"committee calls": calls.count(), "committee members": review.committee_members.count()}


def _rapporteur_call(
    people: dict[str, Any], session: Session, rrom: Any, hda: Any, aivr: Any
) -> None:
    rosa, kwame, daniel = people["rosa"], people["kwame"], people["daniel"]
    lucia, joao = people["lucia"], people["joao"]
    for person, gender in ((lucia, "woman"), (joao, "man")):
        if not person.gender:
            do_update_profile(person, person, gender=gender)
    call = actions.do_open_call(
        rosa,
        session,
        role=CallRole.RAPPORTEUR,
        seats=1,
        deadline=min(
            timezone.now() + datetime.timedelta(days=1),
            session.starts_at - datetime.timedelta(days=1),
        ),
        eligibility="Experiencia en relatoría de consultas o audiencias con personas migrantes; "
        "capacidad de redactar en español y en otro idioma de la región.",
        rules={"min_women_percent": 50, "min_migrant_led": 1, "languages": ["es"]},
    )
    by_rrom = actions.do_nominate(
        people["carla"],
        call,
        organization=rrom,
        nominee_email=lucia.email,
        nominee_name=str(lucia),
        languages=["es", "pt"],
        justification="Lucía fue relatora de la consulta subregional del Cono Sur y sindicalista "
        "de trabajadoras del hogar migrantes; conoce el Pacto y sus 23 objetivos.",
        objectives=Objective.objects.filter(number__in=[6, 7, 16]),
    )
    actions.do_answer_consent(lucia, actions.consent_token(by_rrom), agree=True)
    by_aivr = actions.do_nominate(
        joao,
        call,
        organization=aivr,
        nominee_email=joao.email,
        nominee_name=str(joao),
        languages=["pt", "es"],
        justification="Acompanho há oito anos a acolhida de pessoas venezuelanas em Roraima e "
        "redigi os relatórios da associação.",
        objectives=Objective.objects.filter(number__in=[4, 16]),
    )
    actions.do_nominate(
        people["jean"],
        call,
        organization=hda,
        nominee_email="marie-claude.joseph@demo.minga.example",
        nominee_name="Marie-Claude Joseph",
        languages=["fr", "en", "ht"],
        justification="Rapporteuse des consultations de la diaspora haïtienne à Miami et "
        "Montréal en 2028.",
    )
    actions.do_vote(rosa, by_rrom, choice="support", comment="Experiencia sólida y regional.")
    actions.do_vote(kwame, by_rrom, choice="support", comment="Strong rapporteur record.")
    actions.do_vote(rosa, by_aivr, choice="abstain", comment="Buen perfil; mejor como panelista.")
    actions.do_vote(kwame, by_aivr, choice="support")
    actions.do_close_call(rosa, call)
    actions.do_decide_slate(
        rosa,
        call,
        [by_rrom],
        rationale="Lucía Mamani reúne el apoyo unánime del comité, experiencia de relatoría "
        "regional y viene de una organización liderada por migrantes. João Batista Silva queda "
        "propuesto para la convocatoria de panelistas.",
    )
    actions.do_confirm_selection(daniel, call)

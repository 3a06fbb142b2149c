import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from minga.committee.models import Call, CallStatus, CommitteeMember, Nomination, Vote
from minga.dialogue.models import Consultation, Contribution
from minga.gcm.models import Country, GCMLink, Objective
from minga.hearings.models import (
    AgendaItem,
    Question,
    Registration,
    Session,
    SessionRole,
    SessionStatus,
)
from minga.initiatives.models import Initiative
from minga.practices.models import Practice
from minga.proposals.models import Proposal
from minga.testing import factories as f

SECRET_NAME = "Zelda Secretname"
SECRET_EMAIL = "zelda.hidden@example.org"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def link(obj: Any, *, objective: int | None = None, iso2: str = "") -> None:
    ct = ContentType.objects.get_for_model(obj)
    GCMLink.objects.create(
        content_type=ct,
        object_id=obj.pk,
        objective=Objective.objects.get(number=objective) if objective else None,
        country=Country.objects.get(code=iso2) if iso2 else None,
    )


def make_proposal(author: Any, objective: int = 13, iso2: str = "MX", **extra: Any) -> Proposal:
    options: dict[str, Any] = {"title": "Una propuesta", "text": "Texto.", "language": "es"}
    options.update(extra)
    proposal = Proposal.objects.create(author=author, **options)
    link(proposal, objective=objective)
    link(proposal, iso2=iso2)
    return proposal


def make_consultation(n: int = 0, **extra: Any) -> Consultation:
    consultation = Consultation.objects.create(
        title=f"Consulta {n}", question="¿Qué hacer?", **extra
    )
    link(consultation, objective=13)
    link(consultation, iso2="MX")
    return consultation


def make_initiative(n: int = 0, **extra: Any) -> Initiative:
    options: dict[str, Any] = {
        "title": f"Iniciativa {n}",
        "summary": "Resumen.",
        "kind": "policy",
        "lead_state": Country.objects.get(code="MX"),
        "start_date": datetime.date(2025, 1, 1),
        "status": "ongoing",
        "cs_involvement": "consulted",
    }
    options.update(extra)
    initiative = Initiative.objects.create(**options)
    initiative.states.set([Country.objects.get(code="MX"), Country.objects.get(code="GT")])
    link(initiative, objective=13)
    return initiative


def make_practice(n: int = 0, status: str = "published", **extra: Any) -> Practice:
    options: dict[str, Any] = {
        "title": f"Práctica {n}",
        "region": "lac",
        "description": "Descripción.",
        "results": "Resultados.",
        "replication": "Réplica.",
        "status": status,
    }
    options.update(extra)
    practice = Practice.objects.create(**options)
    link(practice, objective=13)
    link(practice, iso2="MX")
    return practice


SECRET_TEXTS = (
    "silla de ruedas secreta",
    "respuesta privada al cuestionario",
    "pregunta oculta por moderación",
    "justificación confidencial",
    "comentario de voto secreto",
)


def make_session(review: Any, title: str = "Mesa redonda abierta", **extra: Any) -> Session:
    start = extra.pop("starts_at", timezone.now() + datetime.timedelta(days=20))
    extra.setdefault("status", SessionStatus.PUBLISHED)
    session = Session.objects.create(
        review=review,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        languages=["es", "en"],
        interpretation=["pt"],
        venue="Santiago, CEPAL",
        questionnaire=["¿Qué experiencia tiene?"],
        **extra,
    )
    link(session, objective=13)
    link(session, iso2="MX")
    return session


def make_full_session(review: Any, org: Any, n: int = 0) -> Session:
    """A published session with agenda, a person in a role, and a confirmed call with one
    selected person (for query-count tests)."""
    session = make_session(review, f"Sesión {n}")
    AgendaItem.objects.create(session=session, title="Apertura")
    person = f.make_user()
    SessionRole.objects.create(session=session, person=person, organization=org, role="chair")
    call = Call.objects.create(
        session=session, role="panelist", eligibility="Todas.", status=CallStatus.CONFIRMED,
        deadline=timezone.now() + datetime.timedelta(days=3),
    )  # fmt: skip
    Nomination.objects.create(
        call=call, organization=org, nominee=person, nominee_email=person.email,
        nominee_name="X", justification="Y", selected=True,
    )  # fmt: skip
    return session


def add_sessions(data: dict[str, Any], secret_author: Any) -> None:
    """A published session with agenda, roles, registrations, questions; a draft and a
    cancelled session; an open call and a confirmed call with a selection and votes."""
    review = f.make_review("lac-open-data", title="Revisión regional abierta")
    session = make_session(review)
    AgendaItem.objects.create(session=session, position=1, title="Apertura", duration_minutes=15)
    AgendaItem.objects.create(session=session, position=2, title="Debate", duration_minutes=60)
    panelist = f.make_user("panelist.person@example.org", display_name="Panel Ista")
    SessionRole.objects.create(
        session=session, person=panelist, organization=data["org"], role="panelist"
    )
    no_name = f.make_user("nameless.holder@example.org")
    no_name.display_name = ""
    no_name.save()
    SessionRole.objects.create(session=session, person=no_name, role="rapporteur")
    Registration.objects.create(
        session=session,
        person=secret_author,
        accessibility_needs=SECRET_TEXTS[0],
        answers=[SECRET_TEXTS[1]],
        checked_in_at=timezone.now(),
    )
    Question.objects.create(
        session=session, author=secret_author, text="¿Pregunta anónima?", anonymous=True,
        status="approved",
    )  # fmt: skip
    Question.objects.create(
        session=session, author=secret_author, text=SECRET_TEXTS[2], status="hidden"
    )
    data["session"] = session
    data["draft_session"] = make_session(review, "Sesión en borrador", status=SessionStatus.DRAFT)
    data["cancelled_session"] = make_session(
        review, "Sesión cancelada", status=SessionStatus.CANCELLED
    )
    deadline = timezone.now() + datetime.timedelta(days=7)
    data["open_call"] = Call.objects.create(
        session=session, role="panelist", deadline=deadline, eligibility="Personas migrantes.",
        rules={"min_women_percent": 50, "languages": ["es", "pt"]},
    )  # fmt: skip
    confirmed = Call.objects.create(
        session=session, role="rapporteur", deadline=deadline, eligibility="Relatoría.",
        status=CallStatus.CONFIRMED, rationale="Equilibrio regional.",
        confirmed_at=timezone.now(),
    )  # fmt: skip
    data["confirmed_call"] = confirmed
    Call.objects.create(
        session=data["draft_session"], role="moderator", deadline=deadline,
        eligibility="Convocatoria de un borrador",
    )  # fmt: skip
    chosen = f.make_user("chosen.person@example.org", display_name="Chosen Person", gender="man")
    Nomination.objects.create(
        call=confirmed, organization=data["org"], nominee=chosen,
        nominee_email=chosen.email, nominee_name="Chosen Person", justification="Experiencia.",
        consent="confirmed", selected=True, in_slate=True,
    )  # fmt: skip
    rejected = Nomination.objects.create(
        call=confirmed, organization=data["org"], nominee=secret_author,
        nominee_email=SECRET_EMAIL, nominee_name=SECRET_NAME, justification=SECRET_TEXTS[3],
        consent="confirmed",
    )  # fmt: skip
    voter = f.make_user("voter.member@example.org", display_name="Voter Member")
    CommitteeMember.objects.create(review=review, person=voter, organization=data["org"])
    Vote.objects.create(nomination=rejected, member=voter, choice="oppose", comment=SECRET_TEXTS[4])


@pytest.fixture
def secret_author(db: Any) -> Any:
    return f.make_user(
        SECRET_EMAIL, display_name=SECRET_NAME, gender="woman", self_identification=["migrant"]
    )


@pytest.fixture
def populated(db: Any, secret_author: Any) -> dict[str, Any]:
    """One of each public kind, plus private things that must never show."""
    org = f.make_organization("Red Abierta", iso2="MX")
    shown = f.make_user("shown.person@example.org", display_name="Shown Person", is_public=True)
    data: dict[str, Any] = {
        "org": org,
        "public": make_proposal(shown, title="Propuesta pública"),
        "anonymous": make_proposal(
            secret_author, title="Propuesta anónima", author_display="anonymous", organization=org
        ),
        "as_org": make_proposal(
            secret_author,
            title="Propuesta de la red",
            author_display="organization",
            organization=org,
        ),
        "hidden": make_proposal(shown, title="Propuesta oculta", is_hidden=True),
        "consultation": make_consultation(),
        "initiative": make_initiative(),
        "practice": make_practice(),
        "draft": make_practice(1, status="draft", title="Borrador privado"),
    }
    data["merged"] = make_proposal(shown, title="Propuesta fusionada", merged_into=data["public"])
    add_sessions(data, secret_author)
    Contribution.objects.create(consultation=data["consultation"], author=shown, text="Visible.")
    Contribution.objects.create(
        consultation=data["consultation"], author=shown, text="Oculta.", is_hidden=True
    )
    from minga.opendata.tests.reporting_data import add_reporting

    add_reporting(data)
    return data

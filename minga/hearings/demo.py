"""Demo sessions of the demo review: a multi-stakeholder hearing, a roundtable on an objective
cluster and a virtual pre-consultation, with agenda, people in roles, registrations, a few
questions (one approved and voted) and a request for the floor. Idempotent, through the
actions (a session whose title exists is left as it is)."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from minga.gcm.models import Roundtable

from . import actions
from .constituency import constituency_of
from .models import Question, Session

HEARING = "Audiencia multiactor: trabajo decente y vías regulares de migración"
ROUNDTABLE = "Mesa redonda: migración segura, ordenada y regular"
CONSULTATION = "Consulta virtual previa: prioridades de la sociedad civil"


def _start(review: Any, days: int, hour: int) -> datetime.datetime:
    zone = ZoneInfo(review.time_zone)
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=zone)


def _session(
    organizer: Any, review: Any, title: str, template: str, days: int, hour: int, **extra: Any
) -> tuple[Session, bool]:
    existing = Session.objects.filter(review=review, title=title).first()
    if existing is not None:
        return existing, False
    start = _start(review, days, hour)
    session = actions.do_create_session(
        organizer, review, template=template, title=title,
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), **extra,
    )  # fmt: skip
    actions.do_publish_session(organizer, session)
    return session, True


def load(*, people: dict[str, Any], review: Any, organizations: dict[str, Any]) -> dict[str, int]:
    # The methodology prefills agenda titles in the active language: the demo review is in Spanish.
    with translation.override("es"):
        return _load(people, review)


def _load(people: dict[str, Any], review: Any) -> dict[str, int]:
    organizer = people["daniel"]  # UN delegate of the review (with MFA)
    hearing, new_hearing = _session(
        organizer, review, HEARING, "hearing", 32, 10,
        description="Organizaciones de personas migrantes, Estados y agencias de la ONU dialogan "
        "sobre trabajo decente, reclutamiento equitativo y vías regulares (objetivos 5 y 6).",
        format="hybrid", venue="CEPAL, Santiago de Chile — Sala Raúl Prebisch",
        stream_url="https://example.org/minga/stream/audiencia", languages=["es", "en"],
        interpretation=["en", "pt", "fr"], capacity=120,
    )  # fmt: skip
    cluster = Roundtable.objects.order_by("key").first()
    _roundtable, _ = _session(
        organizer, review, ROUNDTABLE, "roundtable", 33, 9,
        roundtable=cluster, format="in_person", venue="CEPAL, Santiago de Chile — Sala 3",
        languages=["es"], interpretation=["en"], capacity=40,
    )  # fmt: skip
    _consultation, _ = _session(
        organizer, review, CONSULTATION, "consultation", 20, 16,
        stream_url="https://example.org/minga/stream/consulta", languages=["es", "pt"],
    )  # fmt: skip
    counts = {"sessions": Session.objects.filter(review=review).count()}
    if not new_hearing:
        return counts

    for key, role in (("rosa", "chair"), ("carla", "panelist"), ("jean", "panelist"),
                      ("marta", "panelist"), ("kwame", "moderator"), ("lucia", "rapporteur")):  # fmt: skip
        person = people[key]
        actions.do_assign_session_role(
            organizer,
            hearing,
            person,
            role,
            organization=constituency_of(person, review).organization,
        )
    for key in ("ana", "joao", "gabriela", "valentina", "oscar"):
        actions.do_register(
            people[key], hearing, interpretation_language="pt" if key == "joao" else ""
        )
    first = actions.do_ask_question(
        people["ana"], hearing,
        "¿Cómo garantizarán los Estados que las personas migrantes con estatus irregular puedan "
        "denunciar abusos laborales sin riesgo de deportación?",
    )  # fmt: skip
    actions.do_ask_question(
        people["valentina"], hearing,
        "¿Habrá metas medibles para el reconocimiento de títulos y competencias?", anonymous=True,
    )  # fmt: skip
    actions.do_moderate_question(people["kwame"], first, "approve")
    for key in ("joao", "gabriela"):
        actions.do_vote_question(people[key], first)
    actions.do_request_floor(people["joao"], hearing, "statement")
    counts["session questions"] = Question.objects.filter(session__review=review).count()
    return counts

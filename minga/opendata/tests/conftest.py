import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from minga.dialogue.models import Consultation, Contribution
from minga.gcm.models import Country, GCMLink, Objective
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
    Contribution.objects.create(consultation=data["consultation"], author=shown, text="Visible.")
    Contribution.objects.create(
        consultation=data["consultation"], author=shown, text="Oculta.", is_hidden=True
    )
    return data

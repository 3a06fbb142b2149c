"""Demo practices, through the actions (idempotent: a practice whose title exists is left as
it is).

- An Asia-Pacific practice — a "firewall" between public health services and immigration
  enforcement in a Southeast Asian city (fictional) — submitted by Carla for the accredited
  Red Regional, peer-reviewed by Daniel (UN reviewer) and two external reviewers created here,
  published, then adopted by a Mexican initiative when the initiatives demo has one (it loads
  before this app); if none exists, Ana's demo proposal on access to basic services adopts it.
- A practice from Latin America and the Caribbean still in review (one verdict in, one
  question open).
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps

from minga.accounts.models import User
from minga.gcm.models import Country, Objective, Principle
from minga.stakeholders.models import Organization

from . import actions
from .models import Adoption, Answer, Practice, Recommendation, ReviewerRole

YES = dict.fromkeys(("objective", "principles", "timing", "completion", "innovation"), Answer.YES)

REVIEWERS = [
    ("reviewer-siti", "Siti Rahmawati", "en"),
    ("reviewer-tomas", "Tomás Echeverría", "es"),
]

FIREWALL_TITLE = "A health “firewall” between clinics and immigration enforcement in Kota Serai"
LAC_TITLE = "Ventanilla única de atención a personas retornadas en San Salvador"


def _reviewer(key: str, name: str, language: str, domain: str) -> User:
    from minga.demo import DEMO_PASSWORD  # demo data only; loaded by minga.demo's loader

    email = f"{key}@{domain}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=name, preferred_language=language
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _mexican_initiative() -> Any:
    try:
        model = apps.get_model("initiatives", "Initiative")
    except LookupError:
        return None
    return model.objects.filter(states__code="MX").order_by("pk").first()


def _demo_proposal() -> Any:
    try:
        model = apps.get_model("proposals", "Proposal")
    except LookupError:
        return None
    return (
        model.objects.public()
        .filter(title__startswith="Acesso aos serviços básicos")
        .order_by("pk")
        .first()
    )


def _firewall(people: dict[str, Any], reviewers: list[User]) -> None:
    practice = Practice.objects.filter(title=FIREWALL_TITLE).first()
    if practice is None:
        practice = actions.do_submit_practice(
            people["carla"],
            title=FIREWALL_TITLE,
            region="asia_pacific",
            description=(
                "Since 2020 the city's 38 public health centres treat every patient without "
                "asking for a migration status. A city ordinance forbids health staff from "
                "sharing patient data with the immigration police, and immigration officers may "
                "not wait at or near clinics.\n\n"
                "- identity is checked with any document, from any country\n"
                "- interpreters for Burmese, Khmer and Lao by phone\n"
                "- a hotline where patients report breaches, run by a migrant workers' group"
            ),
            results=(
                "Primary care visits by undocumented workers tripled between 2020 and 2023; "
                "late-stage tuberculosis cases among migrants fell by 40 %. No breach of the "
                "data rule was confirmed in three years."
            ),
            replication=(
                "Needs a municipal ordinance (or a health ministry rule), a short training for "
                "reception staff, and a complaint channel run with migrant organizations. The "
                "city spent about USD 60,000 a year on interpreters and training."
            ),
            partners="City health department; Migrant Workers' Solidarity Network; a "
            "university public-health school",
            sources="https://example.org/kota-serai/health-ordinance-2020\n"
            "https://example.org/kota-serai/evaluation-2023",
            language="en",
            objectives=list(Objective.objects.filter(number__in=(15, 16))),
            principles=list(Principle.objects.filter(key__in=("human_rights", "people_centred"))),
            countries=list(Country.objects.filter(code__in=("TH",))),
        )
    if practice.status not in ("published", "not_retained"):
        panel = [(people["daniel"], ReviewerRole.UN)] + [
            (r, ReviewerRole.EXTERNAL) for r in reviewers
        ]
        assigned = set(practice.assignments.values_list("reviewer_id", flat=True))
        for reviewer, role in panel:
            if reviewer.pk not in assigned:
                actions.do_assign_reviewer(people["rosa"], practice, reviewer, role=role)
        if not practice.clarifications.exists():
            actions.do_review_practice(
                reviewers[0],
                practice,
                answers={**YES, "completion": Answer.UNSURE},
                recommendation=Recommendation.CLARIFY,
                question="Is the ordinance still in force after the 2024 elections?",
            )
            actions.do_answer_clarification(
                people["carla"],
                practice.clarifications.get(),
                answer="Yes: the new council confirmed it in March 2024 and extended it to "
                "the two district hospitals.",
            )
        for reviewer, _role in panel:
            actions.do_review_practice(
                reviewer,
                practice,
                answers=YES,
                recommendation=Recommendation.APPROVE,
                summary="Well documented, evaluated, and simple to replicate in a city.",
            )
        practice.refresh_from_db()
    if not practice.is_published:
        return
    item = _mexican_initiative()
    note = (
        "The programme's health component follows this model: no status questions and no "
        "data sharing with immigration authorities."
    )
    if item is None:
        # The initiatives demo has no Mexican initiative: Ana's proposal adopts it instead.
        item = _demo_proposal()
        note = "The proposal asks for the same rule in Brazil's border cities."
    if (
        item is not None
        and not Adoption.objects.filter(
            practice=practice,
            content_type__app_label=item._meta.app_label,
            content_type__model=item._meta.model_name,
            object_id=item.pk,
        ).exists()
    ):
        actions.do_adopt_practice(people["daniel"], practice, item, note=note)


def _lac_in_review(people: dict[str, Any], reviewers: list[User]) -> None:
    if Practice.objects.filter(title=LAC_TITLE).exists():
        return
    contact = Organization.objects.filter(
        name="Coalición Centroamericana por los Derechos de las Personas Migrantes"
    ).first()
    practice = actions.do_submit_practice(
        people["gabriela"],
        title=LAC_TITLE,
        region="lac",
        description=(
            "En el aeropuerto y en la terminal de autobuses, una ventanilla reúne a las "
            "instituciones que atienden a las personas deportadas: registro civil, salud, "
            "empleo, y acompañamiento psicosocial de organizaciones de la sociedad civil."
        ),
        results="En 2023 atendió a 9.800 personas; el 35 % obtuvo empleo o formación en un año.",
        replication="Requiere un convenio entre instituciones y un local en el punto de llegada.",
        partners="Dirección de Atención al Migrante; organizaciones de la Coalición",
        language="es",
        contact_organization=contact,
        objectives=list(Objective.objects.filter(number__in=(21,))),
        countries=list(Country.objects.filter(code__in=("SV",))),
    )
    actions.do_assign_reviewer(people["rosa"], practice, people["daniel"], role=ReviewerRole.UN)
    actions.do_assign_reviewer(people["rosa"], practice, reviewers[1], role=ReviewerRole.EXTERNAL)
    actions.do_review_practice(
        reviewers[1], practice, answers=YES, recommendation=Recommendation.APPROVE
    )


def load(
    *, people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> dict[str, int]:
    domain = people["daniel"].email.split("@", 1)[1]
    reviewers = [_reviewer(key, name, lang, domain) for key, name, lang in REVIEWERS]
    _firewall(people, reviewers)
    _lac_in_review(people, reviewers)
    return {
        "practices": Practice.objects.count(),
        "published practices": Practice.objects.published().count(),
        "adoptions": Adoption.objects.count(),
    }

"""Demo follow-up, through the actions (idempotent: nothing is done if the recommendation
exists).

Rosa draws a recommendation from the demo report's paragraph on identity documents,
addressed to Honduras and IOM (objective 4). Honduras' focal point accepts it and posts a
progress update with evidence; Carla's accredited network verifies it as partly confirmed.
Daniel (UN delegate) drafts the month's bulletin from Minga's data and reviews it; Gabriela
subscribes to the bulletin.
"""

import datetime
from typing import Any

from django.utils import timezone

from minga.gcm.models import Country, Objective
from minga.reports.models import Paragraph
from minga.stakeholders.models import Organization

from . import actions
from .models import Bulletin, BulletinSubscription, Recommendation

TEXT_START = "Recomendamos a los Estados de la región, en particular a Honduras"
IOM = "Organización Internacional para las Migraciones"


def load(
    *, people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> dict[str, int]:
    if not Recommendation.objects.filter(text__startswith=TEXT_START).exists():
        _recommendation(people, review, organizations)
    if not BulletinSubscription.objects.filter(user=people["gabriela"]).exists():
        actions.do_subscribe_bulletin(people["gabriela"], subscribe=True)
    month = timezone.localdate().replace(day=1)
    if not Bulletin.objects.filter(review=review, month=month).exists():
        bulletin = actions.do_draft_bulletin(people["daniel"], review, month=month)
        actions.do_edit_bulletin(
            people["daniel"], bulletin, language="es",
            body=bulletin.bodies["es"] + "\n_Revisado por la delegación de la ONU._\n",
        )  # fmt: skip
    return {
        "recommendations": Recommendation.objects.count(),
        "bulletins": Bulletin.objects.count(),
    }


def _recommendation(
    people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> None:
    from minga.accounts.models import User

    paragraph = (
        Paragraph.objects.filter(text__startswith=TEXT_START)
        .select_related("section__chapter__report")
        .first()
    )
    iom = Organization.objects.filter(name=IOM).first()
    honduras = Country.objects.get(code="HN")
    recommendation = actions.do_create_recommendation(
        people["rosa"], review,
        text=paragraph.text if paragraph else TEXT_START + ", emitir documentos provisionales.",
        due_on=timezone.localdate() + datetime.timedelta(days=180),
        countries=[honduras], institutions=[iom] if iom else [],
        objectives=Objective.objects.filter(number=4), paragraph=paragraph, language="es",
    )  # fmt: skip
    domain = people["daniel"].email.split("@", 1)[1]
    focal = User.objects.filter(email=f"hn-focal@{domain}").first()
    addressee = recommendation.addressees.get(country=honduras)
    if focal is None:
        return
    actions.do_respond_recommendation(
        focal, addressee, status="accepted",
        explanation="Honduras acepta la recomendación y la incorpora al plan de atención a personas retornadas.",
    )  # fmt: skip
    update = actions.do_post_progress(
        focal, addressee, progress="in_progress",
        text="Los Centros de Atención al Migrante Retornado emiten ya una constancia provisional de identidad en San Pedro Sula.",
        evidence_url="https://example.org/honduras/camr-constancia",
    )  # fmt: skip
    network = organizations.get("Red Regional de Organizaciones Migrantes")
    if network is not None:
        actions.do_verify_progress(
            people["carla"], update, organization=network, verdict="partly",
            evidence="Comprobado en San Pedro Sula; en Omoa las personas retornadas aún no reciben la constancia.",
        )  # fmt: skip

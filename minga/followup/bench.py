"""Bench data and pages for the follow-up tracker: per unit of scale 1,000 recommendations,
each to a State and half of them to an institution too, with responses and progress on a
share of them, linked to one or two GCM objectives."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

RECOMMENDATIONS_PER_SCALE = 1_000
TEXT_PREFIX = "[bench] "

PAGES = [
    Page("recommendations tracker", "/es/recommendations/"),
    Page("recommendations, filtered", "/es/recommendations/?addressee=MX&objective=4&overdue=on"),
    Page("recommendations, page 5", "/es/recommendations/?page=5"),
    Page("feed, recommendations", "/feeds/recommendations/"),
]


def generate(ctx: "Context") -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.generate import bulk
    from minga.gcm.models import GCMLink
    from minga.stakeholders.models import Organization

    from .models import Addressee, Progress, Recommendation, ResponseStatus

    if (
        Recommendation.objects.filter(text__startswith=TEXT_PREFIX).exists()
        or not ctx.lac_country_ids
    ):
        return
    rng = ctx.rng
    n = ctx.count(RECOMMENDATIONS_PER_SCALE)
    today = timezone.localdate()
    bulk(
        Recommendation,
        (
            Recommendation(
                review=ctx.review,
                text=f"{TEXT_PREFIX}Recomendación {i + 1}: garantizar el acceso a documentos.",
                due_on=today + datetime.timedelta(days=rng.randint(-200, 400)),
                language="es",
            )
            for i in range(n)
        ),
        ctx,
        "recommendations",
    )
    ids = list(
        Recommendation.objects.filter(text__startswith=TEXT_PREFIX).values_list("pk", flat=True)
    )
    institutions = list(
        Organization.objects.filter(stakeholder_type="un").values_list("pk", flat=True)[:3]
    )

    def addressees() -> Iterable[Addressee]:
        for pk in ids:
            yield Addressee(
                recommendation_id=pk, country_id=rng.choice(ctx.lac_country_ids),
                response_status=rng.choice(ResponseStatus.values),
                progress=rng.choice(Progress.values),
            )  # fmt: skip
            if institutions and pk % 2:
                yield Addressee(recommendation_id=pk, institution_id=rng.choice(institutions))

    bulk(Addressee, addressees(), ctx, "recommendation addressees")
    ct = ContentType.objects.get_for_model(Recommendation)
    bulk(
        GCMLink,
        (
            GCMLink(content_type=ct, object_id=pk, objective_id=objective)
            for pk in ids
            for objective in rng.sample(ctx.objective_ids, k=rng.randint(1, 2))
        ),
        ctx,
        "recommendation GCM links",
    )

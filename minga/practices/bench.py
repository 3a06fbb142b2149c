"""Bench pages and data for practices.

Per unit of scale: 2,000 practices (90 % published, the rest in review), each with one or two
objectives, one principle and one or two countries, three review assignments with verdicts
for the first 200, and an adoption by a proposal for one in ten published practices when
proposals exist. Written with bulk_create in batches.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

PRACTICES_PER_SCALE = 2_000
TITLE_PREFIX = "[bench] "
REGIONS = ["lac", "africa", "asia_pacific", "europe_central_asia", "arab_states", "global"]
TOPICS = [
    ("en", "Health firewall between clinics and immigration enforcement",
     "Public health centres treat every patient without asking for a migration status."),
    ("es", "Ventanilla única para personas retornadas",
     "Una ventanilla reúne registro civil, salud, empleo y acompañamiento psicosocial."),
    ("fr", "Reconnaissance rapide des diplômes des travailleurs migrants",
     "Une procédure simple et gratuite pour reconnaître les qualifications."),
    ("pt", "Interiorização voluntária com emprego garantido",
     "Pessoas migrantes escolhem a cidade de destino com emprego e moradia garantidos."),
]  # fmt: skip


def first_practice() -> str:
    from .models import Practice

    practice = (
        Practice.objects.published()
        .filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .only("pk")
        .first()
    )
    if practice is None:
        raise LookupError("no bench practice")
    return f"/es/practices/{practice.pk}/"


PAGES = [
    Page("practices", "/es/practices/"),
    Page("practices, filtered", "/es/practices/?region=asia_pacific&objective=15"),
    Page("practices, page 20", "/es/practices/?page=20"),
    Page("practice", first_practice),
]


def generate(ctx: "Context") -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.generate import bulk
    from minga.gcm.models import Country, GCMLink, Principle

    from .models import Practice, ReviewAssignment, ReviewVerdict

    rng = ctx.rng
    people = ctx.person_ids
    if not people:
        return
    n = ctx.count(PRACTICES_PER_SCALE)
    now = timezone.now()
    country_ids = list(Country.objects.values_list("pk", flat=True))
    principle_ids = list(Principle.objects.values_list("pk", flat=True))

    def practice_rows() -> Iterable[Practice]:
        for i in range(n):
            language, title, text = TOPICS[i % len(TOPICS)]
            published = i % 10 != 9
            when = now - datetime.timedelta(hours=i)
            yield Practice(
                title=f"{TITLE_PREFIX}{title} {i + 1}",
                region=REGIONS[i % len(REGIONS)],
                description=text,
                results=text,
                replication=text,
                language=language,
                status="published" if published else "in_review",
                submitted_by_id=rng.choice(people),
                submitted_at=when,
                published_at=when if published else None,
                contact_organization_id=rng.choice(ctx.organization_ids)
                if ctx.organization_ids
                else None,
            )

    bulk(Practice, practice_rows(), ctx, "practices")
    ids = list(
        Practice.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[-n:]
    ct = ContentType.objects.get_for_model(Practice)

    def links_rows() -> Iterable[GCMLink]:
        for pk in ids:
            for objective_id in rng.sample(ctx.objective_ids, k=rng.randint(1, 2)):
                yield GCMLink(content_type=ct, object_id=pk, objective_id=objective_id)
            yield GCMLink(content_type=ct, object_id=pk, principle_id=rng.choice(principle_ids))
            for country_id in rng.sample(country_ids, k=rng.randint(1, 2)):
                yield GCMLink(content_type=ct, object_id=pk, country_id=country_id)

    bulk(GCMLink, links_rows(), ctx, "practice GCM links")

    reviewed = ids[:200]
    if len(people) >= 3:
        bulk(
            ReviewAssignment,
            (
                ReviewAssignment(practice_id=pk, reviewer_id=person, role=role)
                for pk in reviewed
                for person, role in zip(
                    rng.sample(people, k=3), ("un", "external", "external"), strict=True
                )
            ),
            ctx,
            "practice review assignments",
        )
        bulk(
            ReviewVerdict,
            (
                ReviewVerdict(
                    assignment_id=a,
                    objective="yes",
                    principles="yes",
                    timing="yes",
                    completion="yes",
                    innovation="yes",
                    recommendation="approve",
                )
                for a in ReviewAssignment.objects.filter(practice_id__in=reviewed).values_list(
                    "pk", flat=True
                )
            ),
            ctx,
            "practice verdicts",
        )

"""Bench pages and data for initiatives.

Per unit of scale: 2,000 initiatives, 10,000 dated updates and 5,000 assessments (each with
a rating for every guiding principle; half of them replied by the State) — scale 10 gives the
issue's 20,000 / 100,000 / 50,000. Everything is written with bulk_create in batches; the
counters are computed while generating. The first initiative is the busiest (most updates and
assessments); every row is created now, so the "what changed" pages are at their fullest.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

INITIATIVES_PER_SCALE = 2_000
UPDATES_PER_SCALE = 10_000
ASSESSMENTS_PER_SCALE = 5_000
TITLE_PREFIX = "[bench] "
KINDS = ["law", "policy", "programme", "mechanism", "pledge_financial", "pledge_process"]
STATUSES = ["planned", "ongoing", "ongoing", "completed", "suspended"]
INVOLVEMENT = ["none", "informed", "consulted", "co_designed", "co_implemented"]


def busiest_initiative() -> str:
    from .models import Initiative

    initiative = (
        Initiative.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("-assessment_count", "-update_count", "pk")
        .only("pk")
        .first()
    )
    if initiative is None:
        raise LookupError("no bench initiative")
    return f"/es/initiatives/{initiative.pk}/"


PAGES = [
    Page("initiatives", "/es/initiatives/"),
    Page("initiatives, filtered", "/es/initiatives/?country=MX&status=ongoing&champion=on"),
    Page("initiative, busiest", busiest_initiative),
    Page("what changed, month", "/es/initiatives/changes/?period=month"),
    Page("feed, all initiatives", "/feeds/initiatives/"),
    Page("feed, country", "/feeds/countries/mx/"),
]


def generate(ctx: "Context") -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.generate import bulk
    from minga.gcm.models import Country, GCMLink, Principle

    from .models import (
        Assessment,
        Initiative,
        InitiativeVersion,
        PrincipleRating,
        Reply,
        Update,
    )

    rng = ctx.rng
    people, orgs = ctx.person_ids, ctx.organization_ids
    if not people or not orgs or not ctx.lac_country_ids:
        return
    n = ctx.count(INITIATIVES_PER_SCALE)
    n_updates = ctx.count(UPDATES_PER_SCALE)
    n_assessments = ctx.count(ASSESSMENTS_PER_SCALE)
    countries = list(Country.objects.filter(pk__in=ctx.lac_country_ids).only("pk", "code"))
    champions = [c for c in countries if c.code in ("MX", "HN", "EC", "SV")] or countries
    principles = list(Principle.objects.values_list("pk", flat=True))
    today = timezone.localdate()

    # Skewed plan: a few initiatives get many updates and assessments.
    weights = [1.0 / (1 + (i % 53)) for i in range(n)]
    total_weight = sum(weights)
    plan = []
    for i in range(n):
        share = weights[i] / total_weight
        plan.append(
            (
                max(0, round(n_updates * share)),
                min(len(orgs), max(0, round(n_assessments * share))),
            )
        )

    leads = [rng.choice(champions if i % 2 == 0 else countries) for i in range(n)]

    def initiative_rows() -> Iterable[Initiative]:
        for i, (updates, assessments) in enumerate(plan):
            start = today - datetime.timedelta(days=rng.randint(30, 2000))
            yield Initiative(
                title=f"{TITLE_PREFIX}Iniciativa de protección y regularización {i + 1}",
                summary="Programa nacional con enfoque de derechos humanos y participación "
                "de la sociedad civil en su diseño y seguimiento.",
                language="es",
                kind=rng.choice(KINDS),
                lead_state_id=leads[i].pk,
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(100, 1500)),
                status=rng.choice(STATUSES),
                responsible_institution="Ministerio de Relaciones Exteriores",
                cs_involvement=rng.choice(INVOLVEMENT),
                cs_evidence="Talleres con organizaciones de personas migrantes.",
                created_by_id=rng.choice(people),
                version_count=1,
                update_count=updates,
                assessment_count=assessments,
            )

    bulk(Initiative, initiative_rows(), ctx, "initiatives")
    ids = list(
        Initiative.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[-n:]
    through = Initiative.states.through
    ct = ContentType.objects.get_for_model(Initiative)

    def state_rows() -> Iterable[Any]:
        for pk, lead in zip(ids, leads, strict=True):
            yield through(initiative_id=pk, country_id=lead.pk)
            if rng.random() < 0.1:
                partner = rng.choice(countries)
                if partner.pk != lead.pk:
                    yield through(initiative_id=pk, country_id=partner.pk)

    bulk(through, state_rows(), ctx, "initiative States")

    def link_rows() -> Iterable[GCMLink]:
        for pk, lead in zip(ids, leads, strict=True):
            yield GCMLink(content_type=ct, object_id=pk, country_id=lead.pk)
            for objective_id in rng.sample(ctx.objective_ids, k=rng.randint(1, 3)):
                yield GCMLink(content_type=ct, object_id=pk, objective_id=objective_id)
            yield GCMLink(content_type=ct, object_id=pk, principle_id=rng.choice(principles))

    bulk(GCMLink, link_rows(), ctx, "initiative GCM links")

    def version_rows() -> Iterable[InitiativeVersion]:
        for pk in ids:
            yield InitiativeVersion(
                initiative_id=pk,
                number=1,
                editor_id=rng.choice(people),
                changed_fields=["title", "status"],
                after={"status": "ongoing"},
            )

    bulk(InitiativeVersion, version_rows(), ctx, "initiative versions")

    def update_rows() -> Iterable[Update]:
        for pk, (updates, _assessments) in zip(ids, plan, strict=True):
            for j in range(updates):
                yield Update(
                    initiative_id=pk,
                    kind=rng.choice(["progress", "progress", "milestone", "setback"]),
                    title=f"Informe de avance {j + 1}",
                    text="Se atendió a más personas en los centros de atención.",
                    language="es",
                    date=today - datetime.timedelta(days=rng.randint(0, 365)),
                    author_id=rng.choice(people),
                )

    bulk(Update, update_rows(), ctx, "initiative updates")

    def assessment_rows() -> Iterable[Assessment]:
        for pk, (_updates, assessments) in zip(ids, plan, strict=True):
            for org_id in rng.sample(orgs, k=assessments):
                yield Assessment(
                    initiative_id=pk,
                    organization_id=org_id,
                    author_id=rng.choice(people),
                    review=ctx.review,
                    comment="Avances reales, participación limitada.",
                    language="es",
                )

    bulk(Assessment, assessment_rows(), ctx, "assessments")
    assessment_ids = list(
        Assessment.objects.filter(initiative_id__in=ids).values_list("pk", "initiative_id")
    )

    def rating_rows() -> Iterable[PrincipleRating]:
        for assessment_id, _initiative_id in assessment_ids:
            for principle_id in principles:
                rating = rng.choice([0, 1, 2, 3, 3, 4, 4, 5])
                yield PrincipleRating(
                    assessment_id=assessment_id,
                    principle_id=principle_id,
                    rating=rating,
                    evidence="Según el informe de seguimiento." if rating else "",
                )

    bulk(PrincipleRating, rating_rows(), ctx, "assessment ratings")
    lead_of = dict(zip(ids, (c.pk for c in leads), strict=True))

    def reply_rows() -> Iterable[Reply]:
        for assessment_id, initiative_id in assessment_ids[::2]:
            yield Reply(
                assessment_id=assessment_id,
                initiative_id=initiative_id,
                state_id=lead_of[initiative_id],
                author_id=rng.choice(people),
                text="Agradecemos la evaluación y tomamos nota.",
                language="es",
            )

    bulk(Reply, reply_rows(), ctx, "replies")

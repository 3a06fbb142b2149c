"""Bench pages and data for the dialogue.

Per unit of scale: 40 consultations addressed to a handful of institutions, with up to 30
contributions each. One consultation (the busiest) has a fixed 300-contribution thread with
replies up to five levels deep, 3,000 reactions and an official response with commitments:
the "consultation page" measured. Written with bulk_create; counters are computed while
generating.
"""

import datetime
from typing import TYPE_CHECKING

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

CONSULTATIONS_PER_SCALE = 40
BUSY_CONTRIBUTIONS = 300
BUSY_REACTIONS = 3000
TITLE_PREFIX = "[bench] "
INSTITUTION_SLUG_PREFIX = "benchdlg-"

TEXTS = [
    ("es", "Pedimos visas de trabajo de cuidados con derechos laborales plenos y portabilidad "
           "de la seguridad social."),
    ("pt", "A interiorização funcionou quando havia vaga de emprego garantida antes da viagem."),
    ("fr", "Les personnes en transit ont besoin d'informations en créole et en français aux "
           "points de passage."),
    ("en", "Shared data on vacancies and recognition of qualifications would open regular "
           "pathways across the Caribbean."),
]  # fmt: skip


def busiest_consultation() -> str:
    from minga.dialogue.models import Consultation

    item = (
        Consultation.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .only("pk")
        .first()
    )
    if item is None:
        raise LookupError("no consultation in the bench database")
    return f"/es/dialogue/{item.pk}/"


PAGES = [
    Page("dialogue list", "/es/dialogue/"),
    Page("dialogue list, filtered", "/es/dialogue/?objective=5&phase=open"),
    Page(f"consultation ({BUSY_CONTRIBUTIONS} contributions)", busiest_consultation),
]


def generate(ctx: "Context") -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.generate import bulk
    from minga.core.markdown import render_markdown
    from minga.dialogue.models import (
        Commitment,
        Consultation,
        Contribution,
        OfficialResponse,
        Reaction,
    )
    from minga.gcm.models import Country, GCMLink
    from minga.stakeholders.models import Organization

    rng = ctx.rng
    rendered = {text: str(render_markdown(text)) for _language, text in TEXTS}
    institutions = []
    for slug, name, acronym, kind, hq in [
        ("iom", "Organización Internacional para las Migraciones (bench)", "OIM", "un", "CR"),
        (
            "eclac",
            "Comisión Económica para América Latina y el Caribe (bench)",
            "CEPAL",
            "un",
            "CL",
        ),
        ("network", "Red de las Naciones Unidas sobre la Migración (bench)", "Red", "un", "PA"),
        ("mexico", "Gobierno de México (bench)", "", "state", "MX"),
    ]:
        org, _created = Organization.objects.get_or_create(
            slug=f"{INSTITUTION_SLUG_PREFIX}{slug}",
            defaults={
                "name": name,
                "acronym": acronym,
                "stakeholder_type": kind,
                "headquarters": Country.objects.get(code=hq),
            },
        )
        institutions.append(org)
    people = ctx.person_ids
    now = timezone.now()
    n = ctx.count(CONSULTATIONS_PER_SCALE)
    consultations = [
        Consultation(
            title=f"{TITLE_PREFIX}Consulta {i + 1}: vías regulares y acceso a servicios",
            question="¿Qué deberían priorizar las instituciones en los próximos dos años?",
            background="Contexto de la consulta con **Markdown**.",
            language="es",
            review=ctx.review,
            phase=rng.choice(["open", "open", "answering", "closed"]) if i else "answering",
            conclusion="Conclusión escrita." if i % 4 == 3 else "",
            opened_by_id=rng.choice(people),
        )
        for i in range(n)
    ]
    for consultation in consultations:
        if consultation.phase == "closed" and not consultation.conclusion:
            consultation.conclusion = "Conclusión escrita."
    bulk(Consultation, consultations, ctx, "consultations")
    ids = list(
        Consultation.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    through = Consultation.institutions.through
    bulk(
        through,
        (
            through(consultation_id=cid, organization_id=org.pk)
            for cid in ids
            for org in rng.sample(institutions, k=rng.choice([1, 1, 2]))
        ),
        ctx,
        "consultation institutions",
    )
    ct = ContentType.objects.get_for_model(Consultation)
    bulk(
        GCMLink,
        (
            link
            for cid in ids
            for link in [
                *(
                    GCMLink(content_type=ct, object_id=cid, objective_id=o)
                    for o in rng.sample(ctx.objective_ids, k=rng.randint(1, 3))
                ),
                *(
                    GCMLink(content_type=ct, object_id=cid, country_id=c)
                    for c in rng.sample(ctx.lac_country_ids, k=rng.randint(1, 4))
                ),
            ]
        ),
        ctx,
        "consultation links",
    )

    # The busiest consultation: a deep thread, written level by level so parents have ids.
    busiest = ids[0]
    levels: list[list[Contribution]] = []
    remaining = BUSY_CONTRIBUTIONS
    depth = 0
    while remaining > 0:
        size = min(remaining, 100 if depth == 0 else max(1, remaining // 2))
        parents = levels[-1] if levels else []
        rows = []
        for _ in range(size):
            language, text = rng.choice(TEXTS)
            rows.append(
                Contribution(
                    consultation_id=busiest,
                    author_id=rng.choice(people),
                    organization_id=rng.choice(ctx.organization_ids)
                    if rng.random() < 0.4
                    else None,
                    parent=rng.choice(parents) if parents else None,
                    depth=depth,
                    text=text,
                    text_html=rendered[text],
                    language=language,
                    is_hidden=rng.random() < 0.02,
                )
            )
        Contribution.objects.bulk_create(rows)
        levels.append(rows)
        remaining -= size
        depth += 1
    ctx.counts["contributions"] = ctx.counts.get("contributions", 0) + BUSY_CONTRIBUTIONS
    thread = [c for level in levels for c in level if not c.is_hidden]
    reactions: set[tuple[int, int, str]] = set()
    while len(reactions) < BUSY_REACTIONS:
        reactions.add(
            (
                rng.choice(thread).pk,
                rng.choice(people),
                rng.choice(["agree", "agree", "useful", "disagree"]),
            )
        )
    bulk(
        Reaction,
        (Reaction(contribution_id=cid, person_id=p, kind=k) for cid, p, k in reactions),
        ctx,
        "reactions",
    )
    counts: dict[int, dict[str, int]] = {}
    for contribution_id, _p, k in reactions:
        counts.setdefault(contribution_id, {"agree": 0, "disagree": 0, "useful": 0})[k] += 1
    updated = []
    for item in thread:
        row = counts.get(item.pk)
        if row:
            item.agree_count, item.disagree_count, item.useful_count = (
                row["agree"],
                row["disagree"],
                row["useful"],
            )
            updated.append(item)
    Contribution.objects.bulk_update(
        updated, ["agree_count", "disagree_count", "useful_count"], batch_size=500
    )
    response = OfficialResponse.objects.create(
        consultation_id=busiest,
        institution=institutions[0],
        signed_by_id=people[0],
        text="Respuesta oficial de la institución con **compromisos**.",
        language="es",
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                response=response,
                text=f"Compromiso {k + 1}",
                responsible=institutions[k % len(institutions)],
                due_on=now.date() + datetime.timedelta(days=90 * (k + 1)),
            )
            for k in range(3)
        ]
    )

    # Other consultations: 0-30 flat contributions with a few replies.
    def others() -> "list[Contribution]":
        rows = []
        for cid in ids[1:]:
            for _ in range(rng.randint(0, 30)):
                language, text = rng.choice(TEXTS)
                rows.append(
                    Contribution(
                        consultation_id=cid,
                        author_id=rng.choice(people),
                        text=text,
                        text_html=rendered[text],
                        language=language,
                    )
                )
        return rows

    bulk(Contribution, others(), ctx, "contributions")

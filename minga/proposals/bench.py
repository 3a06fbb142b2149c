"""Bench pages and data for proposals.

Per unit of scale: 10,000 proposals, 100,000 endorsements (90 % by people, 10 % by
organizations) and 30,000 comments — scale 10 gives the issue's 100,000 / 1,000,000 / 300,000.
Everything is written with bulk_create in batches; the counters the lists sort on are computed
while generating, so no UPDATE pass is needed. The first proposal gets exactly 50 comments
(the "proposal with 50 comments" page).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bench.pages import Page

if TYPE_CHECKING:
    from bench.generate import Context

PROPOSALS_PER_SCALE = 10_000
ENDORSEMENTS_PER_SCALE = 100_000
COMMENTS_PER_SCALE = 30_000
BUSY_COMMENTS = 50
TITLE_PREFIX = "[bench] "

TOPICS = [
    ("es", "Acceso a la salud sin importar el estatus migratorio",
     "Las personas migrantes deben ser atendidas en los centros de salud sin que se les pida "
     "su situación migratoria. Proponemos formación del personal y carteles en varios idiomas."),
    ("pt", "Matrícula escolar imediata para crianças migrantes",
     "As escolas devem matricular crianças migrantes mesmo sem documentos, com apoio de "
     "intérpretes e reforço em português."),
    ("fr", "Reconnaissance des diplômes des travailleurs migrants",
     "Une procédure régionale simple et gratuite pour reconnaître les diplômes des "
     "infirmières, enseignants et techniciens migrants."),
    ("en", "Firewall between labour inspection and immigration enforcement",
     "Workers must be able to report abuse and unpaid wages without their data being shared "
     "with immigration authorities."),
    ("es", "Regularización en ventanilla única en las fronteras",
     "Trámites en un solo lugar, con turnos gratuitos y sin intermediarios, para las personas "
     "que llegan a las ciudades de frontera."),
]  # fmt: skip
ROLES = ["origin", "transit", "destination", "return"]


def busiest_proposal() -> str:
    from .models import Proposal

    proposal = (
        Proposal.objects.public()
        .filter(comment_count=BUSY_COMMENTS, title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .only("pk")
        .first()
    )
    if proposal is None:
        raise LookupError("no bench proposal with 50 comments")
    return f"/es/proposals/{proposal.pk}/"


PAGES = [
    Page("proposals", "/es/proposals/"),
    Page("proposals, most endorsed", "/es/proposals/?sort=endorsed"),
    Page("proposals, filtered", "/es/proposals/?objective=15&corridor_role=destination"),
    Page("proposals, page 50", "/es/proposals/?page=50"),
    Page("proposal with 50 comments", busiest_proposal),
]


def generate(ctx: "Context") -> None:
    from django.contrib.contenttypes.models import ContentType

    from bench.generate import bulk
    from minga.gcm.models import GCMLink

    from .models import Comment, Endorsement, Proposal

    rng = ctx.rng
    n = ctx.count(PROPOSALS_PER_SCALE)
    people, orgs = ctx.person_ids, ctx.organization_ids
    if not people:
        return
    n_endorsements = ctx.count(ENDORSEMENTS_PER_SCALE)
    n_comments = ctx.count(COMMENTS_PER_SCALE)

    # Plan per proposal: people endorsements, organization endorsements, comments (skewed:
    # a few popular proposals, many with little support).
    weights = [1.0 / (1 + (i % 97)) for i in range(n)]
    total_weight = sum(weights)
    plan: list[tuple[int, int, int]] = []
    for i in range(n):
        share = weights[i] / total_weight
        endorsements = round(n_endorsements * share)
        by_orgs = min(len(orgs), endorsements // 10)
        by_people = min(len(people), endorsements - by_orgs)
        comments = BUSY_COMMENTS if i == 0 else round((n_comments - BUSY_COMMENTS) * share)
        plan.append((by_people, by_orgs, comments))

    def proposals_rows() -> Iterable[Proposal]:
        for i, (by_people, by_orgs, comments) in enumerate(plan):
            language, title, text = TOPICS[i % len(TOPICS)]
            display = rng.choices(["person", "organization", "anonymous"], [70, 20, 10])[0]
            roles = set(rng.sample(ROLES, k=rng.randint(1, 2)))
            yield Proposal(
                title=f"{TITLE_PREFIX}{title} {i + 1}",
                text=text,
                language=language,
                author_id=rng.choice(people),
                author_display=display,
                organization_id=rng.choice(orgs) if display == "organization" and orgs else None,
                answer_status=rng.choice(["", "", "", "", "under_consideration", "retained"]),
                endorsement_count=by_people,
                organization_endorsement_count=by_orgs,
                comment_count=comments,
                **{f"is_{role}": role in roles for role in ROLES},
            )

    bulk(Proposal, proposals_rows(), ctx, "proposals")
    ids = list(
        Proposal.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[-n:]

    ct = ContentType.objects.get_for_model(Proposal)

    def links_rows() -> Iterable[GCMLink]:
        for pk in ids:
            for objective_id in rng.sample(ctx.objective_ids, k=rng.randint(1, 2)):
                yield GCMLink(content_type=ct, object_id=pk, objective_id=objective_id)
            for country_id in rng.sample(ctx.lac_country_ids, k=rng.randint(1, 2)):
                yield GCMLink(content_type=ct, object_id=pk, country_id=country_id)

    bulk(GCMLink, links_rows(), ctx, "proposal GCM links")

    def endorsements_rows() -> Iterable[Endorsement]:
        for pk, (by_people, by_orgs, _comments) in zip(ids, plan, strict=True):
            for person_id in rng.sample(people, k=by_people):
                yield Endorsement(proposal_id=pk, person_id=person_id)
            for org_id in rng.sample(orgs, k=by_orgs):
                yield Endorsement(
                    proposal_id=pk, person_id=rng.choice(people), organization_id=org_id
                )

    bulk(Endorsement, endorsements_rows(), ctx, "endorsements")

    def comments_rows() -> Iterable[Comment]:
        for pk, (_p, _o, how_many), (language, _t, _x) in zip(
            ids, plan, (TOPICS[i % len(TOPICS)] for i in range(n)), strict=True
        ):
            for _ in range(how_many):
                yield Comment(
                    proposal_id=pk,
                    author_id=rng.choice(people),
                    text="Apoyo esta propuesta: en mi ciudad vivimos lo mismo.",
                    language=language,
                )

    bulk(Comment, comments_rows(), ctx, "comments")

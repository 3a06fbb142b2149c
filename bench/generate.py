"""Bench data: scale 1 ≈ one real regional review (500 organizations, 5,000 people).

Everything is written with bulk_create in batches, deterministically (seeded), so a scale-10
data set (5,000 organizations, 50,000 people) takes about a minute on PostgreSQL.
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.text import slugify

BATCH = 2000
EMAIL_DOMAIN = "bench.minga.test"
SLUG_PREFIX = "bench-"
REVIEW_SLUG = "bench-lac"

ORGS_PER_SCALE = 500
PEOPLE_PER_SCALE = 5000

FIRST = ["Ana", "Luis", "María", "José", "Carmen", "Jean", "Rose", "Pedro", "Lucía", "Marco",
         "Fernanda", "Jorge", "Daniela", "Wilson", "Guerline", "Yolanda", "Rafael", "Paula"]  # fmt: skip
LAST = ["Pérez", "Silva", "Joseph", "Rodríguez", "Santos", "Gómez", "Pierre", "Mamani",
        "Quispe", "Fernández", "Oliveira", "Castillo", "Morales", "Baptiste", "Rojas"]  # fmt: skip
KINDS = ["Red", "Colectivo", "Asociación", "Fundación", "Centro", "Coordinadora", "Mesa",
         "Observatorio", "Pastoral", "Sindicato", "Casa", "Instituto"]  # fmt: skip
THEMES = ["Migrante", "de Personas Refugiadas", "por los Derechos Humanos", "de Mujeres Migrantes",
          "de la Diáspora", "Sin Fronteras", "de Retornados", "de Juventudes Migrantes",
          "de Trabajadoras del Hogar", "Intercultural", "de Acogida", "de Familias Migrantes"]  # fmt: skip
PLACES = ["Andina", "del Caribe", "Centroamericana", "del Sur", "Mesoamericana", "Amazónica",
          "del Norte", "Fronteriza", "Latinoamericana", "Rioplatense"]  # fmt: skip
TYPES_WEIGHTED = [("cso", 40), ("migrant_led", 20), ("diaspora", 8), ("faith_based", 8),
                  ("academia", 6), ("trade_union", 4), ("nhri", 2), ("local_authority", 3),
                  ("youth", 4), ("media", 2), ("red_cross", 1), ("other", 2)]  # fmt: skip
DESCRIPTION = (
    "Acompañamos a personas migrantes, refugiadas y retornadas con orientación jurídica, "
    "albergue temporal y formación para el trabajo. Documentamos vulneraciones de derechos en "
    "la ruta migratoria y participamos en espacios de diálogo con autoridades locales y "
    "nacionales para promover la regularización y el acceso a servicios básicos."
)


@dataclass
class Context:
    """What the base generator made; app generators (``minga/<app>/bench.py``) build on it."""

    scale: float
    rng: random.Random
    review: Any
    organization_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    lac_country_ids: list[int] = field(default_factory=list)
    objective_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, base: int) -> int:
        """`base` items per unit of scale, at least one."""
        return max(1, round(base * self.scale))


def bulk(model: type[models.Model], rows: Iterable[models.Model], ctx: Context, label: str) -> int:
    """bulk_create in batches; returns how many rows were written."""
    batch: list[models.Model] = []
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            total += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        total += len(batch)
    ctx.counts[label] = ctx.counts.get(label, 0) + total
    return total


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def exists(scale: float) -> bool:
    """True if the database already holds the base data at this scale."""
    from minga.accounts.models import User
    from minga.stakeholders.models import Organization

    n_orgs = max(1, round(ORGS_PER_SCALE * scale))
    n_people = max(1, round(PEOPLE_PER_SCALE * scale))
    return (
        Organization.objects.filter(slug__startswith=SLUG_PREFIX).count() == n_orgs
        and User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count() == n_people
    )


def has_bench_data() -> bool:
    from minga.stakeholders.models import Organization

    return Organization.objects.filter(slug__startswith=SLUG_PREFIX).exists()


@transaction.atomic
def generate_base(scale: float, seed: int = 42) -> Context:
    from allauth.account.models import EmailAddress

    from minga.accounts.models import User
    from minga.gcm.models import Country, GCMLink, Objective, Principle
    from minga.reviews.models import Review
    from minga.stakeholders.models import (
        Accreditation,
        AccreditationStatus,
        Membership,
        MembershipRole,
        MembershipStatus,
        Organization,
    )
    from minga.testing import factories

    rng = random.Random(seed)
    review = Review.objects.filter(slug=REVIEW_SLUG).first() or factories.make_review(
        REVIEW_SLUG, title="Examen regional del Pacto Mundial para la Migración — ALC (bench)"
    )
    ctx = Context(scale=scale, rng=rng, review=review)
    ctx.lac_country_ids = list(Country.objects.lac().values_list("pk", flat=True))
    other_country_ids = list(
        Country.objects.filter(code__in=["US", "ES", "CA", "IT", "FR", "PT"]).values_list(
            "pk", flat=True
        )
    )
    ctx.objective_ids = list(Objective.objects.values_list("pk", flat=True))
    principle_ids = list(Principle.objects.values_list("pk", flat=True))

    # Organizations (2 % are networks).
    n_orgs = ctx.count(ORGS_PER_SCALE)
    n_networks = max(3, n_orgs // 50)
    orgs = []
    for i in range(n_orgs):
        is_network = i < n_networks
        kind = "Red" if is_network else rng.choice(KINDS)
        name = f"{kind} {rng.choice(THEMES)} {rng.choice(PLACES)} {i + 1}"
        stakeholder_type = weighted(rng, TYPES_WEIGHTED)
        hq = rng.choice(ctx.lac_country_ids if rng.random() < 0.85 else other_country_ids)
        orgs.append(
            Organization(
                name=name,
                slug=f"{SLUG_PREFIX}{slugify(name)}"[:80],
                acronym="".join(w[0] for w in name.split() if w[0].isupper())[:10],
                stakeholder_type=stakeholder_type,
                headquarters_id=hq,
                is_migrant_led=stakeholder_type in ("migrant_led", "diaspora")
                or rng.random() < 0.1,
                is_network=is_network,
                description=DESCRIPTION if rng.random() < 0.8 else "",
                description_language=rng.choice(["es", "es", "es", "pt", "fr", "en"]),
                website=f"https://org{i + 1}.example.org" if rng.random() < 0.6 else "",
                ecosoc_status=rng.choice(["", "", "", "", "special", "roster", "general"]),
            )
        )
    bulk(Organization, orgs, ctx, "organizations")
    ctx.organization_ids = list(
        Organization.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    network_ids = ctx.organization_ids[:n_networks]

    # Network membership: 30 % of organizations belong to one or two networks.
    through = Organization.networks.through
    bulk(
        through,
        (
            through(from_organization_id=org_id, to_organization_id=net_id)
            for org_id in ctx.organization_ids[n_networks:]
            if rng.random() < 0.3
            for net_id in rng.sample(network_ids, k=min(len(network_ids), rng.choice([1, 1, 2])))
        ),
        ctx,
        "network memberships",
    )

    # GCM links: countries of work (1-4), objectives (1-5), principles (0-2).
    org_ct = ContentType.objects.get_for_model(Organization)

    def org_links() -> Iterable[GCMLink]:
        for org_id in ctx.organization_ids:
            for country_id in rng.sample(ctx.lac_country_ids, k=rng.randint(1, 4)):
                yield GCMLink(content_type=org_ct, object_id=org_id, country_id=country_id)
            for objective_id in rng.sample(ctx.objective_ids, k=rng.randint(1, 5)):
                yield GCMLink(content_type=org_ct, object_id=org_id, objective_id=objective_id)
            for principle_id in rng.sample(principle_ids, k=rng.randint(0, 2)):
                yield GCMLink(content_type=org_ct, object_id=org_id, principle_id=principle_id)

    bulk(GCMLink, org_links(), ctx, "GCM links")

    # People: one password hash for all (hashing 50,000 Argon2 passwords would take minutes).
    n_people = ctx.count(PEOPLE_PER_SCALE)
    password = make_password("bench-password-not-for-login")
    bulk(
        User,
        (
            User(
                email=f"person{i + 1}@{EMAIL_DOMAIN}",
                display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i + 1}",
                password=password,
                preferred_language=rng.choice(["es", "es", "es", "pt", "fr", "en"]),
                is_public=rng.random() < 0.3,
                self_identification=["migrant"] if rng.random() < 0.4 else [],
            )
            for i in range(n_people)
        ),
        ctx,
        "people",
    )
    ctx.person_ids = list(
        User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    emails = dict(User.objects.filter(pk__in=ctx.person_ids).values_list("pk", "email").iterator())
    bulk(
        EmailAddress,
        (
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in emails.items()
        ),
        ctx,
        "e-mail addresses",
    )
    user_countries = User.countries.through
    bulk(
        user_countries,
        (
            user_countries(user_id=pk, country_id=country_id)
            for pk in ctx.person_ids
            for country_id in rng.sample(ctx.lac_country_ids, k=rng.choice([1, 1, 2]))
        ),
        ctx,
        "people's countries",
    )

    # Memberships: a representative per organization; 80 % of people belong to one or two.
    def memberships() -> Iterable[Membership]:
        people = iter(ctx.person_ids)
        for org_id in ctx.organization_ids:
            person_id = next(people, None)
            if person_id is None:
                return
            yield Membership(
                person_id=person_id,
                organization_id=org_id,
                role=MembershipRole.REPRESENTATIVE,
                status=MembershipStatus.APPROVED,
            )
        for person_id in people:
            if rng.random() >= 0.8:
                continue
            k = 1 if rng.random() < 0.85 else 2
            for org_id in rng.sample(ctx.organization_ids, k=min(k, len(ctx.organization_ids))):
                yield Membership(
                    person_id=person_id,
                    organization_id=org_id,
                    role=MembershipRole.MEMBER,
                    status=MembershipStatus.APPROVED
                    if rng.random() < 0.9
                    else MembershipStatus.PENDING,
                )

    bulk(Membership, memberships(), ctx, "memberships")

    # Accreditation to the review: 60 % applied; of those 75 % approved, 10 % declined.
    def accreditations() -> Iterable[Accreditation]:
        for org_id in ctx.organization_ids:
            if rng.random() >= 0.6:
                continue
            roll = rng.random()
            status = (
                AccreditationStatus.APPROVED
                if roll < 0.75
                else AccreditationStatus.DECLINED
                if roll < 0.85
                else AccreditationStatus.APPLIED
            )
            yield Accreditation(
                organization_id=org_id,
                review=review,
                status=status,
                motivation="Queremos aportar la voz de las personas migrantes al examen regional.",
            )

    bulk(Accreditation, accreditations(), ctx, "accreditations")
    return ctx


def generate(
    scale: float,
    app_generators: list[Callable[[Context], None]],
    say: Callable[[str], None] = print,
) -> Context:
    started = time.monotonic()
    ctx = generate_base(scale)
    for generator in app_generators:
        with transaction.atomic():
            generator(ctx)
    counts = ", ".join(f"{n:,} {label}" for label, n in ctx.counts.items())
    say(f"Generated scale {scale:g} in {time.monotonic() - started:.0f} s: {counts}")
    return ctx

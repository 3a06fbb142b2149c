"""Plain factories for tests and the benchmark generator. No JSON fixtures."""

import datetime
import itertools
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from django.utils.text import slugify

from minga.accounts.models import Role, RoleAssignment, User
from minga.gcm.models import Country, Region
from minga.reviews.models import Phase, PhaseKind, Review
from minga.stakeholders.models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
)

PASSWORD = "correct-horse-battery-staple-42"
_seq = itertools.count(1)


def country(iso2: str) -> Country:
    return Country.objects.get(code=iso2.upper())


def make_user(
    email: str | None = None, *, display_name: str = "", verified: bool = True, **extra: Any
) -> User:
    n = next(_seq)
    email = email or f"person{n}@example.org"
    user = User.objects.create_user(
        email=email, password=PASSWORD, display_name=display_name or f"Person {n}", **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def give_mfa(user: User) -> str:
    """Activate TOTP for the user and return its secret (tests compute codes from it)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def grant(user: User, role: str, *, review: Review | None = None, iso2: str = "") -> RoleAssignment:
    """Direct role grant for test setup (production code uses accounts.actions)."""
    return RoleAssignment.objects.create(
        user=user, role=role, review=review, country=country(iso2) if iso2 else None
    )


def make_review(slug: str = "", *, today: datetime.date | None = None, **extra: Any) -> Review:
    n = next(_seq)
    today = today or timezone.localdate()
    review = Review.objects.create(
        slug=slug or f"review-{n}",
        title=extra.pop("title", f"Regional review {n}"),
        region=Region.objects.get(key="lac"),
        languages=["es", "en", "pt", "fr"],
        **extra,
    )
    spans = [
        (PhaseKind.CONSULTATION, -30, 30),
        (PhaseKind.SESSIONS, 31, 40),
        (PhaseKind.REPORT, 41, 90),
        (PhaseKind.FOLLOWUP, 91, 400),
    ]
    for kind, start, end in spans:
        Phase.objects.create(
            review=review,
            kind=kind,
            starts_on=today + datetime.timedelta(days=start),
            ends_on=today + datetime.timedelta(days=end),
        )
    review.countries.set(Country.objects.lac())
    return review


def make_organization(name: str = "", *, iso2: str = "MX", **extra: Any) -> Organization:
    n = next(_seq)
    name = name or f"Organization {n}"
    extra.setdefault("stakeholder_type", "cso")
    return Organization.objects.create(
        name=name, slug=slugify(name)[:70] or f"org-{n}", headquarters=country(iso2), **extra
    )


def add_member(
    person: User,
    organization: Organization,
    *,
    role: str = MembershipRole.MEMBER,
    status: str = MembershipStatus.APPROVED,
) -> Membership:
    return Membership.objects.create(
        person=person, organization=organization, role=role, status=status
    )


def accredit(
    organization: Organization, review: Review, status: str = AccreditationStatus.APPROVED
) -> Accreditation:
    return Accreditation.objects.create(organization=organization, review=review, status=status)


__all__ = [
    "PASSWORD",
    "Role",
    "accredit",
    "add_member",
    "country",
    "give_mfa",
    "grant",
    "make_organization",
    "make_review",
    "make_user",
]

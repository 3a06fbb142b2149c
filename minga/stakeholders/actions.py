"""State changes on organizations, memberships and accreditations.

Each action owns its transaction, checks permission, and writes the audit log.
Business-rule refusals raise ``ValidationError`` (views show the message); missing
rights raise ``PermissionDenied``.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from minga.accounts import permissions
from minga.core import audit
from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Country, Objective
from minga.reviews.models import Review

from .logos import check_logo
from .models import (
    Accreditation,
    AccreditationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
)

# Paths under /organizations/ that an organization's slug must never take.
RESERVED_SLUGS = frozenset({"new", "accreditations", "popolo", "popolo-json", "edit", "join"})

# Fields of Organization that registration and editing may set directly.
EDITABLE_FIELDS = (
    "name",
    "acronym",
    "stakeholder_type",
    "headquarters",
    "is_migrant_led",
    "is_network",
    "description",
    "description_language",
    "website",
    "logo",
    "ecosoc_status",
)


def _require_login(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied


def unique_slug(name: str) -> str:
    """A free, non-reserved address name for an organization called ``name``."""
    base = slugify(name)[:70].strip("-") or "organization"
    if base in RESERVED_SLUGS:
        base = f"{base}-org"
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def duplicate_of(name: str, *, exclude_pk: int | None = None) -> Organization | None:
    """An existing organization with the same name, ignoring case and outer spaces."""
    qs = Organization.objects.annotate(lname=Lower("name")).filter(lname=name.strip().lower())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _duplicate_error(existing: Organization) -> ValidationError:
    return ValidationError(
        _("An organization called “%(name)s” is already registered. Ask to join it instead."),
        code="duplicate",
        params={"name": existing.name},
    )


def _check_networks(organization: Organization | None, networks: Iterable[Organization]) -> None:
    for network in networks:
        if not network.is_network:
            raise ValidationError(
                _("“%(name)s” is not a network."), code="not_network", params={"name": network.name}
            )
        if organization is not None and network.pk == organization.pk:
            raise ValidationError(_("An organization cannot belong to itself."), code="self")


def _store_logo(organization: Organization, logo: UploadedFile) -> None:
    """Store the logo under a name of our own with the extension of its real format."""
    extension = check_logo(logo)
    old_name = organization.logo.name if organization.logo else ""
    organization.logo.save(f"{organization.slug}.{extension}", logo, save=False)
    if old_name and old_name != organization.logo.name:
        storage = organization.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def do_register_organization(
    actor: Any,
    *,
    name: str,
    stakeholder_type: str,
    headquarters: Country,
    acronym: str = "",
    is_migrant_led: bool = False,
    is_network: bool = False,
    networks: Iterable[Organization] = (),
    description: str = "",
    description_language: str = "es",
    website: str = "",
    logo: UploadedFile | None = None,
    ecosoc_status: str = "",
    countries: Iterable[Country] = (),
    objectives: Iterable[Objective] = (),
    become_representative: bool = True,
) -> Organization:
    """Register an organization; the person registering it becomes its approved representative.

    ``become_representative=False`` is for platform administrators entering an organization
    on someone else's behalf (from the admin site).
    """
    _require_login(actor)
    if not become_representative and not permissions.is_platform_admin(actor):
        raise PermissionDenied
    name = name.strip()
    existing = duplicate_of(name)
    if existing is not None:
        raise _duplicate_error(existing)
    networks = list(networks)
    _check_networks(None, networks)
    organization = Organization(
        name=name,
        slug=unique_slug(name),
        acronym=acronym.strip(),
        stakeholder_type=stakeholder_type,
        headquarters=headquarters,
        is_migrant_led=is_migrant_led,
        is_network=is_network,
        description=description,
        description_language=description_language,
        website=website,
        ecosoc_status=ecosoc_status,
        created_by=actor,
    )
    if logo is not None:
        check_logo(logo)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        # Registered by someone else between our check and now.
        existing = duplicate_of(name)
        if existing is None:
            raise
        raise _duplicate_error(existing) from None
    if logo is not None:
        _store_logo(organization, logo)
        organization.save(update_fields=["logo"])
    organization.networks.set(networks)
    if become_representative:
        Membership.objects.create(
            person=actor,
            organization=organization,
            role=MembershipRole.REPRESENTATIVE,
            status=MembershipStatus.APPROVED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
    do_set_gcm_links(actor, organization, countries=countries, objectives=objectives)
    audit.record(
        actor,
        "stakeholders.register",
        organization,
        slug=organization.slug,
        stakeholder_type=stakeholder_type,
        headquarters=headquarters.iso2,
    )
    return organization


@transaction.atomic
def do_update_organization(
    actor: Any,
    organization: Organization,
    *,
    changes: dict[str, Any],
    networks: Iterable[Organization] | None = None,
    countries: Iterable[Country] | None = None,
    objectives: Iterable[Objective] | None = None,
) -> Organization:
    """Change an organization's facts. Only the given keys change; ``None`` leaves links as
    they are. ``changes["logo"]`` is an uploaded file, or ``False`` to remove the logo."""
    if not permissions.can_edit_organization(actor, organization):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    changes = dict(changes)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        existing = duplicate_of(changes["name"], exclude_pk=organization.pk)
        if existing is not None:
            raise _duplicate_error(existing)
    changed: list[str] = []
    logo = changes.pop("logo", None)
    for field, value in changes.items():
        current = getattr(organization, field)
        if current != value:
            setattr(organization, field, value)
            changed.append(field)
    if logo is False:
        if organization.logo:
            old_name, storage = organization.logo.name or "", organization.logo.storage
            organization.logo = ""
            transaction.on_commit(lambda: storage.delete(old_name))
            changed.append("logo")
    elif logo is not None:
        _store_logo(organization, logo)
        changed.append("logo")
    if changed:
        organization.save()
    if networks is not None:
        networks = list(networks)
        _check_networks(organization, networks)
        before = set(organization.networks.values_list("pk", flat=True))
        if before != {n.pk for n in networks}:
            organization.networks.set(networks)
            changed.append("networks")
    do_set_gcm_links(actor, organization, countries=countries, objectives=objectives)
    if changed:
        audit.record(actor, "stakeholders.update", organization, fields=sorted(changed))
    return organization


@transaction.atomic
def do_request_membership(
    actor: Any,
    organization: Organization,
    *,
    role: str = MembershipRole.MEMBER,
    message: str = "",
) -> Membership:
    """Ask to join an organization as a member or a representative; waits for approval."""
    _require_login(actor)
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role."), code="role")
    membership = (
        Membership.objects.select_for_update()
        .filter(person=actor, organization=organization)
        .first()
    )
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise ValidationError(_("You are already a member of this organization."), code="member")
    if membership is not None and membership.status == MembershipStatus.PENDING:
        raise ValidationError(
            _("You have already asked to join; the representatives will decide."), code="pending"
        )
    if membership is None:
        membership = Membership(person=actor, organization=organization)
    # A declined request may be made again: a decision is not a ban.
    membership.role = role
    membership.message = message.strip()
    membership.status = MembershipStatus.PENDING
    membership.decided_by = None
    membership.decided_at = None
    membership.save()
    audit.record(actor, "stakeholders.request_membership", membership, role=role)
    return membership


@transaction.atomic
def do_decide_membership(actor: Any, membership: Membership, *, approve: bool) -> Membership:
    """A representative of the organization (or a platform admin) approves or declines."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_manage_members(actor, membership.organization):
        raise PermissionDenied
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor,
        "stakeholders.decide_membership",
        membership,
        decision=membership.status,
        person=membership.person_id,
        role=membership.role,
    )
    return membership


@transaction.atomic
def do_leave_organization(actor: Any, organization: Organization) -> None:
    """Leave an organization (or withdraw a pending request). The last representative may
    not leave: the organization would have nobody to manage it."""
    _require_login(actor)
    membership = (
        Membership.objects.select_for_update()
        .filter(person=actor, organization=organization)
        .exclude(status=MembershipStatus.DECLINED)
        .first()
    )
    if membership is None:
        raise ValidationError(_("You are not a member of this organization."), code="not_member")
    if (
        membership.status == MembershipStatus.APPROVED
        and membership.role == MembershipRole.REPRESENTATIVE
    ):
        others = (
            Membership.objects.filter(
                organization=organization,
                role=MembershipRole.REPRESENTATIVE,
                status=MembershipStatus.APPROVED,
            )
            .exclude(pk=membership.pk)
            .exists()
        )
        if not others:
            raise ValidationError(
                _(
                    "You are the only representative. Approve another representative "
                    "before you leave."
                ),
                code="last_representative",
            )
    audit.record(
        actor,
        "stakeholders.leave",
        organization,
        role=membership.role,
        status=membership.status,
    )
    membership.delete()


@transaction.atomic
def do_apply_accreditation(
    actor: Any, organization: Organization, review: Review, *, motivation: str
) -> Accreditation:
    """A representative applies for the organization's accreditation to a review."""
    if not permissions.can_apply_accreditation(actor, organization):
        raise PermissionDenied
    motivation = motivation.strip()
    if not motivation:
        raise ValidationError(
            _("Say why the organization wants to take part in the review."), code="motivation"
        )
    accreditation = (
        Accreditation.objects.select_for_update()
        .filter(organization=organization, review=review)
        .first()
    )
    if accreditation is not None and accreditation.status == AccreditationStatus.APPROVED:
        raise ValidationError(
            _("The organization is already accredited to this review."), code="accredited"
        )
    if accreditation is not None and accreditation.status == AccreditationStatus.APPLIED:
        raise ValidationError(
            _("The organization has already applied; the decision is pending."), code="applied"
        )
    if accreditation is None:
        accreditation = Accreditation(organization=organization, review=review)
    # After a decline the organization may apply again with a new motivation.
    accreditation.status = AccreditationStatus.APPLIED
    accreditation.motivation = motivation
    accreditation.applied_by = actor
    accreditation.decided_by = None
    accreditation.decided_at = None
    accreditation.reason = ""
    accreditation.save()
    audit.record(actor, "stakeholders.apply_accreditation", accreditation, review=review.slug)
    return accreditation


@transaction.atomic
def do_decide_accreditation(
    actor: Any, accreditation: Accreditation, *, approve: bool, reason: str = ""
) -> Accreditation:
    """A committee member of the review or a UN delegate (with MFA) approves or declines.

    A decline needs a reason, which the organization reads. A decision may be revised.
    """
    accreditation = (
        Accreditation.objects.select_for_update()
        .select_related("review", "organization")
        .get(pk=accreditation.pk)
    )
    if not permissions.can_decide_accreditation(actor, accreditation.review):
        raise PermissionDenied
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            _("Give a reason for declining; the organization will read it."), code="reason"
        )
    previous = accreditation.status
    accreditation.status = AccreditationStatus.APPROVED if approve else AccreditationStatus.DECLINED
    accreditation.reason = reason
    accreditation.decided_by = actor
    accreditation.decided_at = timezone.now()
    accreditation.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor,
        "stakeholders.decide_accreditation",
        accreditation,
        decision=accreditation.status,
        previous=previous,
        review=accreditation.review.slug,
        reason=reason,
    )
    return accreditation

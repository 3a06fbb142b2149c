"""Organizations and networks, who belongs to them, and their accreditation per review."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped, language_field
from minga.gcm.models import Country, GCMLink, GCMLinkedQuerySet, StakeholderType
from minga.reviews.models import Review


class EcosocStatus(models.TextChoices):
    NONE = "", _("No ECOSOC status")
    GENERAL = "general", _("General consultative status")
    SPECIAL = "special", _("Special consultative status")
    ROSTER = "roster", _("Roster status")


class OrganizationQuerySet(GCMLinkedQuerySet):
    def accredited_for(self, review: Review) -> "OrganizationQuerySet":
        return self.filter(
            accreditations__review=review, accreditations__status=AccreditationStatus.APPROVED
        )


def logo_path(instance: "Organization", filename: str) -> str:
    return f"logos/{instance.slug or 'new'}-{filename[-40:]}"


class Organization(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=30, choices=StakeholderType.choices
    )
    headquarters = models.ForeignKey(
        Country, verbose_name=_("headquarters country"), on_delete=models.PROTECT, related_name="+"
    )
    is_migrant_led = models.BooleanField(
        _("migrant-led"), default=False,
        help_text=_("Led by migrants, refugees, returnees or members of the diaspora."),
    )  # fmt: skip
    is_network = models.BooleanField(
        _("is a network"), default=False, help_text=_("A network or coalition of organizations.")
    )
    networks = models.ManyToManyField(
        "self", verbose_name=_("networks it belongs to"), symmetrical=False, blank=True,
        related_name="network_members", limit_choices_to={"is_network": True},
    )  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    description_language = language_field(verbose_name=_("language of the description"))
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    ecosoc_status = models.CharField(
        _("ECOSOC status"), max_length=10, choices=EcosocStatus.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("registered by"),
    )  # fmt: skip
    gcm_links = GenericRelation(GCMLink)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_unique_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:organization", args=[self.slug])

    @classmethod
    def linked_queryset(cls) -> OrganizationQuerySet:
        """How organizations appear on objective and country pages (gcm.queries.linked_items)."""
        return cls.objects.select_related("headquarters")

    @classmethod
    def linked_list_url(cls, **target: Any) -> str | None:
        """The directory filtered by the objective or country an item page is about."""
        directory = reverse("stakeholders:directory")
        if target.get("country") is not None:
            return f"{directory}?{urlencode({'country': target['country'].iso2})}"
        if target.get("objective") is not None:
            return f"{directory}?{urlencode({'objective': target['objective'].number})}"
        return None


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Membership(TimeStamped):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="memberships",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="memberships",
    )  # fmt: skip
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    message = models.TextField(
        _("message to the representatives"), blank=True, max_length=1000,
        help_text=_("Who you are and why you want to join. Only the representatives read it."),
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization} ({self.get_role_display()})"


class AccreditationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Accredited")
    DECLINED = "declined", _("Declined")


class Accreditation(TimeStamped):
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="accreditations",
    )  # fmt: skip
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="accreditations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AccreditationStatus.choices,
        default=AccreditationStatus.APPLIED,
    )  # fmt: skip
    motivation = models.TextField(_("why the organization wants to take part"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("applied by"),
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "review"], name="accreditation_unique_per_review"
            )
        ]
        indexes = [models.Index(fields=["review", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.review} ({self.get_status_display()})"

"""GCM reference data and the one polymorphic link any item uses to point at it."""

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField


class Subregion(models.TextChoices):
    MEXICO_CENTRAL_AMERICA = "mca", _("Mexico and Central America")
    CARIBBEAN = "caribbean", _("Caribbean")
    SOUTH_AMERICA = "south_america", _("South America")


class StakeholderType(models.TextChoices):
    MIGRANT_LED = "migrant_led", _("Migrant or migrant-led organization")
    DIASPORA = "diaspora", _("Diaspora organization")
    CSO = "cso", _("Civil society organization")
    FAITH_BASED = "faith_based", _("Faith-based organization")
    TRADE_UNION = "trade_union", _("Trade union")
    ACADEMIA = "academia", _("Academia or research")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    NHRI = "nhri", _("National human rights institution")
    LOCAL_AUTHORITY = "local_authority", _("Local or regional authority")
    PARLIAMENTARIAN = "parliamentarian", _("Parliamentarian")
    MEDIA = "media", _("Media")
    YOUTH = "youth", _("Youth or children's organization")
    RED_CROSS = "red_cross", _("Red Cross or Red Crescent")
    STATE = "state", _("State (government)")
    UN = "un", _("United Nations entity")
    IGO = "igo", _("Intergovernmental organization")
    OTHER = "other", pgettext_lazy("stakeholder type", "Other")


class Region(models.Model):
    """A UN regional review region (LAC now; others later)."""

    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return gettext(self.name)


class CountryQuerySet(models.QuerySet["Country"]):
    def lac(self) -> "CountryQuerySet":
        return self.filter(region__key="lac")


class Country(models.Model):
    """One row per ISO 3166 country; names come translated from django-countries."""

    code = CountryField(_("ISO code"), unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL
    )
    subregion = models.CharField(
        _("subregion"), max_length=20, choices=Subregion.choices, blank=True
    )
    is_champion = models.BooleanField(_("GCM Champion"), default=False)
    gcm_note = models.CharField(_("note on the GCM"), max_length=255, blank=True)
    languages = models.CharField(_("official languages"), max_length=40, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(countries.name(self.code))

    @property
    def iso2(self) -> str:
        return str(self.code)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("gcm:country", args=[str(self.code).lower()])


class Objective(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    label = models.CharField(_("short label"), max_length=120)
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.label_display}"

    @property
    def label_display(self) -> str:
        return gettext(self.label)

    @property
    def title_display(self) -> str:
        return gettext(self.title)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("gcm:objective", args=[self.number])


class Principle(models.Model):
    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self) -> str:
        return self.name_display

    @property
    def name_display(self) -> str:
        return gettext(self.name)


class Roundtable(models.Model):
    """A review roundtable cluster grouping objectives (IMRF 2022 pattern)."""

    key = models.CharField(_("key"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    objectives = models.ManyToManyField(
        Objective, related_name="roundtables", verbose_name=_("objectives")
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("roundtable cluster")
        verbose_name_plural = _("roundtable clusters")

    def __str__(self) -> str:
        return gettext(self.name)


class GCMLinkQuerySet(models.QuerySet["GCMLink"]):
    def for_model(self, model: type[models.Model]) -> "GCMLinkQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class GCMLink(models.Model):
    """Ties any item of any app to one objective, principle or country.

    One row per (item, target); exactly one target is set. Apps add
    ``gcm_links = GenericRelation(GCMLink)`` and use ``GCMLinkedQuerySet``.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    principle = models.ForeignKey(
        Principle, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )

    objects = GCMLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("GCM link")
        verbose_name_plural = _("GCM links")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["objective", "content_type"]),
            models.Index(fields=["country", "content_type"]),
            models.Index(fields=["principle", "content_type"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="gcmlink_exactly_one_target",
                condition=(
                    Q(objective__isnull=False, principle__isnull=True, country__isnull=True)
                    | Q(objective__isnull=True, principle__isnull=False, country__isnull=True)
                    | Q(objective__isnull=True, principle__isnull=True, country__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "objective"],
                condition=Q(objective__isnull=False),
                name="gcmlink_unique_objective",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "principle"],
                condition=Q(principle__isnull=False),
                name="gcmlink_unique_principle",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "country"],
                condition=Q(country__isnull=False),
                name="gcmlink_unique_country",
            ),
        ]

    def __str__(self) -> str:
        target: Any = self.objective or self.principle or self.country
        return f"{self.content_type.model}#{self.object_id} → {target}"


class GCMLinkedQuerySet(models.QuerySet):
    """Queryset mixin for models that carry GCM links."""

    def _linked_ids(self, **target: Any) -> models.QuerySet:
        ct = ContentType.objects.get_for_model(self.model)
        return GCMLink.objects.filter(content_type=ct, **target).values("object_id")

    def by_objective(self, number: int) -> "GCMLinkedQuerySet":
        return self.filter(pk__in=self._linked_ids(objective__number=number))

    def by_principle(self, key: str) -> "GCMLinkedQuerySet":
        return self.filter(pk__in=self._linked_ids(principle__key=key))

    def by_country(self, iso2: str) -> "GCMLinkedQuerySet":
        return self.filter(pk__in=self._linked_ids(country__code=iso2.upper()))

    def by_subregion(self, subregion: str) -> "GCMLinkedQuerySet":
        return self.filter(pk__in=self._linked_ids(country__subregion=subregion))

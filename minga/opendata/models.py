"""Snapshots of the bulk exports, built in the background (see snapshots.py)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """One file of one snapshot build: an export in one format, or the build's
    ``datapackage.json``. All files of a build share ``build`` (its folder in storage)."""

    build = models.CharField(_("build"), max_length=40, db_index=True)
    export = models.CharField(_("export"), max_length=60)
    format = models.CharField(_("format"), max_length=12)
    file = models.FileField(_("file"), upload_to="opendata/snapshots/", max_length=200)
    rows = models.PositiveBigIntegerField(_("rows"), default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("built at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("open data snapshot")
        verbose_name_plural = _("open data snapshots")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["export", "format", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.build}/{self.filename}"

    @property
    def filename(self) -> str:
        return f"{self.export}.{self.format}" if self.format != "json" else f"{self.export}.json"

    def get_absolute_url(self) -> str:
        return reverse("api:snapshot", args=[self.pk, self.filename])

"""Base pieces every app shares: timestamps, content languages and the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentLanguage(models.TextChoices):
    """Languages user-written content may be in (wider than the interface languages)."""

    ES = "es", _("Spanish")
    EN = "en", _("English")
    PT = "pt", _("Portuguese")
    FR = "fr", _("French")
    HT = "ht", _("Haitian Creole")
    NL = "nl", _("Dutch")
    QU = "qu", _("Quechua")
    AY = "ay", _("Aymara")
    GN = "gn", _("Guarani")
    OTHER = "other", _("Other language")


class InterfaceLanguage(models.TextChoices):
    """Languages of the interface (settings.LANGUAGES)."""

    ES = "es", _("Spanish")
    EN = "en", _("English")
    PT = "pt", _("Portuguese")
    FR = "fr", _("French")


def language_field(**kwargs: object) -> models.CharField:
    """The field every user-written item uses to store the language it was written in."""
    options: dict = {
        "max_length": 8,
        "choices": ContentLanguage.choices,
        "default": ContentLanguage.ES,
        "verbose_name": _("language"),
    }
    options.update(kwargs)
    return models.CharField(**options)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Append-only record of a state change made through an action."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

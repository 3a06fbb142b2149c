"""Moderation of user-written content of any app: flags, hiding with a public reason, edit
history, blocked people.

Content models inherit ``Moderated`` (fields on their own table, so lists filter hidden items
without a join) and are flagged/hidden only through ``minga.moderation.actions``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Abstract base for content that people can flag and moderators can hide."""

    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    flag_count = models.PositiveIntegerField(_("open flags"), default=0)

    class Meta:
        abstract = True


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    UPHELD = "upheld", _("Upheld: content hidden")
    DISMISSED = "dismissed", _("Dismissed")


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insults, harassment or hate")
    PERSONAL_DATA = "personal_data", _("Exposes someone's personal data or puts them at risk")
    MISINFORMATION = "misinformation", _("False or misleading information")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Another reason")


class Flag(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                name="flag_once_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.content_type.model} #{self.object_id}"


class Revision(models.Model):
    """The previous text of an edited item, visible to moderators."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous = models.JSONField(_("previous values"))
    created_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Block(models.Model):
    """A person blocked from writing (they can still read and export or delete their data)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="moderation_block",
    )
    reason = models.TextField(_("reason"))
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked person")
        verbose_name_plural = _("blocked people")

    def __str__(self) -> str:
        return str(self.person)

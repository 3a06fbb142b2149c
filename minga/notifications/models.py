"""Follows, in-app notifications and each person's notification settings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person follows a consultation, a proposal, an objective or a country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="follows",
    )  # fmt: skip
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of item"), on_delete=models.CASCADE
    )
    target_id = models.PositiveBigIntegerField(_("item id"))
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="notifications_follow_unique"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_type.model} #{self.target_id}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail per notification")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NONE = "none", _("No e-mail")


class NotificationSettings(models.Model):
    """How a person wants to be told. People without a row get the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="notification_settings",
    )  # fmt: skip
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    in_app = models.BooleanField(
        _("show notifications on the site"), default=True,
        help_text=_("Count new notifications beside your name at the top of every page."),
    )  # fmt: skip
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        indexes = [models.Index(fields=["email_mode", "last_digest_at"])]

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """Something happened that a person follows or is concerned by.

    The message is rendered when read, in the reader's language, from ``event`` and ``data``
    (public, safe values only: titles, excerpts, status codes; never an anonymous author's name).
    ``url`` is the target's path without the language prefix.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )  # fmt: skip
    event = models.CharField(_("event"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of item"), null=True, blank=True,
        on_delete=models.CASCADE,
    )  # fmt: skip
    target_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    in_digest = models.BooleanField(_("sent in a digest"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["emailed_at", "recipient"]),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        from .messages import render_message

        return render_message(self.event, self.data)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

"""Admin for the monitoring mechanism: read-only. Keys are approved through the action (an
admin action here, or the key page on the site); sealed bytes are never shown; nothing about a
report can be changed, added or deleted from the admin (the custody log is append-only)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import (
    Assessment,
    CodedRecord,
    CustodyEntry,
    Report,
    ReviewerKey,
    SealedFile,
    SealedKey,
    Submission,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewerKey)
class ReviewerKeyAdmin(ReadOnlyAdmin):
    list_display = ("user", "fingerprint", "status", "created_at", "approved_by", "approved_at")
    list_filter = ("status",)
    search_fields = ("user__email", "user__display_name", "fingerprint")
    list_select_related = ("user", "approved_by")
    actions = ["approve", "revoke"]

    @admin.action(description=_("Approve the selected keys"))
    def approve(self, request: HttpRequest, queryset: Any) -> None:
        for key in queryset.select_related("user"):
            try:
                actions.do_approve_reviewer_key(request.user, key)
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request, f"{key}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for key in queryset:
            try:
                actions.do_revoke_reviewer_key(request.user, key)
            except PermissionDenied:
                messages.error(request, str(key))


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "status",
        "urgent",
        "received_at",
        "decided_at",
        "keys_destroyed_at",
    )
    list_filter = ("status", "urgent", "consent_aggregates")
    search_fields = ("reference",)
    exclude = ("receipt_hash", "lookup_id", "reporter_public_key")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("report", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("report__reference",)
    exclude = ("payload", "contact")
    list_select_related = ("report",)


@admin.register(SealedKey)
class SealedKeyAdmin(ReadOnlyAdmin):
    list_display = ("submission", "recipient", "reviewer_key")
    list_filter = ("recipient",)
    search_fields = ("submission__report__reference",)
    exclude = ("sealed",)
    list_select_related = ("submission__report", "reviewer_key__user")


@admin.register(SealedFile)
class SealedFileAdmin(ReadOnlyAdmin):
    list_display = ("submission", "position", "is_original", "size")
    search_fields = ("submission__report__reference",)
    exclude = ("ciphertext",)
    list_select_related = ("submission__report",)


@admin.register(CodedRecord)
class CodedRecordAdmin(ReadOnlyAdmin):
    list_display = ("report", "country", "month", "perpetrator", "updated_at")
    list_filter = ("perpetrator",)
    search_fields = ("report__reference", "region")
    list_select_related = ("report",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("report", "reviewer", "decision", "reliability", "connection", "confidence")
    list_filter = ("decision",)
    search_fields = ("report__reference",)
    list_select_related = ("report", "reviewer")


@admin.register(CustodyEntry)
class CustodyEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "reference", "actor_label", "action", "entry_hash")
    list_filter = ("action",)
    search_fields = ("reference", "actor_label", "action")

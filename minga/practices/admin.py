"""Admin for practices. The peer review itself (status, verdicts, publication) is changed only
through the actions on the site, so those fields are read-only here."""

from django.contrib import admin

from .models import Adoption, Clarification, Practice, ReviewAssignment, ReviewVerdict


class AssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    extra = 0
    fields = ("reviewer", "role", "assigned_by", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "status", "language", "submitted_by", "published_at")
    list_filter = ("status", "region", "language")
    search_fields = ("title", "description", "partners")
    raw_id_fields = ("submitted_by", "contact_organization")
    readonly_fields = (
        "status", "submitted_by", "submitted_at", "published_at", "decided_at",
        "created_at", "updated_at",
    )  # fmt: skip
    inlines = [AssignmentInline]
    list_select_related = ("submitted_by",)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ("practice", "reviewer", "role", "assigned_by", "created_at")
    list_filter = ("role",)
    search_fields = ("practice__title", "reviewer__email", "reviewer__display_name")
    raw_id_fields = ("practice", "reviewer", "assigned_by")
    readonly_fields = ("created_at",)
    list_select_related = ("practice", "reviewer", "assigned_by")


@admin.register(ReviewVerdict)
class ReviewVerdictAdmin(admin.ModelAdmin):
    list_display = ("assignment", "recommendation", "updated_at")
    list_filter = ("recommendation",)
    search_fields = ("assignment__practice__title", "summary")
    raw_id_fields = ("assignment",)
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("assignment__practice", "assignment__reviewer")


@admin.register(Clarification)
class ClarificationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "practice", "asked_by", "asked_at", "answered_at")
    search_fields = ("question", "answer", "practice__title")
    raw_id_fields = ("practice", "asked_by", "answered_by")
    readonly_fields = ("asked_at", "answered_at")
    list_select_related = ("practice", "asked_by")


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ("practice", "content_type", "object_id", "recorded_by", "created_at")
    list_filter = ("content_type",)
    search_fields = ("practice__title", "note")
    raw_id_fields = ("practice", "recorded_by")
    readonly_fields = ("created_at",)
    list_select_related = ("practice", "content_type", "recorded_by")

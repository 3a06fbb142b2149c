from django.contrib import admin

from .models import (
    Assessment,
    Initiative,
    InitiativeVersion,
    PrincipleRating,
    Reply,
    Source,
    Update,
)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ("title", "kind", "url", "original_name", "size", "created_at")
    readonly_fields = fields
    can_delete = False


class RatingInline(admin.TabularInline):
    model = PrincipleRating
    extra = 0
    fields = ("principle", "rating", "evidence", "links")
    readonly_fields = fields
    can_delete = False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = (
        "title", "lead_state", "kind", "status", "cs_involvement", "version_count",
        "update_count", "assessment_count", "updated_at",
    )  # fmt: skip
    list_filter = ("kind", "status", "cs_involvement", "language")
    search_fields = ("title", "summary", "responsible_institution")
    raw_id_fields = ("created_by",)
    filter_horizontal = ("states",)
    readonly_fields = (
        "version_count",
        "update_count",
        "assessment_count",
        "created_at",
        "updated_at",
    )
    inlines = [SourceInline]
    list_select_related = ("lead_state",)


@admin.register(InitiativeVersion)
class InitiativeVersionAdmin(admin.ModelAdmin):
    list_display = ("initiative", "number", "editor", "created_at")
    search_fields = ("initiative__title",)
    raw_id_fields = ("initiative", "editor")
    readonly_fields = ("changed_fields", "before", "after", "created_at")
    list_select_related = ("initiative", "editor")


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ("title", "initiative", "kind", "date", "author", "created_at")
    list_filter = ("kind", "language")
    search_fields = ("title", "text", "initiative__title")
    raw_id_fields = ("initiative", "author")
    list_select_related = ("initiative", "author")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "initiative", "kind", "size", "created_at")
    list_filter = ("kind",)
    search_fields = ("title", "url", "original_name")
    raw_id_fields = ("initiative", "added_by")
    list_select_related = ("initiative",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("initiative", "organization", "author", "created_at", "updated_at")
    search_fields = ("initiative__title", "organization__name", "comment")
    raw_id_fields = ("initiative", "organization", "author", "review")
    inlines = [RatingInline]
    list_select_related = ("initiative", "organization", "author")


@admin.register(PrincipleRating)
class PrincipleRatingAdmin(admin.ModelAdmin):
    list_display = ("assessment", "principle", "rating")
    list_filter = ("rating", "principle")
    search_fields = ("assessment__organization__name", "evidence")
    raw_id_fields = ("assessment",)
    list_select_related = ("assessment__organization", "principle")


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("assessment", "state", "author", "created_at")
    list_filter = ("state",)
    search_fields = ("text", "assessment__organization__name")
    raw_id_fields = ("assessment", "initiative", "author")
    list_select_related = ("assessment__organization", "state", "author")

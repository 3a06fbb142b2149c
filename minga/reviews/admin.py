from django.contrib import admin

from minga.core.admin import AuditedModelAdmin

from .models import Phase, Review


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Review)
class ReviewAdmin(AuditedModelAdmin):
    list_display = ["title", "slug", "region", "is_published", "created_at"]
    list_filter = ["region", "is_published"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["countries"]
    inlines = [PhaseInline]
    list_select_related = ["region"]


@admin.register(Phase)
class PhaseAdmin(AuditedModelAdmin):
    list_display = ["review", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "review"]
    search_fields = ["review__title", "description"]
    list_select_related = ["review"]
    date_hierarchy = "starts_on"

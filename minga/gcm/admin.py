from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .actions import do_set_champion_status
from .models import Country, GCMLink, Objective, Principle, Region, Roundtable


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["key", "name"]
    search_fields = ["key", "name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_display", "region", "subregion", "is_champion"]
    list_filter = ["region", "subregion", "is_champion"]
    search_fields = ["code", "gcm_note"]
    list_select_related = ["region"]
    readonly_fields = ["code", "is_champion"]
    fields = ["code", "region", "subregion", "languages", "is_champion", "gcm_note"]
    actions = ["mark_champion", "unmark_champion"]

    @admin.display(description=_("name"))
    def name_display(self, obj: Country) -> str:
        return obj.name

    @admin.action(description=_("Mark as GCM Champion"))
    def mark_champion(self, request: HttpRequest, queryset: QuerySet[Country]) -> None:
        for country in queryset:
            do_set_champion_status(request.user, country, is_champion=True)

    @admin.action(description=_("Remove GCM Champion status"))
    def unmark_champion(self, request: HttpRequest, queryset: QuerySet[Country]) -> None:
        for country in queryset:
            do_set_champion_status(request.user, country, is_champion=False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Country | None = None) -> bool:
        return False


class ReferenceAdmin(admin.ModelAdmin):
    """Reference data from the GCM text: readable, not editable."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(ReferenceAdmin):
    list_display = ["number", "label", "title"]
    search_fields = ["label", "title"]


@admin.register(Principle)
class PrincipleAdmin(ReferenceAdmin):
    list_display = ["position", "key", "name"]
    search_fields = ["key", "name"]


@admin.register(Roundtable)
class RoundtableAdmin(ReferenceAdmin):
    list_display = ["key", "name"]
    filter_horizontal = ["objectives"]


@admin.register(GCMLink)
class GCMLinkAdmin(ReferenceAdmin):
    list_display = ["content_type", "object_id", "objective", "principle", "country"]
    list_filter = ["content_type", "objective"]
    list_select_related = ["content_type", "objective", "principle", "country"]


class GCMLinkInline(GenericTabularInline):
    """Read-only view of an item's links inside another model's admin page."""

    model = GCMLink
    extra = 0
    can_delete = False
    fields = ("objective", "principle", "country")
    readonly_fields = ("objective", "principle", "country")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only: the index is written by the search.index events and rebuild_search_index."""

    list_display = ["title", "kind", "language", "objectives", "countries", "created_at", "updated"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "url"]
    list_select_related = ["content_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

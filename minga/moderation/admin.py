"""Admin for flags, revisions and blocks: read-only records; decisions go through the site
(moderation pages) so they are audited and reach the search index."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Block, Flag, Revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "reason", "status", "reporter", "created_at", "decided_by"]
    list_filter = ["status", "reason", "content_type"]
    search_fields = ["comment", "reporter__email", "reporter__display_name"]
    list_select_related = ["content_type", "reporter", "decided_by"]
    date_hierarchy = "created_at"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "editor", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["editor__email", "editor__display_name"]
    list_select_related = ["content_type", "editor"]


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ["person", "blocked_by", "created_at"]
    search_fields = ["person__email", "person__display_name", "reason"]
    list_select_related = ["person", "blocked_by"]

from django.contrib import admin

from .models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["build", "export", "format", "rows", "size", "created_at"]
    list_filter = ["export", "format"]
    search_fields = ["build", "export"]
    readonly_fields = ["build", "export", "format", "file", "rows", "size", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

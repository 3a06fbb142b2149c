from django.contrib import admin

from .models import AgendaItem, Session, SessionRole


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "review", "kind", "format", "starts_at", "status"]
    list_filter = ["review", "kind", "format", "status"]
    search_fields = ["title"]
    inlines = [AgendaItemInline]


@admin.register(SessionRole)
class SessionRoleAdmin(admin.ModelAdmin):
    list_display = ["session", "person", "role", "organization", "source", "assigned_at"]
    list_filter = ["role", "source"]
    raw_id_fields = ["session", "person", "organization", "assigned_by"]
    readonly_fields = ["assigned_by", "assigned_at"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "position", "duration_minutes"]
    raw_id_fields = ["session"]

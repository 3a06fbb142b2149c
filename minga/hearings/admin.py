from typing import Any

from django.contrib import admin

from .models import (
    AgendaItem,
    FloorRequest,
    Presence,
    Question,
    QuestionVote,
    RapporteurNote,
    Registration,
    Session,
    SessionRole,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Live-room and registration records change only through the actions (audited)."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "status", "checked_in_at", "reminded_at", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["session", "person", "checked_in_by"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "session", "author", "status", "vote_count", "highlighted"]
    list_filter = ["status"]
    search_fields = ["text"]
    raw_id_fields = ["session", "author", "organization", "merged_into"]


@admin.register(QuestionVote)
class QuestionVoteAdmin(ReadOnlyAdmin):
    list_display = ["question", "voter", "created_at"]
    raw_id_fields = ["question", "voter"]


@admin.register(FloorRequest)
class FloorRequestAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "kind", "status", "position", "started_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["session", "person", "organization"]


@admin.register(RapporteurNote)
class RapporteurNoteAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "session", "agenda_item", "author", "created_at"]
    raw_id_fields = ["session", "agenda_item", "author"]


@admin.register(Presence)
class PresenceAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "constituency", "visible", "joined_at"]
    raw_id_fields = ["session", "person"]

"""Admin for the dialogue. Consultations are opened, answered and closed through the site
(the actions); the admin is for looking things up and correcting small mistakes."""

from django.contrib import admin

from .models import Commitment, Consultation, Contribution, OfficialResponse, Reaction


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    autocomplete_fields = ["responsible"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "is_standing", "language", "opened_by", "created_at"]
    list_filter = ["phase", "is_standing", "language", "review"]
    search_fields = ["title", "question"]
    autocomplete_fields = ["institutions", "opened_by"]
    date_hierarchy = "created_at"


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consultation", "organization", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "language"]
    search_fields = ["text", "author__display_name", "consultation__title"]
    raw_id_fields = ["consultation", "parent", "author", "organization"]
    readonly_fields = ["agree_count", "disagree_count", "useful_count", "flag_count"]


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["contribution", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["contribution__text"]
    raw_id_fields = ["contribution", "person"]


@admin.register(OfficialResponse)
class OfficialResponseAdmin(admin.ModelAdmin):
    list_display = ["consultation", "institution", "signed_by", "created_at"]
    list_filter = ["institution"]
    search_fields = ["text", "consultation__title", "institution__name"]
    raw_id_fields = ["consultation", "signed_by"]
    autocomplete_fields = ["institution"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "responsible", "due_on", "status"]
    list_filter = ["status", "responsible"]
    search_fields = ["text", "responsible__name"]
    raw_id_fields = ["response"]
    autocomplete_fields = ["responsible"]

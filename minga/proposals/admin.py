from django.contrib import admin

from .models import Answer, Attachment, Comment, Endorsement, Proposal


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "kind", "size", "created_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "title", "language", "author_display", "answer_status", "endorsement_count",
        "organization_endorsement_count", "comment_count", "is_hidden", "created_at",
    )  # fmt: skip
    list_filter = ("language", "answer_status", "author_display", "is_hidden")
    search_fields = ("title", "text")
    raw_id_fields = ("author", "organization", "intermediary", "merged_into")
    readonly_fields = (
        "endorsement_count", "organization_endorsement_count", "comment_count", "answer_status",
        "answered_at", "merged_into", "merged_at", "flag_count", "created_at", "updated_at",
    )  # fmt: skip
    inlines = [AttachmentInline]
    list_select_related = ("author",)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "proposal", "kind", "size", "created_at")
    list_filter = ("kind",)
    search_fields = ("original_name",)
    raw_id_fields = ("proposal",)
    list_select_related = ("proposal",)


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ("proposal", "person", "organization", "created_at")
    search_fields = ("proposal__title", "organization__name")
    raw_id_fields = ("proposal", "person", "organization")
    list_select_related = ("proposal", "person", "organization")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "proposal", "author", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    search_fields = ("text",)
    raw_id_fields = ("proposal", "author", "parent")
    list_select_related = ("proposal", "author")


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("proposal", "status", "answered_by", "created_at")
    list_filter = ("status",)
    search_fields = ("proposal__title", "explanation")
    raw_id_fields = ("proposal", "answered_by")
    list_select_related = ("proposal", "answered_by")

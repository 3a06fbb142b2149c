from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the app's actions; the admin shows what happened."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "review", "status", "language", "consultation_open"]
    list_filter = ["status", "review"]


@admin.register(models.PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "published_at"]
    exclude = ["snapshot"]


for model in (
    models.Chapter, models.Section, models.Paragraph, models.ParagraphVersion,
    models.ParagraphTranslation, models.ChapterAssignment, models.Comment, models.EvidenceLink,
    models.ApprovalDecision, models.CoSignature, models.PDFBuild, models.Survey,
    models.Question, models.Participation,
):  # fmt: skip
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(models.SurveyAnswer)
class SurveyAnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "rating"]

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the app's actions; the admin shows what happened."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model in (
    models.Recommendation, models.Addressee, models.Response, models.ProgressUpdate,
    models.Verification, models.Reminder, models.Bulletin, models.BulletinSubscription,
):  # fmt: skip
    admin.site.register(model, ReadOnlyAdmin)

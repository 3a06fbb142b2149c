from django.contrib import admin

from .models import Follow, Notification, NotificationSettings


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "target_type", "target_id", "created_at"]
    list_filter = ["target_type"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "target_type"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "event", "created_at", "read_at", "emailed_at", "in_digest"]
    list_filter = ["event", "in_digest"]
    search_fields = ["recipient__email", "recipient__display_name", "event"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode", "in_app", "last_digest_at"]
    list_filter = ["email_mode", "in_app"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "target_repr"]
    list_filter = ["action", ("target_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["action", "target_repr", "actor__email"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Minga administration")
admin.site.site_title = _("Minga")
admin.site.index_title = _("Platform administration")


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin for configuration models without a dedicated action: every save and delete
    still lands in the audit log."""

    def save_model(self, request, obj, form, change):

        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            "admin.change" if change else "admin.add",
            obj,
            fields=sorted(form.changed_data),
        )

    def delete_model(self, request, obj):

        audit.record(request.user, "admin.delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):

        for obj in queryset:
            audit.record(request.user, "admin.delete", obj)
        super().delete_queryset(request, queryset)

"""Admin for people and roles. Role changes go through accounts.actions (permission + audit).

Private profile fields (self-identification, gender) are not shown here: they exist only for
the person and for anonymous aggregate statistics.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from minga.core.admin import AuditedModelAdmin

from . import actions, permissions
from .models import RoleAssignment, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "preferred_language")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleAssignmentInline(admin.TabularInline):
    """Roles shown on the person's page; granted and revoked on the role assignment pages."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "review", "country", "granted_by", "granted_at"]
    readonly_fields = ["role", "review", "country", "granted_by", "granted_at"]
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("roles (grant or revoke them under “Role assignments”)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        return super().get_queryset(request).select_related("review", "country", "granted_by")


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ["email", "display_name", "preferred_language", "is_active", "is_staff"]
    list_filter = [
        "is_active",
        "is_staff",
        "is_superuser",
        "is_public",
        "preferred_language",
        "roles__role",
    ]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    filter_horizontal = ["countries"]
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {"fields": ("display_name", "preferred_language", "countries", "is_public")},
        ),
        (
            _("Access"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _(
                    "Administrator access follows the “Platform administrator” role: grant or "
                    "revoke it under Role assignments."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # A new person has no roles yet; they are granted afterwards, one by one.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # People delete their own account (with its checks); administrators deactivate.
        return False


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "review", "country"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role:
            try:
                actions.check_role_grant(
                    data.get("user"), role, review=data.get("review"), country=data.get("country")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "review", "country", "granted_by", "granted_at"]
    list_filter = ["role", "review"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "review", "country", "granted_by"]
    readonly_fields = ["granted_by", "granted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_roles(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A role is granted or revoked, never edited in place (each change is audited).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_roles(request.user)

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        assignment = actions.do_grant_role(
            request.user, obj.user, obj.role, review=obj.review, country=obj.country
        )
        obj.pk = assignment.pk
        obj.granted_by = assignment.granted_by
        obj.granted_at = assignment.granted_at

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        actions.do_revoke_role(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("user", "review", "country"):
            actions.do_revoke_role(request.user, assignment)

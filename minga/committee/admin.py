"""Committee composition is edited here by platform administrators, through the actions (a
seat grants the committee role; removing it revokes the role). Calls, nominations and votes
are shown read-only: they change only through the committee's own pages."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import actions
from .models import Call, CommitteeMember, Nomination, Vote


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ("review", "person", "organization", "is_chair", "focal_region")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            actions.check_committee_seat(
                data["review"],
                data["person"],
                data["organization"],
                is_chair=data.get("is_chair", False),
                focal_region=data.get("focal_region", ""),
                exclude_pk=self.instance.pk,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
        return data


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    form = CommitteeMemberForm
    list_display = ("person", "organization", "review", "is_chair", "focal_region")
    list_filter = ("review", "is_chair", "focal_region")
    search_fields = ("person__display_name", "person__email", "organization__name")
    raw_id_fields = ("person", "organization")
    list_select_related = ("person", "organization", "review")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("review", "person", "organization") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            actions.do_update_committee_member(
                request.user, obj, is_chair=obj.is_chair, focal_region=obj.focal_region
            )
        else:
            created = actions.do_add_committee_member(
                request.user,
                obj.review,
                obj.person,
                obj.organization,
                is_chair=obj.is_chair,
                focal_region=obj.focal_region,
            )
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actions.do_remove_committee_member(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for member in queryset:
            actions.do_remove_committee_member(request.user, member)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "seats", "deadline")
    list_filter = ("status", "role")
    search_fields = ("session__title", "eligibility")
    list_select_related = ("session",)


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("nominee_name", "organization", "call", "consent", "in_slate", "selected")
    list_filter = ("consent", "selected")
    search_fields = ("nominee_name", "nominee_email", "organization__name")
    list_select_related = ("organization", "call__session")


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("nomination", "member", "choice", "conflict_of_interest", "created_at")
    list_filter = ("choice", "conflict_of_interest")
    search_fields = ("nomination__nominee_name", "member__display_name")
    list_select_related = ("nomination", "member")

"""Admin for organizations, memberships and accreditations. Changes go through the actions."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from minga.accounts import permissions

from . import actions
from .logos import check_logo
from .models import Accreditation, AccreditationStatus, Membership, MembershipStatus, Organization


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [*actions.EDITABLE_FIELDS, "networks"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        existing = actions.duplicate_of(name, exclude_pk=self.instance.pk)
        if existing is not None:
            raise ValidationError(
                _("An organization called “%(name)s” is already registered."),
                params={"name": existing.name},
            )
        return name

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload
            check_logo(logo)
        return logo


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = [
        "name",
        "acronym",
        "stakeholder_type",
        "headquarters",
        "is_migrant_led",
        "is_network",
        "ecosoc_status",
        "created_at",
    ]
    list_filter = [
        "stakeholder_type",
        "is_migrant_led",
        "is_network",
        "ecosoc_status",
        "headquarters__subregion",
    ]
    search_fields = ["name", "acronym", "slug", "description"]
    list_select_related = ["headquarters"]
    autocomplete_fields = ["networks"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changes = {
                name: data[name]
                for name in actions.EDITABLE_FIELDS
                if name in form.changed_data and name in data
            }
            if "logo" in changes and changes["logo"] is None:
                del changes["logo"]
            # Work on a fresh copy: the admin form has already written onto ``obj``.
            current = Organization.objects.get(pk=obj.pk)
            actions.do_update_organization(
                request.user,
                current,
                changes=changes,
                networks=data.get("networks") if "networks" in form.changed_data else None,
            )
            obj.refresh_from_db()
        else:
            kwargs = {name: data[name] for name in actions.EDITABLE_FIELDS if name in data}
            kwargs["logo"] = data.get("logo") or None
            kwargs["networks"] = list(data.get("networks") or [])
            created = actions.do_register_organization(
                request.user, become_representative=False, **kwargs
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Networks were saved by the action; only inline formsets (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["person__display_name", "person__email", "organization__name"]
    list_select_related = ["person", "organization"]
    readonly_fields = [
        "person",
        "organization",
        "role",
        "status",
        "message",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    actions = ["approve", "decline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet, *, approve: bool) -> None:
        done = 0
        for membership in queryset.filter(status=MembershipStatus.PENDING):
            try:
                actions.do_decide_membership(request.user, membership, approve=approve)
                done += 1
            except (PermissionDenied, ValidationError):
                self.message_user(
                    request,
                    _("Could not decide on %(membership)s.") % {"membership": membership},
                    messages.ERROR,
                )
        self.message_user(
            request,
            ngettext("%(n)d request decided.", "%(n)d requests decided.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=gettext_lazy("Decline the selected requests"))
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=False)


class AccreditationAdminForm(forms.ModelForm):
    """Only the decision and its reason are edited here, by those allowed to decide."""

    user: Any = None

    class Meta:
        model = Accreditation
        fields = ["status", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == AccreditationStatus.APPLIED and self.instance.status != status:
            self.add_error("status", _("Choose Accredited or Declined."))
        if status == AccreditationStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give a reason for declining; the organization will read it.")
            )
        if self.has_changed() and not permissions.can_decide_accreditation(
            self.user, self.instance.review
        ):
            raise ValidationError(
                _(
                    "Only committee members of this review and UN delegates, with two-factor "
                    "authentication, decide on accreditations."
                )
            )
        return data


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    form = AccreditationAdminForm
    list_display = ["organization", "review", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "review"]
    search_fields = ["organization__name", "organization__acronym", "reason", "motivation"]
    list_select_related = ["organization", "review", "decided_by"]
    readonly_fields = [
        "organization",
        "review",
        "motivation",
        "applied_by",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    fields = [
        "organization",
        "review",
        "motivation",
        "applied_by",
        "created_at",
        "status",
        "reason",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not form.has_changed():
            return
        current = Accreditation.objects.get(pk=obj.pk)
        actions.do_decide_accreditation(
            request.user,
            current,
            approve=form.cleaned_data["status"] == AccreditationStatus.APPROVED,
            reason=form.cleaned_data.get("reason") or "",
        )
        obj.refresh_from_db()

    @admin.action(description=gettext_lazy("Accredit the selected organizations"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for accreditation in queryset.select_related("review"):
            try:
                actions.do_decide_accreditation(request.user, accreditation, approve=True)
                done += 1
            except (PermissionDenied, ValidationError):
                self.message_user(
                    request,
                    _("You may not decide on %(item)s.") % {"item": accreditation},
                    messages.ERROR,
                )
        self.message_user(
            request,
            ngettext("%(n)d organization accredited.", "%(n)d organizations accredited.", done)
            % {"n": done},
            messages.SUCCESS,
        )

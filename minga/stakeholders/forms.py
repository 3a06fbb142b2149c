from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Country, StakeholderType, Subregion
from minga.gcm.models import Objective as ObjectiveModel

from . import queries
from .actions import EDITABLE_FIELDS, duplicate_of
from .logos import check_logo
from .models import MembershipRole, Organization
from .queries import DirectoryFilters


class NetworkChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name} ({obj.acronym})" if obj.acronym else obj.name


class OrganizationForm(GCMLinksFormMixin, forms.ModelForm):
    """Register or edit an organization. Saving goes through the actions, not ``save()``."""

    gcm_kinds = ("countries", "objectives")

    headquarters = forms.ChoiceField(
        label=_("Headquarters country"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a country we know. Choose the country from the list."
            ),
            "required": _("Choose the country where the organization has its headquarters."),
        },
    )
    networks = NetworkChoiceField(
        label=_("Networks it belongs to"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )

    field_order = [
        "name",
        "acronym",
        "stakeholder_type",
        "is_migrant_led",
        "is_network",
        "headquarters",
        "gcm_countries",
        "networks",
        "gcm_objectives",
        "description",
        "description_language",
        "website",
        "logo",
        "ecosoc_status",
    ]

    class Meta:
        model = Organization
        fields = [
            "name",
            "acronym",
            "stakeholder_type",
            "is_migrant_led",
            "is_network",
            "headquarters",
            "networks",
            "description",
            "description_language",
            "website",
            "logo",
            "ecosoc_status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "name": _("The full name, as the organization writes it."),
            "description": _(
                "What the organization does, in its own words. Simple formatting (Markdown) "
                "is allowed."
            ),
            "description_language": _("The language the description is written in."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate: Organization | None = None
        self.logo_extension = ""
        countries = queries.all_countries_by_name()
        self.countries_by_code = {c.iso2: c for c in countries}
        field: Any = self.fields["headquarters"]
        field.choices = [("", _("Choose a country")), *((c.iso2, c.name) for c in countries)]
        networks = Organization.objects.filter(is_network=True).order_by("name")
        if self.instance.pk:
            networks = networks.exclude(pk=self.instance.pk)
            self.initial["headquarters"] = self.instance.headquarters.iso2
            self.initial["networks"] = list(self.instance.networks.values_list("pk", flat=True))
        else:
            self.initial.setdefault("description_language", (get_language() or "es")[:2])
        self.fields["networks"].queryset = networks  # type: ignore[attr-defined]
        if "gcm_countries" in self.fields:
            self.fields["gcm_countries"].label = _("Countries of work")
            self.fields["gcm_countries"].help_text = _(
                "Countries where the organization works. Hold Ctrl (or Cmd) to choose several."
            )
        if "gcm_objectives" in self.fields:
            self.fields["gcm_objectives"].label = _("GCM objectives it works on")
        fields: Any = self.fields
        fields["stakeholder_type"].choices = [
            ("", _("Choose a type")),
            *StakeholderType.choices,
        ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        existing = duplicate_of(name, exclude_pk=self.instance.pk)
        if existing is not None:
            self.duplicate = existing
            raise forms.ValidationError(
                _(
                    "An organization called “%(name)s” is already registered. "
                    "Ask to join it instead of registering it again."
                ),
                code="duplicate",
                params={"name": existing.name},
            )
        return name

    def clean_headquarters(self) -> Country:
        code = self.cleaned_data["headquarters"]
        country = self.countries_by_code.get(code)
        if country is None:
            raise forms.ValidationError(
                self.fields["headquarters"].error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": code},
            )
        return country

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            self.logo_extension = check_logo(logo)
        return logo

    def validate_constraints(self) -> None:
        # The case-insensitive unique name is checked by clean_name with a better message.
        return

    def organization_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for do_register_organization."""
        data = {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS
            if name in self.cleaned_data and name != "logo"
        }
        logo = self.cleaned_data.get("logo")
        data["logo"] = logo if isinstance(logo, UploadedFile) else None
        data["networks"] = list(self.cleaned_data.get("networks") or [])
        data.update(self.gcm_links())
        return data

    def update_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for do_update_organization: only what changed."""
        changes = {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS
            if name in self.changed_data and name in self.cleaned_data
        }
        if "logo" in changes and changes["logo"] is None:
            del changes["logo"]
        links = self.gcm_links()
        return {
            "changes": changes,
            "networks": list(self.cleaned_data.get("networks") or []),
            "countries": links.get("countries", []),
            "objectives": links.get("objectives", []),
        }


class MembershipRequestForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Join as"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        widget=forms.RadioSelect,
        help_text=_(
            "Representatives speak for the organization, manage its members and apply for "
            "accreditation."
        ),
    )
    message = forms.CharField(
        label=_("Message to the representatives (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are and why you want to join. Only the representatives read it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Members first: the usual way to join.
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (MembershipRole.MEMBER, _("Member")),
            (MembershipRole.REPRESENTATIVE, _("Representative")),
        ]


class DecisionField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("approve", _("Approve")), ("decline", _("Decline"))],
            error_messages={"required": _("Choose approve or decline.")},
            **kwargs,
        )


class MembershipDecisionForm(forms.Form):
    membership = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = DecisionField()


class AccreditationApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why does the organization want to take part in the review?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe the organization's work on migration and what it would bring to the "
            "review. The Civil Society Committee and the UN delegates read it."
        ),
        error_messages={
            "required": _("Say why the organization wants to take part in the review.")
        },
    )


class AccreditationDecisionForm(forms.Form):
    accreditation = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = DecisionField()
    reason = forms.CharField(
        label=_("Reason (required to decline; the organization reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Give a reason for declining; the organization will read it.")
            )
        return data


class CountryCodeField(forms.ChoiceField):
    """An ISO 3166 alpha-2 code, in any case."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET). Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Stakeholder type"), required=False)
    country = CountryCodeField(label=_("Country"), required=False)
    subregion = forms.ChoiceField(label=_("Subregion"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)
    objective = forms.TypedChoiceField(
        label=_("GCM objective"), required=False, coerce=int, empty_value=None
    )
    accredited = forms.BooleanField(label=_("Accredited to the current review"), required=False)
    migrant_led = forms.BooleanField(label=_("Migrant-led"), required=False)

    def __init__(self, *args: Any, show_accredited: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["q"].widget.input_type = "search"
        fields["q"].help_text = _("Name, acronym or words of the description.")
        fields["type"].choices = [("", _("All types")), *StakeholderType.choices]
        fields["country"].choices = [
            ("", _("All countries")),
            *((c.iso2, c.name) for c in queries.directory_country_choices()),
        ]
        fields["subregion"].choices = [("", _("All subregions")), *Subregion.choices]
        fields["network"].choices = [("", _("All networks")), *queries.network_choices()]
        for field in fields.values():
            # Some labels share their text with lower-case model names.
            field.label = capfirst(field.label)
        fields["objective"].choices = [
            ("", _("All objectives")),
            *((str(o.number), str(o)) for o in ObjectiveModel.objects.all()),
        ]
        if not show_accredited:
            del self.fields["accredited"]

    def filters(self) -> DirectoryFilters:
        """The valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            q=(data.get("q") or "").strip(),
            stakeholder_type=data.get("type") or "",
            country=data.get("country") or "",
            subregion=data.get("subregion") or "",
            network=data.get("network") or "",
            objective=data.get("objective"),
            accredited=bool(data.get("accredited")),
            migrant_led=bool(data.get("migrant_led")),
        )

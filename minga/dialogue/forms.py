"""Forms of the dialogue. All work without JavaScript and keep what was typed on errors."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import ContentLanguage
from minga.gcm.forms import GCMLinksFormMixin
from minga.stakeholders.models import Organization

from .actions import CommitmentInput
from .models import (
    BACKGROUND_MAX,
    COMMITMENT_MAX,
    CONCLUSION_MAX,
    CONTRIBUTION_MAX,
    INSTITUTION_TYPES,
    QUESTION_MAX,
    RESPONSE_MAX,
    TITLE_MAX,
    ConsultationPhase,
    ReactionKind,
)


class InstitutionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name} ({obj.acronym})" if obj.acronym else obj.name


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name} ({obj.acronym})" if obj.acronym else obj.name


def _institutions() -> Any:
    return Organization.objects.filter(stakeholder_type__in=INSTITUTION_TYPES).order_by("name")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsultationForm(GCMLinksFormMixin, forms.Form):
    gcm_kinds = ("objectives", "countries")

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    question = forms.CharField(
        label=_("Question"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The question the institutions are asked to answer."),
    )
    background = forms.CharField(
        label=_("Background"),
        max_length=BACKGROUND_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Context for the people who contribute. Markdown is allowed."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)
    institutions = InstitutionChoiceField(
        label=_("Addressed to"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("UN entities, intergovernmental organizations and States."),
    )
    is_standing = forms.BooleanField(
        label=_("Standing channel"),
        required=False,
        help_text=_("Stays open permanently, for exactly one institution."),
    )
    closes_on = forms.DateField(label=_("Contributions until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = _institutions()  # type: ignore[attr-defined]
        if editing:
            del self.fields["is_standing"]

    def open_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "question": data["question"],
            "background": data["background"],
            "language": data["language"],
            "institutions": list(data["institutions"]),
            "is_standing": data.get("is_standing", False),
            "closes_on": data.get("closes_on"),
            **self.gcm_links(),
        }

    def update_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "changes": {
                key: data[key]
                for key in ("title", "question", "background", "language", "closes_on")
            },
            "institutions": list(data["institutions"]),
            **self.gcm_links(),
        }


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=CONTRIBUTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown is allowed. Be respectful: moderators may hide abusive content."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)
    organization = OrganizationChoiceField(
        label=_("Speak as"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Myself only"),
        help_text=_("Your organization appears beside your name."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, organizations: list[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organizations = organizations or []
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organizations]
        )
        if not organizations:
            field.widget = forms.HiddenInput()


class ReplyForm(ContributionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Your reply")


class ContributionEditForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=CONTRIBUTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The previous version is kept for the moderators."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[
            (ConsultationPhase.OPEN.value, ConsultationPhase.OPEN.label),
            (ConsultationPhase.ANSWERING.value, ConsultationPhase.ANSWERING.label),
        ],
    )


class CloseForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=CONCLUSION_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What the consultation showed and what happens next. Markdown is allowed."),
    )


class ReactionForm(forms.Form):
    """``kind`` is a reaction code, or the code prefixed by "-" to take one's reaction back."""

    kind = forms.ChoiceField(
        choices=[(k, k) for code in ReactionKind.values for k in (code, f"-{code}")]
    )
    undo = forms.BooleanField(required=False)

    def reaction(self) -> tuple[str, bool]:
        """(kind, undo)"""
        kind = self.cleaned_data["kind"]
        return kind.lstrip("-"), kind.startswith("-") or self.cleaned_data["undo"]


class ResponseForm(forms.Form):
    institution = OrganizationChoiceField(
        label=_("Answer on behalf of"), queryset=Organization.objects.none(), empty_label=None
    )
    text = forms.CharField(
        label=_("Official response"),
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Published as the institution's official position. Markdown is allowed."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)

    def __init__(self, *args: Any, institutions: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in institutions]
        ).order_by("name")


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("Commitment"), max_length=COMMITMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = OrganizationChoiceField(
        label=_("Responsible institution"), queryset=Organization.objects.none()
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _institutions()  # type: ignore[attr-defined]

    def clean_due_on(self) -> datetime.date:
        return self.cleaned_data["due_on"]

    def commitment(self) -> CommitmentInput:
        data = self.cleaned_data
        return CommitmentInput(data["text"], data["responsible"], data["due_on"])


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=3, max_num=10, absolute_max=10)


def filled_commitments(formset: Any) -> list[CommitmentInput]:
    return [form.commitment() for form in formset.forms if form.has_changed() and form.cleaned_data]


class ConsultationFilterForm(forms.Form):
    """Filters of the consultation list; unknown values are ignored, never an error page."""

    objective = forms.TypedChoiceField(
        label=_("GCM objective"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("Any phase")), *ConsultationPhase.choices],
    )

    def __init__(
        self,
        *args: Any,
        objectives: list[Any],
        countries: list[Any],
        institutions: list[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [  # type: ignore[attr-defined]
            ("", _("Any objective")),
            *((o.number, f"{o.number}. {o.label_display}") for o in objectives),
        ]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any country")),
            *((c.iso2, c.name) for c in countries),
        ]
        self.fields["institution"].choices = [  # type: ignore[attr-defined]
            ("", _("Any institution")),
            *((i.slug, i.acronym or i.name) for i in institutions),
        ]

    def filters_kwargs(self) -> dict[str, Any]:
        """Only the filters that were understood."""
        values: dict[str, Any] = {}
        for name in ("objective", "country", "institution", "phase"):
            if name not in self.errors and self.cleaned_data.get(name):
                values[name] = self.cleaned_data[name]
        return values

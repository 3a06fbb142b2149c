"""Forms of the monitoring mechanism. The intake form needs no JavaScript and no account."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minga.core.text import name_sort_key
from minga.gcm.forms import ObjectiveChoiceField, PrincipleChoiceField
from minga.gcm.models import Country, Objective, Principle

from . import conf, vocab
from .models import Decision

MONTHS = [
    ("", _("I don't know")),
    ("1", _("January")),
    ("2", _("February")),
    ("3", _("March")),
    ("4", _("April")),
    ("5", _("May")),
    ("6", _("June")),
    ("7", _("July")),
    ("8", _("August")),
    ("9", _("September")),
    ("10", _("October")),
    ("11", _("November")),
    ("12", _("December")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def lac_country_choices() -> list[tuple[str, Any]]:
    rows = [(str(c.code), c.name) for c in Country.objects.lac()]
    return [("", "—"), *sorted(rows, key=lambda r: name_sort_key(r[1]))]


def year_choices() -> list[tuple[str, Any]]:
    this_year = timezone.localdate().year
    return [("", _("I don't know"))] + [(str(y), str(y)) for y in range(this_year, 1999, -1)]


class ReportForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "In your own words. Do not write your name or anyone's name unless it is needed."
        ),
    )
    month = forms.ChoiceField(label=_("Month (approximate)"), choices=MONTHS, required=False)
    year = forms.ChoiceField(label=_("Year"), choices=(), required=False)
    country = forms.ChoiceField(label=_("Country where it happened"), choices=())
    place = forms.CharField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("A town, a border crossing, a shelter… as precise as you feel safe with."),
    )
    incident_types = forms.MultipleChoiceField(
        label=_("What kind of incident?"),
        choices=vocab.IncidentType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    affected = forms.MultipleChoiceField(
        label=_("Who was affected?"),
        choices=vocab.AffectedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    how_many = forms.ChoiceField(
        label=_("How many people were affected?"),
        choices=vocab.CountBand.choices,
        initial=vocab.CountBand.UNKNOWN,
    )
    perpetrator = forms.ChoiceField(
        label=_("Who did it?"), choices=vocab.Perpetrator.choices, initial=vocab.Perpetrator.UNKNOWN
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
        help_text=_(
            "JPEG, PNG or WebP photos and PDF documents. Location and other hidden data are "
            "removed before anything is stored. If the form shows an error, choose the files again."
        ),
    )
    keep_originals = forms.BooleanField(
        label=_("Also keep the original files, untouched, as evidence (sealed)"),
        required=False,
        help_text=_(
            "Originals may contain the place and time a photo was taken and the device used."
        ),
    )
    urgent = forms.BooleanField(label=_("This is urgent: someone is in danger now"), required=False)
    consent_aggregates = forms.BooleanField(
        label=_("You may count this report in anonymous public statistics"),
        required=False,
        initial=True,
    )
    share_with = forms.MultipleChoiceField(
        label=_("You may share the report, without my contact details, with"),
        choices=vocab.ShareBody.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_contact = forms.BooleanField(label=_("You may contact me"), required=False)
    contact = forms.CharField(
        label=_("How to contact you (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sealed separately; only reviewers can read it."),
    )

    def __init__(self, *args: Any, organizations: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = lac_country_choices()  # type: ignore[attr-defined]
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.organizations = {str(o.pk): o for o in organizations or []}
        if self.organizations:
            self.fields["organization"] = forms.ChoiceField(
                label=_("Report on behalf of a person your organization assists"),
                required=False,
                choices=[("", _("No, I report for myself"))]
                + [(pk, o.name) for pk, o in self.organizations.items()],
            )
            self.fields["person_consented"] = forms.BooleanField(
                label=_("The person I report for agreed to this report"), required=False
            )

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > conf.get("MINGA_MONITORING_MAX_FILES"):
            raise forms.ValidationError(
                _("Attach at most %(count)d files.")
                % {"count": conf.get("MINGA_MONITORING_MAX_FILES")}
            )
        return files

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "what_happened": data["what_happened"],
            "month": data.get("month") or "",
            "year": data.get("year") or "",
            "country": data["country"],
            "place": data.get("place") or "",
            "incident_types": data["incident_types"],
            "affected": data.get("affected") or [],
            "how_many": data["how_many"],
            "perpetrator": data["perpetrator"],
        }

    def organization(self) -> Any:
        return self.organizations.get(self.cleaned_data.get("organization") or "")


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ConfirmReceiptForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=80)
    saved = forms.BooleanField(label=_("I have written down or saved my receipt code"))


class AddInformationForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=80)
    text = forms.CharField(
        label=_("Add information or answer a question"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )


class WithdrawForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=80)
    confirm = forms.BooleanField(
        label=_("I want to withdraw my report; its content will be destroyed")
    )


# Reviewers -----------------------------------------------------------------------------------


class PublicKeyForm(forms.Form):
    public_key = forms.CharField(
        label=_("Public key"),
        max_length=64,
        help_text=_("Filled in by the key generator above. Only the public key is sent."),
    )


class CodedRecordForm(forms.Form):
    incident_types = forms.MultipleChoiceField(
        label=_("Incident types"), choices=vocab.IncidentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("Year and month, e.g. 2026-03."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    region = forms.CharField(
        label=_("First-level region (state, province, department)"), max_length=120, required=False
    )
    affected = forms.MultipleChoiceField(
        label=_("Affected categories"), choices=vocab.AffectedCategory.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    perpetrator = forms.ChoiceField(
        label=_("Perpetrator category"), choices=vocab.Perpetrator.choices
    )
    objectives = ObjectiveChoiceField(
        label=_("GCM objectives concerned"), queryset=Objective.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    principles = PrincipleChoiceField(
        label=_("Guiding principles concerned"), queryset=Principle.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.lac()  # type: ignore[attr-defined]

    def clean_month(self) -> datetime.date:
        return self.cleaned_data["month"].replace(day=1)


class AssessmentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reliability = forms.ChoiceField(
        label=_("Source reliability"), choices=vocab.SourceReliability.choices
    )
    connection = forms.ChoiceField(
        label=_("Connection to the facts"), choices=vocab.Connection.choices
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=vocab.Confidence.choices)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question to the reporter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads it with their receipt code. It is stored sealed."),
    )

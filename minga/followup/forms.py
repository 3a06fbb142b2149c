from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage
from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Country
from minga.stakeholders.models import Organization

from .models import EXPLANATION_MAX, TEXT_MAX, URL_MAX, Progress, ResponseStatus, Verdict
from .queries import STATUSES


class TrackerFilterForm(forms.Form):
    addressee = forms.ChoiceField(label=_("Addressee"), required=False)
    objective = forms.IntegerField(
        label=_("GCM objective (number)"), required=False, min_value=1, max_value=23
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, addressees: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = [("", _("All addressees")), *addressees]  # type: ignore[attr-defined]
        labels = dict(ResponseStatus.choices) | dict(Progress.choices)
        self.fields["status"].choices = [("", _("Any status"))] + [(s, labels[s]) for s in STATUSES]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            data = {
                k: v
                for k, v in (self.cleaned_data if self.is_bound else {}).items()
                if k not in self.errors
            }
        else:
            data = self.cleaned_data
        return {
            "addressee": data.get("addressee") or "",
            "objective": data.get("objective"),
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
        }


class RecommendationForm(GCMLinksFormMixin):
    gcm_kinds = ("objectives",)
    text = forms.CharField(
        label=_("Recommendation"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    language = forms.ChoiceField(label=_("Language"), choices=InterfaceLanguage.choices)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    countries = forms.ModelMultipleChoiceField(
        label=_("Addressed to States"), queryset=Country.objects.none(), required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )  # fmt: skip
    institutions = forms.ModelMultipleChoiceField(
        label=_("Addressed to institutions (IOM, ECLAC, the regional UN Network…)"),
        queryset=Organization.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    paragraph = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from minga.dialogue.models import INSTITUTION_TYPES

        self.fields["countries"].queryset = Country.objects.lac()  # type: ignore[attr-defined]
        self.fields["institutions"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            stakeholder_type__in=[t for t in INSTITUTION_TYPES if t != "state"]
        ).order_by("name")


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Response"), widget=forms.RadioSelect,
        choices=[c for c in ResponseStatus.choices if c[0] != ResponseStatus.PENDING],
    )  # fmt: skip
    explanation = forms.CharField(
        label=_("Explanation"), max_length=EXPLANATION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("Progress"), widget=forms.RadioSelect,
        choices=[c for c in Progress.choices if c[0] != Progress.NONE],
    )  # fmt: skip
    text = forms.CharField(
        label=_("What was done"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (web address)"), max_length=URL_MAX, required=False, assume_scheme="https"
    )


class VerificationForm(forms.Form):
    organization = forms.ChoiceField(label=_("On behalf of"))
    verdict = forms.ChoiceField(
        label=_("Your rating of this progress claim"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("Evidence"), max_length=EXPLANATION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in organizations]  # type: ignore[attr-defined]


class BulletinForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=InterfaceLanguage.choices, widget=forms.HiddenInput
    )
    body = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 14})
    )

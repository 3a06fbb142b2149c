from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from minga.gcm.forms import GCMLinksFormMixin
from minga.hearings.models import Session
from minga.stakeholders.models import AccreditationStatus, Organization

from . import balance
from .models import (
    COMMENT_MAX,
    ELIGIBILITY_MAX,
    JUSTIFICATION_MAX,
    NAME_MAX,
    RATIONALE_MAX,
    CallRole,
    FocalRegion,
    Nomination,
    VoteChoice,
)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        return f"{obj.title} ({obj.starts_at:%Y-%m-%d})"


class CallForm(forms.Form):
    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CallRole.choices)
    seats = forms.IntegerField(label=_("People to select"), min_value=1, max_value=50, initial=1)
    deadline = forms.DateTimeField(
        label=_("Deadline for nominations"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the review's time zone."),
    )
    eligibility = forms.CharField(
        label=_("Eligibility"),
        max_length=ELIGIBILITY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who may be nominated: experience, languages, constituencies."),
    )
    min_women_percent = forms.IntegerField(
        label=_("Minimum share of women (%)"), min_value=0, max_value=100, required=False
    )
    all_subregions = forms.BooleanField(label=_("Every subregion represented"), required=False)
    min_migrant_led = forms.IntegerField(
        label=_("Minimum people from migrant-led organizations"), min_value=0, required=False
    )
    max_per_country = forms.IntegerField(
        label=_("Maximum people from organizations of the same country"),
        min_value=1,
        required=False,
    )
    min_first_time = forms.IntegerField(
        label=_("Minimum first-time speakers"), min_value=0, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the slate must cover"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, review: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(review=review).exclude(  # type: ignore[attr-defined]
            status="cancelled"
        )
        self.fields["languages"].choices = balance.language_choices()  # type: ignore[attr-defined]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "seats": data["seats"],
            "deadline": data["deadline"],
            "eligibility": data["eligibility"],
            "rules": {key: data.get(key) for key in balance.RULE_KEYS},
        }


class NominationForm(GCMLinksFormMixin, forms.Form):
    gcm_kinds = ("objectives",)

    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Nominating organization"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    myself = forms.BooleanField(
        label=_("I nominate myself"),
        required=False,
        help_text=_("Leave the name and address below empty: yours are used."),
    )
    nominee_name = forms.CharField(label=_("Nominee's name"), max_length=NAME_MAX, required=False)
    nominee_email = forms.EmailField(
        label=_("Nominee's e-mail address"),
        required=False,
        help_text=_("We ask the nominee for their consent at this address."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the nominee speaks"), widget=forms.CheckboxSelectMultiple
    )
    justification = forms.CharField(
        label=_("Why this person"),
        max_length=JUSTIFICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Experience, constituency, what they would bring to the session."),
    )
    field_order = [
        "organization",
        "myself",
        "nominee_name",
        "nominee_email",
        "languages",
        "gcm_objectives",
        "justification",
    ]

    def __init__(self, *args: Any, organizations: list[Any], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = _organizations_queryset(organizations)  # type: ignore[attr-defined]
        self.fields["languages"].choices = balance.language_choices()  # type: ignore[attr-defined]
        self.fields["gcm_objectives"].label = _("Objectives of expertise")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("myself"):
            data["nominee_name"] = self.user.display_name or str(self.user)
            data["nominee_email"] = self.user.email
        else:
            if not data.get("nominee_name"):
                self.add_error("nominee_name", _("Enter the nominee's name."))
            if not data.get("nominee_email") and "nominee_email" not in self.errors:
                self.add_error("nominee_email", _("Enter the nominee's e-mail address."))
        return data

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "nominee_email": data["nominee_email"],
            "nominee_name": data["nominee_name"],
            "languages": data["languages"],
            "justification": data["justification"],
            "objectives": data.get("gcm_objectives") or [],
        }


def _organizations_queryset(organizations: list[Any]) -> Any:
    return Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name")


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conflict_of_interest = forms.BooleanField(
        label=_("I declare a conflict of interest"),
        required=False,
        help_text=_("Your vote is recorded but not counted."),
    )


class NominationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return f"{obj.nominee_name} — {obj.organization}"


class SlateForm(forms.Form):
    nominations = NominationChoiceField(
        label=_("Nominees in the slate"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"data-balance-box": ""}),
        required=False,
    )
    rationale = forms.CharField(
        label=_("Rationale of the decision"),
        required=False,
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published with the selection. Explain any rule the slate does not meet."),
    )

    def __init__(self, *args: Any, call: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = (  # type: ignore[attr-defined]
            Nomination.objects.consented().filter(call=call).select_related("organization")
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the slate goes back to the committee"),
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeatForm(forms.Form):
    """Seat a person on the committee: their e-mail and their accredited organization."""

    email = forms.EmailField(label=_("E-mail of the person"), max_length=254)
    organization = forms.ModelChoiceField(
        label=_("Organization they sit for"),
        queryset=Organization.objects.none(),
        help_text=_("Organizations accredited to the review; the person must be a member."),
    )
    focal_region = forms.ChoiceField(
        label=_("Subregional focal point for"),
        choices=[("", _("None")), *FocalRegion.choices],
        required=False,
    )
    is_chair = forms.BooleanField(label=_("Chair of the committee"), required=False)

    def __init__(self, *args: Any, review: Any, can_appoint_chair: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(
            accreditations__review=review,
            accreditations__status=AccreditationStatus.APPROVED,
        ).order_by("name")
        if not can_appoint_chair:
            del self.fields["is_chair"]

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("No one on Minga has this e-mail address."))
        self.cleaned_data["person"] = person
        return email


class SeatUpdateForm(forms.Form):
    focal_region = forms.ChoiceField(
        label=_("Subregional focal point for"),
        choices=[("", _("None")), *FocalRegion.choices],
        required=False,
    )
    is_chair = forms.BooleanField(label=_("Chair of the committee"), required=False)

    def __init__(self, *args: Any, can_appoint_chair: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_appoint_chair:
            del self.fields["is_chair"]

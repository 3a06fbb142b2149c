import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage
from minga.gcm.forms import CountryChoiceField

from .models import Gender, SelfIdentification, User

_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def clean_display_name(value: str) -> str:
    """A display name is public: refuse an e-mail address there (people at risk stay private)."""
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(_("Enter the name others will see. A pseudonym is fine."))
    if _EMAIL_LIKE.search(value):
        raise forms.ValidationError(
            _(
                "Do not use an e-mail address as your display name: it is shown publicly. "
                "A first name or a pseudonym is enough."
            )
        )
    return value


def _interface_language() -> str:
    language = (get_language() or "es")[:2]
    return language if language in InterfaceLanguage.values else InterfaceLanguage.ES


class SignupExtraForm(forms.Form):
    """Fields added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth applies this order once its own fields (e-mail, passwords) exist.
    field_order = ["email", "display_name", "password1", "password2", "preferred_language"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown beside what you write. A pseudonym is allowed."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=InterfaceLanguage.choices,
        help_text=_("Minga switches to this language when you log in, and writes to you in it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = _interface_language()

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request: object, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    countries = CountryChoiceField(
        label=_("Countries"),
        required=False,
        help_text=_(
            "Countries you live in, come from or work on. Hold Ctrl (or Cmd) to choose several."
        ),
    )
    self_identification = forms.MultipleChoiceField(
        label=_("Self-identification (private)"),
        choices=SelfIdentification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Never shown publicly; used only in aggregated, anonymous statistics."),
    )
    gender = forms.ChoiceField(
        label=_("Gender (private)"),
        choices=Gender.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Never shown publicly; used only to check the gender balance of panels, in aggregate."
        ),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "preferred_language",
            "countries",
            "self_identification",
            "gender",
            "is_public",
        ]

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lower()
        if value != self.user.email.lower():
            raise forms.ValidationError(_("This is not the e-mail address of your account."))
        return value

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage
from minga.gcm.models import Country

from .models import SelfIdentification, User


class SignupExtraForm(forms.Form):
    """Fields added to allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown beside what you write. A pseudonym is allowed."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=InterfaceLanguage.choices
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from django.utils.translation import get_language

        self.fields["preferred_language"].initial = (get_language() or "es")[:2]

    def signup(self, request: object, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Countries you live in, come from or work on."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    self_identification = forms.MultipleChoiceField(
        label=_("Self-identification (private)"),
        choices=SelfIdentification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Never shown publicly; used only in aggregated, anonymous statistics."),
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["countries"]
        field.label_from_instance = lambda c: c.name  # type: ignore[attr-defined]
        choices = sorted(Country.objects.all(), key=lambda c: c.name)
        field.choices = [(c.pk, c.name) for c in choices]  # type: ignore[attr-defined]


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lower()
        if value != self.user.email.lower():
            raise forms.ValidationError(_("This is not the e-mail address of your account."))
        return value

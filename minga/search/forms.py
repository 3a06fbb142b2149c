from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from minga.gcm.models import Objective

from . import queries


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    objective = forms.TypedChoiceField(
        label=_("GCM objective"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language of the text"), required=False)

    def __init__(self, *args: Any, countries: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + queries.kind_choices()  # type: ignore[attr-defined]
        self.fields["objective"].choices = everything + [  # type: ignore[attr-defined]
            (str(o.number), str(o)) for o in Objective.objects.all()
        ]
        self.fields["country"].choices = everything + [(c.iso2, c.name) for c in (countries or [])]  # type: ignore[attr-defined]
        self.fields["language"].choices = everything + [  # type: ignore[attr-defined]
            (code, name) for code, name in settings.LANGUAGES
        ]

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if len(q) > queries.MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Search with at most %(max)d characters (you typed %(count)d).")
                % {"max": queries.MAX_QUERY_LENGTH, "count": len(q)}
            )
        if q and not queries.terms_of(q):
            raise forms.ValidationError(_("Type at least one word with letters or numbers."))
        return q

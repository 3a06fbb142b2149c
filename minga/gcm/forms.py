"""The picker any form uses to tie an item to objectives, principles and countries."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.text import name_sort_key

from .models import Country, Objective, Principle, Subregion


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.number}. {obj.label_display}"


class PrincipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Principle) -> str:
        return obj.name_display


class CountryChoiceField(forms.ModelMultipleChoiceField):
    """Countries grouped: LAC subregions first, then every other country, by translated name."""

    widget = forms.SelectMultiple(attrs={"size": 10})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Country.objects.all(), **kwargs)

    def __deepcopy__(self, memo: dict) -> "CountryChoiceField":
        # Fields are copied for each form instance: build the grouped choices then (not at
        # import time), one query.
        result = super().__deepcopy__(memo)
        by_group: dict[str, list[tuple[int, str]]] = {}
        for country in Country.objects.all():
            by_group.setdefault(country.subregion or "", []).append((country.pk, country.name))
        groups: list = [
            (label, sorted(by_group[value], key=lambda c: name_sort_key(c[1])))
            for value, label in Subregion.choices
            if value in by_group
        ]
        groups.append(
            (_("Other countries"), sorted(by_group.get("", []), key=lambda c: name_sort_key(c[1])))
        )
        result.widget.choices = groups
        return result


class GCMLinksFormMixin(forms.Form):
    """Add to a form to pick GCM objectives, guiding principles and countries.

    The view passes ``gcm_initial=gcm.queries.set_links_query(item)`` for edits; after
    validation ``form.gcm_links()`` gives keyword arguments for ``do_set_gcm_links``.
    """

    gcm_objectives = ObjectiveChoiceField(
        label=_("GCM objectives"),
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gcm_principles = PrincipleChoiceField(
        label=_("Guiding principles"),
        queryset=Principle.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gcm_countries = CountryChoiceField(
        label=_("Countries"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    gcm_kinds: tuple[str, ...] = ("objectives", "principles", "countries")

    def __init__(self, *args: Any, gcm_initial: dict[str, list] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for kind in ("objectives", "principles", "countries"):
            if kind not in self.gcm_kinds:
                del self.fields[f"gcm_{kind}"]
            elif gcm_initial is not None:
                self.initial[f"gcm_{kind}"] = gcm_initial.get(kind, [])

    def gcm_links(self) -> dict[str, Any]:
        return {kind: self.cleaned_data.get(f"gcm_{kind}", []) for kind in self.gcm_kinds}

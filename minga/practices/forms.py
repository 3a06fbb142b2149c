"""Forms of the practices pages. They validate input; saving goes through the actions."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from minga.core.models import ContentLanguage
from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Country, Objective, Principle
from minga.stakeholders.models import Organization

from .models import (
    COMMENT_MAX,
    CRITERIA,
    MAX_REVIEWERS_PER_ROLE,
    NOTE_MAX,
    PARTNERS_MAX,
    QUESTION_MAX,
    SHORT_TEXT_MAX,
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TITLE_MIN,
    Answer,
    PracticeRegion,
    Recommendation,
    ReviewerRole,
)
from .queries import PracticeFilters

MARKDOWN_HELP = _("You can use Markdown (*italics*, **bold**, lists); HTML is not allowed.")


class PracticeForm(GCMLinksFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the practice a title.")},
    )
    region = forms.ChoiceField(
        label=_("Region where it was implemented"),
        choices=[("", "—"), *PracticeRegion.choices],
        error_messages={"required": _("Choose the region where the practice was implemented.")},
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=format_lazy(
            "{} {}", _("What was done, by whom, for whom, since when."), MARKDOWN_HELP
        ),
        error_messages={"required": _("Describe the practice.")},
    )
    results = forms.CharField(
        label=_("Results"),
        min_length=TEXT_MIN,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What changed for migrants and their families; figures if you have them."),
        error_messages={"required": _("Say what results the practice had.")},
    )
    replication = forms.CharField(
        label=_("How it could be replicated"),
        min_length=TEXT_MIN,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What another city or country would need: laws, budget, partners, time."),
        error_messages={"required": _("Explain how the practice could be replicated.")},
    )
    partners = forms.CharField(
        label=_("Partners (optional)"),
        max_length=PARTNERS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sources = forms.CharField(
        label=_("Sources (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line (reports, laws, evaluations)."),
    )
    contact_organization = forms.ModelChoiceField(
        label=_("Contact organization (optional)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=ContentLanguage.choices)

    field_order = [
        "title", "region", "gcm_countries", "gcm_objectives", "gcm_principles", "description",
        "results", "replication", "partners", "sources", "contact_organization", "language",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gcm_objectives"].label = _("GCM objectives it serves")
        self.fields["gcm_objectives"].help_text = _("Choose at least one.")
        self.fields["gcm_principles"].label = _("Guiding principles it applies")
        self.fields["gcm_countries"].label = _("Countries where it was implemented")

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "region": data["region"],
            "description": data["description"],
            "results": data["results"],
            "replication": data["replication"],
            "partners": data.get("partners") or "",
            "sources": data.get("sources") or "",
            "contact_organization": data.get("contact_organization"),
            "language": data["language"],
            "objectives": list(data.get("gcm_objectives") or []),
            "principles": list(data.get("gcm_principles") or []),
            "countries": list(data.get("gcm_countries") or []),
        }


class PracticeFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *PracticeRegion.choices], required=False
    )
    objective = forms.TypedChoiceField(
        label=_("GCM objective"), coerce=int, required=False, empty_value=None
    )
    principle = forms.ChoiceField(label=_("Guiding principle"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.choices = [("", _("All objectives"))] + [
            (o.number, f"{o.number}. {o.label_display}") for o in Objective.objects.all()
        ]
        principle: Any = self.fields["principle"]
        principle.choices = [("", _("All principles"))] + [
            (p.key, p.name_display) for p in Principle.objects.all()
        ]
        country: Any = self.fields["country"]
        country.choices = [
            ("", _("All countries")),
            *sorted(((c.iso2, c.name) for c in Country.objects.all()), key=lambda c: c[1]),
        ]

    def filters(self) -> PracticeFilters:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return PracticeFilters(
            region=data.get("region") or "",
            objective=data.get("objective") or None,
            country=data.get("country") or "",
            principle=data.get("principle") or "",
        )


class AssignForm(forms.Form):
    email = forms.EmailField(
        label=_("Reviewer's e-mail address"),
        help_text=_("The person must have an account on Minga."),
        error_messages={"required": _("Give the e-mail address of the reviewer.")},
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ReviewerRole.choices, widget=forms.RadioSelect
    )


class ConfigureForm(forms.Form):
    un_reviewers = forms.IntegerField(
        label=_("UN reviewers required"), min_value=0, max_value=MAX_REVIEWERS_PER_ROLE
    )
    external_reviewers = forms.IntegerField(
        label=_("External reviewers required"), min_value=0, max_value=MAX_REVIEWERS_PER_ROLE
    )


class VerdictForm(forms.Form):
    """The five criteria (yes / no / unsure + comment) and a recommendation."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your recommendation.")},
    )
    question = forms.CharField(
        label=_("Question for the submitter"),
        max_length=QUESTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you ask for clarification; the submitter is notified."),
    )
    summary = forms.CharField(
        label=_("Overall comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for key, label in CRITERIA:
            fields[key] = forms.ChoiceField(
                label=label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes, no or unsure.")},
            )
            fields[f"{key}_comment"] = forms.CharField(
                label=_("Comment on this criterion (optional)"),
                max_length=COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        fields.update(self.fields)
        self.fields = fields  # criteria first

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "answers": {key: data[key] for key, _label in CRITERIA},
            "comments": {key: data.get(f"{key}_comment") or "" for key, _label in CRITERIA},
            "recommendation": data["recommendation"],
            "summary": data.get("summary") or "",
            "question": data.get("question") or "",
        }


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the submitter"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the question for the submitter.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Distinct ids: the verdict form on the same page has a "question" field too.
        kwargs.setdefault("auto_id", "id_clarify_%s")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your answer to the reviewer's question.")},
    )


class AdoptForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Adopted by"),
        choices=[("initiative", _("A State initiative")), ("proposal", _("A proposal"))],
        widget=forms.RadioSelect,
    )
    number = forms.IntegerField(
        label=_("Its number"),
        min_value=1,
        help_text=_("The number in the address of its page, e.g. 12 in /initiatives/12/."),
        error_messages={"required": _("Give the number of the initiative or proposal.")},
    )
    note = forms.CharField(
        label=_("How it draws on this practice (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the initiatives pages. They validate input; saving goes through the actions
(which check everything again and put their errors next to the fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import ContentLanguage
from minga.core.uploads import MAX_IMAGE_BYTES, MAX_PDF_BYTES
from minga.gcm.forms import CountryChoiceField, GCMLinksFormMixin
from minga.gcm.models import Country, Objective, Principle

from .models import (
    BUDGET_NOTE_MAX,
    COMMENT_MAX,
    EVIDENCE_MAX,
    INSTITUTION_MAX,
    LINKS_MAX,
    REPLY_MAX,
    SOURCE_TITLE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    UPDATE_TEXT_MAX,
    UPDATE_TITLE_MAX,
    Involvement,
    Kind,
    Rating,
    Status,
    UpdateKind,
)
from .queries import InitiativeFilters

DATE_HELP = _("For example 2026-03-31.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LeadStateField(forms.ModelChoiceField):
    """One country, grouped like the GCM country picker."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Country.objects.all(), **kwargs)

    def __deepcopy__(self, memo: dict) -> "LeadStateField":
        result = super().__deepcopy__(memo)
        picker = CountryChoiceField().__deepcopy__({})
        result.widget.choices = [("", "—"), *picker.widget.choices]
        return result


def _too_long(limit: int) -> dict[str, Any]:
    return {"max_length": _("Shorten this to %(limit_value)d characters at most.")}


class InitiativeForm(GCMLinksFormMixin, forms.Form):
    gcm_kinds = ("objectives", "principles")

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the initiative a title."), **_too_long(TITLE_MAX)},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the initiative does, for whom, where. You can use Markdown."),
        error_messages={
            "required": _("Summarise what the initiative does."),
            **_too_long(SUMMARY_MAX),
        },
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=ContentLanguage.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Kind.choices])
    lead_state = LeadStateField(
        label=_("Lead State"),
        error_messages={
            "required": _("Choose the State that leads the initiative."),
            "invalid_choice": _("Choose a country from the list."),
        },
    )
    partner_states = CountryChoiceField(
        label=_("Partner States (joint initiatives)"),
        required=False,
        help_text=_(
            "Each partner's focal points may update a joint initiative. Hold Ctrl (or Cmd) to "
            "choose several."
        ),
        error_messages={"invalid_choice": _("Choose countries from the list.")},
    )
    start_date = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={
            "required": _("Give the date."),
            "invalid": _("Give a valid date, for example 2026-03-31."),
        },
    )
    end_date = forms.DateField(
        label=_("End date (optional)"),
        required=False,
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={"invalid": _("Give a valid date, for example 2026-03-31.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *Status.choices])
    responsible_institution = forms.CharField(
        label=_("Responsible institution"),
        max_length=INSTITUTION_MAX,
        error_messages={
            "required": _("Name the institution responsible for the initiative."),
            **_too_long(INSTITUTION_MAX),
        },
    )
    budget_amount = forms.DecimalField(
        label=_("Budget (if public)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        error_messages={"invalid": _("Give the budget as a number, for example 2500000.")},
    )
    budget_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("Three-letter code such as USD or MXN."),
    )
    budget_note = forms.CharField(
        label=_("Note on the budget"),
        required=False,
        max_length=BUDGET_NOTE_MAX,
        error_messages=_too_long(BUDGET_NOTE_MAX),
    )
    cs_involvement = forms.ChoiceField(
        label=_("How civil society was involved"),
        choices=Involvement.choices,
        widget=forms.RadioSelect,
    )
    cs_evidence = forms.CharField(
        label=_("Evidence of civil-society involvement"),
        required=False,
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Meetings, organizations involved, documents: what shows it."),
        error_messages=_too_long(EVIDENCE_MAX),
    )

    field_order = [
        "title", "summary", "language", "kind", "lead_state", "partner_states", "gcm_objectives",
        "gcm_principles", "start_date", "end_date", "status", "responsible_institution",
        "budget_amount", "budget_currency", "budget_note", "cs_involvement", "cs_evidence",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gcm_objectives"].label = _("GCM objectives")
        self.fields["gcm_principles"].label = _("Guiding principles")

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "language": data["language"],
            "kind": data["kind"],
            "lead_state": data["lead_state"],
            "partner_states": list(data.get("partner_states") or []),
            "objectives": list(data.get("gcm_objectives") or []),
            "principles": list(data.get("gcm_principles") or []),
            "start_date": data["start_date"],
            "end_date": data.get("end_date"),
            "status": data["status"],
            "responsible_institution": data["responsible_institution"],
            "budget_amount": data.get("budget_amount"),
            "budget_currency": data.get("budget_currency") or "",
            "budget_note": data.get("budget_note") or "",
            "cs_involvement": data["cs_involvement"],
            "cs_evidence": data.get("cs_evidence") or "",
        }


class UpdateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of update"), choices=UpdateKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=UPDATE_TITLE_MAX,
        error_messages={"required": _("Give the update a title."), **_too_long(UPDATE_TITLE_MAX)},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={
            "required": _("Give the date."),
            "invalid": _("Give a valid date, for example 2026-03-31."),
        },
    )
    text = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=UPDATE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_too_long(UPDATE_TEXT_MAX),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)


class SourceForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the source"),
        max_length=SOURCE_TITLE_MAX,
        error_messages={"required": _("Give the source a title."), **_too_long(SOURCE_TITLE_MAX)},
    )
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_("A full web address (https://…), or upload a document below."),
        error_messages=_too_long(500),
    )
    file = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp,image/gif"}
        ),
        help_text=_("PDF (%(pdf)d MB at most) or image (%(img)d MB at most).")
        % {"pdf": MAX_PDF_BYTES // (1024 * 1024), "img": MAX_IMAGE_BYTES // (1024 * 1024)},
    )


class AssessmentForm(forms.Form):
    """One rating, evidence and links per guiding principle, plus an overall comment."""

    organization = forms.ChoiceField(label=_("Assess in the name of"))
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_too_long(COMMENT_MAX),
    )

    def __init__(
        self, *args: Any, organizations: list[Any], principles: list[Principle], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        organization: Any = self.fields["organization"]
        organization.choices = [(str(o.pk), o.name) for o in organizations]
        self.principles = principles
        for principle in principles:
            key = principle.key
            self.fields[f"rating_{key}"] = forms.TypedChoiceField(
                label=_("Rating: %(principle)s") % {"principle": principle.name_display},
                choices=Rating.choices,
                coerce=int,
                required=False,
                empty_value=0,  # type: ignore[arg-type]
                initial=Rating.NOT_ASSESSED,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=_("Evidence: %(principle)s") % {"principle": principle.name_display},
                required=False,
                max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=_too_long(EVIDENCE_MAX),
            )
            self.fields[f"links_{key}"] = forms.CharField(
                label=_("Links to the evidence: %(principle)s")
                % {"principle": principle.name_display},
                required=False,
                max_length=LINKS_MAX * 510,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("One web address per line, %(max)d at most.") % {"max": LINKS_MAX},
            )

    def principle_groups(self) -> list[tuple[Principle, list[Any]]]:
        return [
            (p, [self[f"rating_{p.key}"], self[f"evidence_{p.key}"], self[f"links_{p.key}"]])
            for p in self.principles
        ]

    def general_fields(self) -> list[Any]:
        return [self["organization"], self["language"], self["comment"]]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        ratings = {
            p.key: {
                "rating": data.get(f"rating_{p.key}") or 0,
                "evidence": data.get(f"evidence_{p.key}") or "",
                "links": (data.get(f"links_{p.key}") or "").splitlines(),
            }
            for p in self.principles
        }
        return {
            "organization": self.organizations[data["organization"]],
            "ratings": ratings,
            "comment": data.get("comment") or "",
            "language": data["language"],
        }


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply of the State"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the reply of the State."), **_too_long(REPLY_MAX)},
    )
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)


class FilterForm(forms.Form):
    """The list filters; invalid values are ignored (and said so), never a 500."""

    country = forms.CharField(label=_("State (ISO code)"), required=False, max_length=2)
    objective = forms.TypedChoiceField(label=_("GCM objective"), required=False, coerce=int)
    principle = forms.ChoiceField(label=_("Guiding principle"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    involvement = forms.ChoiceField(
        label=_("Civil-society involvement"),
        required=False,
        choices=[("", _("Any")), *Involvement.choices],
    )
    champion = forms.BooleanField(label=_("Champion States only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.choices = [("", _("Any"))] + [
            (o.number, f"{o.number}. {o.label_display}") for o in Objective.objects.all()
        ]
        principle: Any = self.fields["principle"]
        principle.choices = [("", _("Any"))] + [
            (p.key, p.name_display) for p in Principle.objects.all()
        ]

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if value and not (len(value) == 2 and value.isalpha()):
            raise forms.ValidationError(_("Use a two-letter country code such as MX."))
        return value

    def filters(self) -> InitiativeFilters:
        data = self.cleaned_data if self.is_bound else {}
        return InitiativeFilters(
            country=data.get("country") or "",
            objective=data.get("objective") or None,
            principle=data.get("principle") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            involvement=data.get("involvement") or "",
            champion=bool(data.get("champion")),
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file (UTF-8)"),
        help_text=_("At most 2 MB and 5,000 initiatives. Nothing is imported at this step."),
        error_messages={
            "required": _("Choose the CSV file to check."),
            "empty": _("The file is empty."),
            "invalid": _("Choose the CSV file to check."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    valid_only = forms.BooleanField(
        label=_("Import the valid rows only and leave out the rows with errors"),
        required=False,
    )

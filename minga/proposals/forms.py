"""Forms of the proposals pages. They validate input; saving goes through the actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import ContentLanguage
from minga.core.uploads import MAX_IMAGE_BYTES, MAX_PDF_BYTES
from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Objective, StakeholderType
from minga.stakeholders.models import Organization

from . import queries
from .models import (
    AWAITING,
    COMMENT_MAX,
    EXPLANATION_MAX,
    MAX_ATTACHMENTS,
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TITLE_MIN,
    AnswerStatus,
    AuthorDisplay,
    CorridorRole,
    OnBehalfOf,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp,image/gif,application/pdf"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProposalForm(GCMLinksFormMixin, forms.Form):
    gcm_kinds = ("objectives", "countries")

    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        help_text=_("One sentence that says what should change."),
        error_messages={"required": _("Write a title for your proposal.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-similar": "title"}),
    )
    text = forms.CharField(
        label=_("Your proposal"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        help_text=_(
            "What happened, what should change and who should do it. You can use Markdown "
            "(*italics*, **bold**, lists); HTML is not allowed."
        ),
        error_messages={"required": _("Explain your proposal.")},
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    language = forms.ChoiceField(
        label=_("Language of the proposal"), choices=ContentLanguage.choices
    )
    corridor_roles = forms.MultipleChoiceField(
        label=_("The proposal concerns places of"),
        choices=CorridorRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    author_display = forms.ChoiceField(
        label=_("Show the author as"),
        choices=AuthorDisplay.choices,
        initial=AuthorDisplay.PERSON,
        widget=forms.RadioSelect,
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Only if the proposal is shown under your organization's name."),
    )
    on_behalf_of = forms.ChoiceField(
        label=_("Whose proposal is it?"),
        choices=OnBehalfOf.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Organizations can record proposals of migrants or community meetings who have "
            "no account, with their consent."
        ),
    )
    intermediary = forms.ModelChoiceField(
        label=_("Organization recording it"),
        queryset=Organization.objects.none(),
        required=False,
    )
    people_count = forms.IntegerField(
        label=_("Number of people behind the proposal"),
        min_value=1,
        max_value=1_000_000,
        initial=1,
        required=False,
    )
    consent_recorded = forms.BooleanField(
        label=_("They agreed that we publish their proposal"), required=False
    )
    consent_how = forms.CharField(
        label=_("How they agreed"),
        max_length=300,
        required=False,
        help_text=_("For example: “orally, at the meeting of 12 March, noted in the minutes”."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_(
            "Up to %(n)d images (PNG, JPEG, WebP, GIF, %(img)d MB each) or PDF documents "
            "(%(pdf)d MB each). Photo metadata such as location is removed."
        )
        % {
            "n": MAX_ATTACHMENTS,
            "img": MAX_IMAGE_BYTES // (1024 * 1024),
            "pdf": MAX_PDF_BYTES // (1024 * 1024),
        },
    )

    field_order = [
        "title", "text", "language", "gcm_objectives", "gcm_countries", "corridor_roles",
        "author_display", "organization", "on_behalf_of", "intermediary", "people_count",
        "consent_recorded", "consent_how", "attachments",
    ]  # fmt: skip

    def __init__(self, *args: Any, user: Any = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organizations = queries.member_organizations(user)
        for name in ("organization", "intermediary"):
            field: Any = self.fields[name]
            field.queryset = organizations
        self.fields["gcm_objectives"].label = _("GCM objectives it concerns")
        self.fields["gcm_countries"].label = _("Countries it concerns")
        if not editing and not organizations.exists():
            # Intake on behalf of others and showing an organization need a membership.
            for name in (
                "organization", "intermediary", "on_behalf_of", "people_count",
                "consent_recorded", "consent_how",
            ):  # fmt: skip
                del self.fields[name]
            display: Any = self.fields["author_display"]
            display.choices = [
                c for c in AuthorDisplay.choices if c[0] != AuthorDisplay.ORGANIZATION
            ]
        if editing:
            for name in (
                "author_display", "organization", "on_behalf_of", "intermediary",
                "people_count", "consent_recorded", "consent_how",
            ):  # fmt: skip
                del self.fields[name]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "title": data["title"],
            "text": data["text"],
            "language": data["language"],
            "objectives": data.get("gcm_objectives") or [],
            "countries": data.get("gcm_countries") or [],
            "corridor_roles": data.get("corridor_roles") or [],
            "attachments": data.get("attachments") or [],
        }
        if "author_display" in self.fields:
            kwargs.update(
                author_display=data["author_display"],
                organization=data.get("organization"),
                on_behalf_of=data.get("on_behalf_of") or "",
                intermediary=data.get("intermediary"),
                people_count=data.get("people_count") or 1,
                consent_recorded=bool(data.get("consent_recorded")),
                consent_how=data.get("consent_how") or "",
            )
        return kwargs


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment before sending it.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"), choices=AnswerStatus.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Always explain the answer: the authors and the public read it."),
        error_messages={"required": _("Explain the answer: the authors and the public read it.")},
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Number of the proposal to keep"),
        min_value=1,
        help_text=_("This proposal is merged into it; endorsements move over."),
    )


class ProposalFilterForm(forms.Form):
    """The list filters; invalid values are ignored (and said so), never a 500."""

    objective = forms.TypedChoiceField(label=_("GCM objective"), required=False, coerce=int)
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=2)
    corridor_role = forms.ChoiceField(
        label=_("Place"), required=False, choices=[("", _("Any")), *CorridorRole.choices]
    )
    status = forms.ChoiceField(
        label=_("Official answer"),
        required=False,
        choices=[("", _("Any")), (AWAITING, _("Not answered yet")), *AnswerStatus.choices],
    )
    stakeholder_type = forms.ChoiceField(
        label=_("Presented by (type of organization)"),
        required=False,
        choices=[("", _("Any")), *StakeholderType.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *ContentLanguage.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("recent", _("Most recent")),
            ("endorsed", _("Most endorsed")),
            ("discussed", _("Most discussed")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.choices = [("", _("Any"))] + [
            (o.number, f"{o.number}. {o.label_display}") for o in Objective.objects.all()
        ]

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if value and not (len(value) == 2 and value.isalpha()):
            raise forms.ValidationError(_("Use a two-letter country code such as MX."))
        return value

    def filters(self) -> queries.ProposalFilters:
        data = self.cleaned_data if self.is_bound else {}
        return queries.ProposalFilters(
            objective=data.get("objective") or None,
            country=data.get("country") or "",
            corridor_role=data.get("corridor_role") or "",
            status=data.get("status") or "",
            stakeholder_type=data.get("stakeholder_type") or "",
            language=data.get("language") or "",
            sort=data.get("sort") or "recent",
        )

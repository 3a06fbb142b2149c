"""Forms of the session pages. They validate input; saving goes through the actions (which
check everything again and put their errors next to the fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import ContentLanguage
from minga.gcm.forms import GCMLinksFormMixin
from minga.gcm.models import Roundtable

from . import methodology
from .models import (
    AGENDA_TITLE_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    REASON_MAX,
    TITLE_MAX,
    VENUE_MAX,
    FloorKind,
    SessionFormat,
    SessionRoleKind,
)

AGENDA_HELP = _(
    "One item per line: the title, a vertical bar, then the minutes. For example: Opening | 10"
)
QUESTIONNAIRE_HELP = _("One question per line. Participants answer them when they register.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TemplateForm(forms.Form):
    """First step of a new session: the methodology that prefills it."""

    template = forms.ChoiceField(
        label=_("Methodology"),
        choices=methodology.choices,
        widget=forms.RadioSelect,
    )


class SessionForm(GCMLinksFormMixin, forms.Form):
    gcm_kinds = ("objectives",)

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    roundtable = forms.ModelChoiceField(
        label=_("Roundtable cluster"), queryset=Roundtable.objects.all(), required=False,
        help_text=_("A roundtable cluster prefills its objectives when none are chosen."),
    )  # fmt: skip
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(),
        help_text=_("In the review's time zone."),
    )  # fmt: skip
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    venue = forms.CharField(label=_("Venue"), required=False, max_length=VENUE_MAX)
    stream_url = forms.URLField(
        label=_("Stream link"), required=False, assume_scheme="https",
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=ContentLanguage.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"), choices=ContentLanguage.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1,
        help_text=_("Empty for no limit. When full, people join a waiting list."),
    )  # fmt: skip
    speaking_time_seconds = forms.IntegerField(
        label=_("Speaking time per speaker (seconds)"), min_value=30, max_value=1800
    )
    requires_check_in = forms.BooleanField(
        label=_("Only checked-in participants ask and vote"), required=False
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, help_text=AGENDA_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip
    questionnaire = forms.CharField(
        label=_("Questionnaire at registration"), required=False, help_text=QUESTIONNAIRE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role, label in SessionRoleKind.choices:
            self.fields[f"role_{role}"] = forms.IntegerField(
                label=_("People needed: %(role)s") % {"role": label},
                min_value=0, max_value=50, required=False,
            )  # fmt: skip

    def clean_agenda(self) -> list[tuple[str, int]]:
        items = []
        for number, line in enumerate(self.cleaned_data["agenda"].splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, minutes = line.rpartition("|")
            try:
                value = int(minutes.strip())
            except ValueError:
                value = 0
            if not bar or not title.strip() or not 1 <= value <= 600:
                raise forms.ValidationError(
                    _("Line %(n)d: write the title, a vertical bar, then the minutes (1 to 600).")
                    % {"n": number}
                )
            if len(title.strip()) > AGENDA_TITLE_MAX:
                raise forms.ValidationError(_("Line %(n)d: the title is too long.") % {"n": number})
            items.append((title.strip(), value))
        return items

    def clean_questionnaire(self) -> list[str]:
        lines = [q.strip() for q in self.cleaned_data["questionnaire"].splitlines() if q.strip()]
        if len(lines) > 10:
            raise forms.ValidationError(_("Ask at most 10 questions."))
        return [q[:300] for q in lines]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {
            name: data[name]
            for name in (
                "title", "description", "format", "roundtable", "starts_at", "ends_at",
                "venue", "stream_url", "languages", "interpretation", "capacity",
                "speaking_time_seconds", "requires_check_in", "questionnaire",
            )
        }  # fmt: skip
        kwargs["description"] = kwargs["description"] or ""
        kwargs["role_plan"] = {
            role: data[f"role_{role}"]
            for role in SessionRoleKind.values
            if data.get(f"role_{role}")
        }
        kwargs["agenda"] = data["agenda"]
        objectives = self.gcm_links().get("objectives")
        kwargs["objectives"] = list(objectives) if objectives else None
        return kwargs


def session_initial(session: Any, zone: Any) -> dict[str, Any]:
    from django.utils import timezone

    initial = {
        name: getattr(session, name)
        for name in (
            "title", "description", "format", "venue", "stream_url", "languages",
            "interpretation", "capacity", "speaking_time_seconds", "requires_check_in",
        )
    }  # fmt: skip
    initial["roundtable"] = session.roundtable_id
    initial["starts_at"] = timezone.localtime(session.starts_at, zone).replace(tzinfo=None)
    initial["ends_at"] = timezone.localtime(session.ends_at, zone).replace(tzinfo=None)
    initial["agenda"] = "\n".join(f"{a.title} | {a.duration_minutes}" for a in session.agenda.all())
    initial["questionnaire"] = "\n".join(session.questionnaire or [])
    for role, count in (session.role_plan or {}).items():
        initial[f"role_{role}"] = count
    return initial


class AssignRoleForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("The person needs a Minga account; their organization is shown as their constituency."),
    )  # fmt: skip
    role = forms.ChoiceField(label=_("Role"), choices=SessionRoleKind.choices)


class RegistrationForm(forms.Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example sign language, captions, step-free access. Only the organizers see it."),
    )  # fmt: skip
    interpretation_language = forms.ChoiceField(label=_("Interpretation language"), required=False)

    def __init__(self, *args: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ContentLanguage.choices)
        field = self.fields["interpretation_language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("No interpretation needed"))] + [
            (code, labels.get(code, code)) for code in (session.interpretation or [])
        ]
        if not session.interpretation:
            del self.fields["interpretation_language"]
        self.questions = list(session.questionnaire or [])
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def action_kwargs(self) -> dict[str, Any]:
        return {
            "accessibility_needs": self.cleaned_data.get("accessibility_needs", ""),
            "interpretation_language": self.cleaned_data.get("interpretation_language", ""),
            "answers": [
                self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.questions))
            ],
        }


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": QUESTION_MAX}),
        help_text=_("At most 500 characters. Moderators approve questions before everyone sees them."),
    )  # fmt: skip
    anonymous = forms.BooleanField(
        label=_("Anonymous to the public (the moderators still know who asked)"), required=False
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=REASON_MAX)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Duplicate of question number"), min_value=1)


class FloorForm(forms.Form):
    kind = forms.ChoiceField(label=_("I want to make a"), choices=FloorKind.choices)


class NoteForm(forms.Form):
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, agenda: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("General"))] + [(a.pk, a.title) for a in agenda]


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Session summary"), max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Approved from the rapporteurs' notes; public once published."),
    )  # fmt: skip

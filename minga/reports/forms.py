from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage

from . import evidence
from .models import (
    COMMENT_MAX,
    NOTE_MAX,
    PARAGRAPH_MAX,
    TITLE_MAX,
    AssignmentRole,
    CommentStatus,
    Decision,
    QuestionKind,
)


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    language = forms.ChoiceField(
        label=_("Language the report is written in"), choices=InterfaceLanguage.choices
    )


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)


class AssignForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=AssignmentRole.choices)


class ParagraphForm(forms.Form):
    text = forms.CharField(
        label=_("Paragraph"), max_length=PARAGRAPH_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown is allowed: **bold**, *italic*, lists and links."),
    )  # fmt: skip
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment on this paragraph"), max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    organization = forms.ChoiceField(label=_("Comment as"), required=False)

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "comment_%s")  # unique ids beside the editor's form
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        choices = [("", _("Myself, as a registered participant"))]
        choices += [(str(o.pk), o.name) for o in organizations]
        self.fields["organization"].choices = choices  # type: ignore[attr-defined]
        if not organizations:
            self.fields["organization"].widget = forms.HiddenInput()


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How was the comment taken into account?"),
        choices=[c for c in CommentStatus.choices if c[0] != CommentStatus.OPEN],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Reply and reason"), max_length=COMMENT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the comment is partly addressed or not taken up."),
    )  # fmt: skip


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"))
    object_id = forms.CharField(
        label=_("Number of the item"), max_length=20,
        help_text=_(
            "The number in the item's address, e.g. 42 for /proposals/42/ (for a session "
            "summary, the session's number); for a monitoring aggregate, the country code, e.g. MX."
        ),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = evidence.choices()  # type: ignore[attr-defined]


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=InterfaceLanguage.choices)
    text = forms.CharField(
        label=_("Translation"), max_length=PARAGRAPH_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "translation_%s")
        super().__init__(*args, **kwargs)


class TitleTranslationForm(forms.Form):
    """The titles of a report, its chapters and sections in one language; each field is
    labelled with the original title. An empty field shows the original title."""

    def __init__(
        self, *args: Any, report: Any, chapters: Any = (), language: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"titles-{language}")
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["report"] = self._field(
            _("Report: %(title)s") % {"title": report.title}, report, language
        )
        for chapter in chapters:
            self.fields[f"chapter-{chapter.pk}"] = self._field(
                _("Chapter %(n)s: %(title)s") % {"n": chapter.order, "title": chapter.title},
                chapter,
                language,
            )
            for section in chapter.sections.all():
                self.fields[f"section-{section.pk}"] = self._field(
                    _("Section %(n)s: %(title)s")
                    % {"n": f"{chapter.order}.{section.order}", "title": section.title},
                    section,
                    language,
                )

    @staticmethod
    def _field(label: str, obj: Any, language: str) -> forms.CharField:
        return forms.CharField(
            label=label,
            max_length=TITLE_MAX,
            required=False,
            initial=obj.title_translations.get(language, ""),
            widget=forms.TextInput(attrs={"lang": language}),
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you request changes."),
    )  # fmt: skip


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("Public change note"), max_length=NOTE_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a correction: what changed since the previous version."),
    )  # fmt: skip


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    is_open = forms.BooleanField(label=_("Open for answers"), required=False)
    include_in_report = forms.BooleanField(
        label=_("Include the results as an annex of the report"), required=False
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)


class AnswerForm(forms.Form):
    """One field per question of the survey."""

    def __init__(
        self, *args: Any, questions: Any = (), language: str = "en", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            if q.kind == QuestionKind.RATING:
                self.fields[f"q{q.pk}"] = forms.ChoiceField(
                    label=q.text_in(language), required=False, widget=forms.RadioSelect,
                    choices=[(str(n), str(n)) for n in range(1, 6)],
                    help_text=_("1 = very poor, 5 = very good"),
                )  # fmt: skip
            else:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.text_in(language), required=False, max_length=COMMENT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )  # fmt: skip

    def answers(self) -> dict[int, Any]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}

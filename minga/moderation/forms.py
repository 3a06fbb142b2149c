from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import BLOCK_REASON_MAX, COMMENT_MAX, HIDDEN_REASON_MAX
from .models import FlagReason


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("Choose a reason from the list."),
        },
    )
    comment = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only moderators read this."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=HIDDEN_REASON_MAX,
        help_text=_("Shown to everyone in place of the content."),
        error_messages={"required": _("Give the public reason shown in place of the content.")},
    )


class BlockForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        error_messages={"required": _("Enter the person's e-mail address.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=BLOCK_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept for the moderators and the audit log."),
        error_messages={"required": _("Say why this person is blocked.")},
    )

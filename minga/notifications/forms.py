from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailMode


class NotificationSettingsForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mail me"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often to receive e-mail.")},
    )
    in_app = forms.BooleanField(
        label=_("Show notifications on the site"),
        required=False,
        help_text=_("Count new notifications beside your name at the top of every page."),
    )


class FollowForm(forms.Form):
    target = forms.CharField(max_length=60)
    target_id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(max_length=500, required=False)

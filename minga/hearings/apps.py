from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "minga.hearings"
    label = "hearings"
    verbose_name = _("Review sessions")

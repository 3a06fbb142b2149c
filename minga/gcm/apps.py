from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GcmConfig(AppConfig):
    name = "minga.gcm"
    label = "gcm"
    verbose_name = _("Global Compact for Migration")

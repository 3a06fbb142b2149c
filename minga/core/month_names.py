"""Month names as dates print them (Django's ``F`` format), listed so that our catalogues carry
them. Django's own Portuguese catalogue capitalises months ("7 de Fevereiro"), which Brazilian
and European Portuguese both write in lower case; our translations take precedence
(LOCALE_PATHS comes before Django's catalogues)."""

from django.utils.translation import gettext_noop as _

MONTHS = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]

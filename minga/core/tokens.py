"""Signed tokens naming a person, for links in e-mails that act without a login (unsubscribe).

Each use has its own ``salt`` so a token made for one purpose is refused by another.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def person_token(user: Any, salt: str, **extra: int) -> str:
    """A signed token for ``user`` (plus small integer ``extra`` fields)."""
    return signing.dumps({"u": user.pk, **extra}, salt=salt, compress=True)


def read_person_token(token: str, salt: str) -> tuple[Any, dict[str, Any]]:
    """The person a token is for and its payload; ValidationError if forged or the person is
    gone."""
    try:
        payload = signing.loads(token, salt=salt)
        user_pk = int(payload["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("This unsubscribe link is not valid.")) from exc
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, payload

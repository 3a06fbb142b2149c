"""Ids that arrive in URLs and forms: anything that is not a positive 64-bit integer is "no
such object" (a 404 for views), never a database error."""

from typing import Any

from django.http import Http404

MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def id_or_404(value: Any) -> int:
    number = parse_id(value)
    if number is None:
        raise Http404
    return number

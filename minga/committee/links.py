"""The committee's links on the pages of the apps below it (``minga.core.links``): the open
calls for nominations on the programme, on each session page and on the home page."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from minga.core import links
from minga.hearings.queries import review_zone

from . import queries
from .models import Call


def _deadline(call: Call) -> str:
    moment = timezone.localtime(call.deadline, review_zone(call.session.review))
    return _("nominations until %(date)s") % {
        "date": formats.date_format(moment, "DATETIME_FORMAT")
    }


def _link(call: Call, text: str) -> links.Link:
    return links.Link(
        group=_("Open calls for nominations"),
        text=text,
        url=call.get_absolute_url(),
        detail=_deadline(call),
    )


def calls_for_sessions(sessions: Sequence[Any]) -> Mapping[int, list[links.Link]]:
    found: dict[int, list[links.Link]] = {}
    for call in queries.open_calls(session_ids=[s.pk for s in sessions]):
        text = _("Call for nominations: %(role)s") % {"role": call.get_role_display()}
        found.setdefault(call.session_id, []).append(_link(call, text))
    return found


def calls_for_home(reviews: Sequence[Any]) -> Mapping[int, list[links.Link]]:
    found: dict[int, list[links.Link]] = {}
    for review in reviews:
        for call in queries.open_calls(review=review):
            text = _("%(role)s at “%(session)s”") % {
                "role": call.get_role_display(),
                "session": call.session.title,
            }
            found.setdefault(review.pk, []).append(_link(call, text))
    return found


def register() -> None:
    links.register("hearings.session", calls_for_sessions)
    links.register("reviews.home", calls_for_home)

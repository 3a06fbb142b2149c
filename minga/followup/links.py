"""Links the follow-up adds to the pages of apps below it (``minga.core.links``): a report
paragraph's page offers "Draw a recommendation from this paragraph" to the people who may
create recommendations (committee members and UN delegates of the review)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from minga.core import links

from . import permissions


def recommendation_from_paragraph(paragraphs: Sequence[Any]) -> dict[int, list[links.Link]]:
    """No SQL query: the review comes from the paragraph's report, already loaded by the page."""
    found: dict[int, list[links.Link]] = {}
    base = reverse("followup:create")
    for paragraph in paragraphs:
        review = paragraph.section.chapter.report.review

        def may_create(user: Any, review: Any = review) -> bool:
            return permissions.can_create_recommendation(user, review)

        found[paragraph.pk] = [
            links.Link(
                group=_("Follow-up"),
                text=_("Draw a recommendation from this paragraph"),
                url=f"{base}?{urlencode({'paragraph': paragraph.pk})}",
                visible_to=may_create,
            )
        ]
    return found


def register() -> None:
    links.register("reports.paragraph", recommendation_from_paragraph)

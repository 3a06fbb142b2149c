"""Atom feed of published report versions, at /feeds/reports/ (``?lang=`` picks the language)."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from minga.initiatives.feeds import feed_language

from .models import PublishedVersion


class PublishedReportsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(feed_language(request)):
            response: HttpResponse = super().__call__(request, *args, **kwargs)
            response.headers["Content-Language"] = translation.get_language()
            return response

    def title(self) -> str:
        return _("Published review reports — Minga")

    def link(self) -> str:
        return reverse("reports:list")

    def subtitle(self) -> str:
        return _("Each new or corrected version of a review report.")

    def items(self) -> list[PublishedVersion]:
        return list(
            PublishedVersion.objects.select_related("report").only(
                "id", "number", "published_at", "change_note", "report__id", "report__title",
                "report__title_translations",
            ).order_by("-published_at", "-id")[:30]
        )  # fmt: skip

    def item_title(self, item: PublishedVersion) -> str:
        return _("Report published: %(title)s (version %(number)d)") % {
            "title": item.report.title_in(translation.get_language() or "es"),
            "number": item.number,
        }

    def item_description(self, item: PublishedVersion) -> str:
        return item.change_note or _("A new report was published.")

    def item_link(self, item: PublishedVersion) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: PublishedVersion) -> Any:
        return item.published_at

    def item_updateddate(self, item: PublishedVersion) -> Any:
        return item.published_at

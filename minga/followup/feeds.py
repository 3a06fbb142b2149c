"""Atom feed of the follow-up at /feeds/recommendations/: new recommendations, responses,
progress updates and verifications (``?lang=`` picks the language)."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from minga.initiatives.feeds import feed_language

from . import queries


class RecommendationsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(feed_language(request)):
            response: HttpResponse = super().__call__(request, *args, **kwargs)
            response.headers["Content-Language"] = translation.get_language()
            return response

    def title(self) -> str:
        return _("Follow-up of the recommendations — Minga")

    def link(self) -> str:
        return reverse("followup:list")

    def subtitle(self) -> str:
        return _(
            "New recommendations, responses of their addressees, progress and civil-society verification."
        )

    def items(self) -> list[dict[str, Any]]:
        return queries.recent_activity()

    def item_title(self, item: dict[str, Any]) -> str:
        obj = item["obj"]
        values = {
            "title": item["recommendation"].title,
            "addressee": item["addressee"].name if item["addressee"] else "",
        }
        if item["kind"] == "response":
            return _("%(addressee)s responded: %(status)s — %(title)s") % {
                **values,
                "status": obj.get_status_display(),
            }
        if item["kind"] == "progress":
            return _("%(addressee)s reported progress: %(status)s — %(title)s") % {
                **values,
                "status": obj.get_progress_display(),
            }
        if item["kind"] == "verification":
            return _("%(organization)s verified progress: %(status)s — %(title)s") % {
                **values, "organization": obj.organization.name, "status": obj.get_verdict_display()}  # fmt: skip
        return _("New recommendation: %(title)s") % values

    def item_description(self, item: dict[str, Any]) -> str:
        obj = item["obj"]
        return str(
            getattr(obj, "explanation", "")
            or getattr(obj, "text", "")
            or getattr(obj, "evidence", "")
        )

    def item_link(self, item: dict[str, Any]) -> str:
        return item["recommendation"].get_absolute_url() + f"#{item['kind']}-{item['obj'].pk}"

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"{item['kind']}-{item['obj'].pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict[str, Any]) -> Any:
        return item["when"]

    def item_updateddate(self, item: dict[str, Any]) -> Any:
        return item["when"]

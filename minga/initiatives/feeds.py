"""Atom feeds of new initiatives and their dated updates: all, per initiative, per country and
per objective. Served outside the language prefix (``/feeds/…``); ``?lang=es|en|pt|fr`` picks
the language of the feed's texts and links (Spanish by default)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from minga.gcm.queries import country_by_iso2, objective_by_number

from . import queries
from .access import access_initiative

DEFAULT_LANGUAGE = "es"


def feed_language(request: HttpRequest) -> str:
    wanted = str(request.GET.get("lang", "")).strip().lower()
    available = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in available else DEFAULT_LANGUAGE


@dataclass
class FeedTarget:
    title: str
    link: str
    description: str
    filters: dict[str, Any]


class InitiativesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(feed_language(request)):
            response: HttpResponse = super().__call__(request, *args, **kwargs)
            response.headers["Content-Language"] = translation.get_language()
            return response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedTarget:
        return FeedTarget(
            title=_("State initiatives and pledges — Minga"),
            link=reverse("initiatives:list"),
            description=_("New initiatives of the States and their dated updates."),
            filters={},
        )

    def title(self, obj: FeedTarget) -> str:
        return obj.title

    def link(self, obj: FeedTarget) -> str:
        return obj.link

    def subtitle(self, obj: FeedTarget) -> str:
        return obj.description

    def items(self, obj: FeedTarget) -> list[queries.FeedEntry]:
        return queries.feed_entries(**obj.filters)

    def item_title(self, item: queries.FeedEntry) -> str:
        if item.kind == "initiative":
            return _("New initiative: %(title)s") % {"title": item.title}
        return _("%(initiative)s — %(kind)s: %(title)s") % {
            "initiative": item.initiative.title,
            "kind": item.update.get_kind_display() if item.update else "",
            "title": item.title,
        }

    def item_description(self, item: queries.FeedEntry) -> str:
        return item.text

    def item_link(self, item: queries.FeedEntry) -> str:
        return item.url

    def item_guid(self, item: queries.FeedEntry) -> str:
        return item.guid

    def item_guid_is_permalink(self, item: queries.FeedEntry) -> bool:
        return False

    def item_pubdate(self, item: queries.FeedEntry) -> datetime.datetime:
        return item.when

    def item_updateddate(self, item: queries.FeedEntry) -> datetime.datetime:
        return item.when

    def item_author_name(self, item: queries.FeedEntry) -> str:
        return item.author


class InitiativeFeed(InitiativesFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedTarget:
        initiative = access_initiative(request.user, kwargs.get("pk"))
        return FeedTarget(
            title=_("%(title)s — Minga") % {"title": initiative.title},
            link=initiative.get_absolute_url(),
            description=_("Dated updates of this initiative."),
            filters={"initiative": initiative},
        )


class CountryFeed(InitiativesFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedTarget:
        country = country_by_iso2(str(kwargs.get("iso2", "")))
        if country is None:
            raise Http404
        return FeedTarget(
            title=_("Initiatives and pledges of %(name)s — Minga") % {"name": country.name},
            link=country.get_absolute_url(),
            description=_("New initiatives of %(name)s and their dated updates.")
            % {"name": country.name},
            filters={"country": country},
        )


class ObjectiveFeed(InitiativesFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedTarget:
        objective = objective_by_number(int(kwargs.get("number", 0)))
        if objective is None:
            raise Http404
        return FeedTarget(
            title=_("Initiatives on objective %(number)d — Minga") % {"number": objective.number},
            link=objective.get_absolute_url(),
            description=objective.title_display,
            filters={"objective": objective},
        )

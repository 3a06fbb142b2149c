"""Atom feeds, mounted outside the language prefix at /feeds/ (config/urls.py)."""

from django.urls import path

from . import feeds

urlpatterns = [
    path("initiatives/", feeds.InitiativesFeed(), name="initiatives_feed"),
    path("initiatives/<int:pk>/", feeds.InitiativeFeed(), name="initiative_feed"),
    path("countries/<str:iso2>/", feeds.CountryFeed(), name="country_initiatives_feed"),
    path("objectives/<int:number>/", feeds.ObjectiveFeed(), name="objective_initiatives_feed"),
]

from django.urls import path

from . import feeds

urlpatterns = [path("recommendations/", feeds.RecommendationsFeed(), name="recommendations_feed")]

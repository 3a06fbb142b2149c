from django.urls import path

from . import feeds

urlpatterns = [path("reports/", feeds.PublishedReportsFeed(), name="reports_feed")]

"""Addresses without a language prefix: a review's subscribable calendar (/reviews/<slug>/calendar.ics)."""

from django.urls import path

from . import views

urlpatterns = [path("<slug:slug>/calendar.ics", views.review_ics, name="hearings_review_ics")]

from django.urls import path

from minga.opendata import dashboard_views as views

app_name = "dashboards"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<int:objective>/<str:iso2>/", views.scorecard_cell, name="cell"),
    path("dashboards/", views.dashboards, name="dashboards"),
]

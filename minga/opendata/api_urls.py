from django.urls import path

from minga.opendata import monitoring_views, views

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("exports/datapackage.json", views.export_datapackage, name="datapackage"),
    path("exports/<slug:name>.<slug:fmt>", views.export_file, name="export"),
    path("exports/snapshots/<int:pk>/<str:filename>", views.snapshot_file, name="snapshot"),
    path(
        "incident-aggregates/",
        monitoring_views.incident_aggregates,
        name="incident_aggregates",
    ),
    path("<slug:resource>/", views.resource_list, name="list"),
    path("<slug:resource>/<str:pk>/", views.resource_detail, name="detail"),
]

from django.urls import path

from minga.opendata import views

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("<slug:resource>/", views.resource_list, name="list"),
    path("<slug:resource>/<int:pk>/", views.resource_detail, name="detail"),
]

from django.urls import path

from . import views

app_name = "gcm"
urlpatterns = [
    path("objectives/", views.objectives, name="objectives"),
    path("objectives/<int:number>/", views.objective, name="objective"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:iso2>/", views.country, name="country"),
]

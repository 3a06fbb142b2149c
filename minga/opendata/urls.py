from django.urls import path

from minga.opendata import views

app_name = "opendata"
urlpatterns = [path("", views.reference, name="reference")]

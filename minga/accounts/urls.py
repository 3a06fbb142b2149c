from django.urls import path

from minga.core.views import not_built_yet

app_name = "accounts"
urlpatterns = [path("profile/", not_built_yet, name="profile")]

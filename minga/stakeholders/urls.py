from django.urls import path

from minga.core.views import not_built_yet

app_name = "stakeholders"
# Filled in by the stakeholders work; names are stable.
urlpatterns = [
    path("", not_built_yet, name="directory"),
    path("new/", not_built_yet, name="create"),
]

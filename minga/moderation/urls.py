from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("flag/<int:content_type_id>/<int:object_id>/", views.flag, name="flag"),
    path("item/<int:content_type_id>/<int:object_id>/", views.item, name="item"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/unblock/", views.unblock, name="unblock"),
]

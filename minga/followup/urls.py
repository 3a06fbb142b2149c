from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.tracker, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("addressees/<int:addressee_id>/respond/", views.respond, name="respond"),
    path("addressees/<int:addressee_id>/progress/", views.progress, name="progress"),
    path("updates/<int:update_id>/verify/", views.verify, name="verify"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/subscribe/", views.subscribe, name="subscribe"),
    path(
        "bulletins/unsubscribe/<str:token>/",
        views.bulletin_unsubscribe,
        name="bulletin_unsubscribe",
    ),
    path("bulletins/draft/", views.bulletin_draft, name="bulletin_draft"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/send/", views.bulletin_send, name="bulletin_send"),
]

from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.create, name="create"),
    path("review/", views.workspace, name="workspace"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/configure/", views.configure, name="configure"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/clarify/", views.clarify, name="clarify"),
    path("<int:pk>/clarifications/<int:clarification_id>/answer/", views.answer, name="answer"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path(
        "<int:pk>/adoptions/<int:adoption_id>/remove/",
        views.remove_adoption,
        name="remove_adoption",
    ),
]

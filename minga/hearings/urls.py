from django.urls import path

from . import views

app_name = "hearings"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>.ics", views.session_ics, name="ics"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/roles/", views.assign_role, name="assign_role"),
    path("<int:pk>/roles/<int:role_id>/remove/", views.remove_role, name="remove_role"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/register/cancel/", views.cancel_registration, name="cancel_registration"),
    path("<int:pk>/ticket/", views.ticket, name="ticket"),
    path("<int:pk>/check-in/", views.check_in_list, name="check_in_list"),
    path("<int:pk>/check-in/<int:registration_id>/", views.check_in, name="check_in"),
    path("<int:pk>/check-in/t/<str:token>/", views.check_in_token, name="check_in_token"),
    path("<int:pk>/live/", views.live_room, name="live"),
    path("<int:pk>/live/projector/", views.live_projector, name="projector"),
    path("<int:pk>/live/part/<str:part>/", views.live_part, name="live_part"),
    path("<int:pk>/live/ask/", views.ask, name="ask"),
    path("<int:pk>/live/questions/<int:question_id>/vote/", views.vote, name="vote"),
    path(
        "<int:pk>/live/questions/<int:question_id>/<str:verb>/",
        views.moderate_question,
        name="moderate_question",
    ),
    path("<int:pk>/live/floor/", views.request_floor, name="request_floor"),
    path(
        "<int:pk>/live/floor/<int:request_id>/<str:verb>/", views.manage_floor, name="manage_floor"
    ),
    path("<int:pk>/live/notes/", views.add_note, name="add_note"),
]

from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("<int:pk>/", views.consultation, name="consultation"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/phase/", views.consultation_phase, name="phase"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/contribute/", views.contribute, name="contribute"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/react/", views.react, name="react"),
]

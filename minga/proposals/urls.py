from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/endorse/", views.endorse, name="endorse"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]

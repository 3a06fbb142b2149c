from django.urls import path

from . import views

app_name = "stakeholders"
# Fixed paths come before "<slug>/"; actions.RESERVED_SLUGS keeps organizations off them.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("accreditations/", views.accreditations, name="accreditations"),
    path("popolo.json", views.popolo, name="popolo"),
    path("<slug:slug>/", views.organization, name="organization"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/accreditation/", views.accreditation_apply, name="accreditation_apply"),
]

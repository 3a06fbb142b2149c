from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.create, name="create"),
    path("changes/", views.changes, name="changes"),
    path("import/", views.import_initiatives, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/updates/", views.add_update, name="add_update"),
    path("<int:pk>/sources/", views.add_source, name="add_source"),
    path("<int:pk>/sources/<int:source_id>/", views.source, name="source"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/assessments/<int:assessment_id>/reply/", views.reply, name="reply"),
]

from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.aggregates, name="aggregates"),
    path("report/", views.report, name="report"),
    path("report/receipt/", views.confirm_receipt, name="confirm_receipt"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("review/", views.workspace, name="workspace"),
    path("review/key/", views.key_setup, name="key_setup"),
    path("review/keys/", views.key_admin, name="key_admin"),
    path("review/grant/", views.grant, name="grant"),
    path("review/<int:pk>/", views.case, name="case"),
    path("review/<int:pk>/sealed/", views.sealed, name="sealed"),
    path("review/<int:pk>/files/<int:file_id>/", views.sealed_file, name="sealed_file"),
]

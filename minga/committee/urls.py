from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("", views.workspace_view, name="workspace"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/update/", views.member_update, name="member_update"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.open_call, name="open_call"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("calls/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("calls/<int:pk>/nominations/", views.nominations, name="nominations"),
    path("calls/<int:pk>/balance/", views.balance_panel, name="balance"),
    path("calls/<int:pk>/slate/", views.slate, name="slate"),
    path("calls/<int:pk>/close/", views.close, name="close"),
    path("calls/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("calls/<int:pk>/return/", views.return_slate, name="return"),
    path("nominations/<int:pk>/vote/", views.vote, name="vote"),
    path("consent/<str:token>/", views.consent, name="consent"),
]

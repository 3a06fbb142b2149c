from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/v/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v/<int:number>/pdf/", views.pdf_status, name="pdf_status"),
    path("<int:pk>/v/<int:number>/pdf/<str:language>/", views.pdf_download, name="pdf"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/titles/", views.translate_titles, name="titles"),
    path("<int:pk>/titles/<str:language>/", views.translate_titles, name="titles_save"),
    path("<int:pk>/chapters/", views.add_chapter, name="add_chapter"),
    path("<int:pk>/state/<slug:step>/", views.report_state, name="state"),
    path("chapters/<int:chapter_id>/sections/", views.add_section, name="add_section"),
    path("chapters/<int:chapter_id>/assign/", views.assign, name="assign"),
    path("assignments/<int:assignment_id>/remove/", views.unassign, name="unassign"),
    path("sections/<int:section_id>/paragraphs/", views.add_paragraph, name="add_paragraph"),
    path("paragraphs/<int:pid>/", views.paragraph_detail, name="paragraph"),
    path("paragraphs/<int:pid>/edit/", views.paragraph_edit, name="paragraph_edit"),
    path("paragraphs/<int:pid>/preview/", views.paragraph_preview, name="preview"),
    path("paragraphs/<int:pid>/comment/", views.paragraph_comment, name="comment"),
    path("paragraphs/<int:pid>/evidence/", views.evidence_add, name="evidence_add"),
    path("paragraphs/<int:pid>/translate/", views.paragraph_translate, name="translate"),
    path("comments/<int:comment_id>/reply/", views.comment_reply, name="reply"),
    path("evidence/<int:link_id>/remove/", views.evidence_remove, name="evidence_remove"),
]

from django.urls import path

from . import excel_views, views

app_name = "awards"
urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("new/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("<int:pk>/export/", excel_views.nomination_export, name="nominations-export"),
    path("<int:pk>/quotas/", views.quotas, name="quotas"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/notice/", views.start_notice, name="start-notice"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice-pdf"),
    path("<int:pk>/decision.pdf", views.decision_pdf, name="decision-pdf"),
    path("<int:pk>/round-notice.pdf", views.round_notice_pdf, name="round-notice-pdf"),
    path("<int:pk>/round-notice.docx", views.round_notice_docx, name="round-notice-docx"),
    path("<int:pk>/notice.docx", views.notice_docx, name="notice-docx"),
    path("<int:pk>/decision.docx", views.decision_docx, name="decision-docx"),
    path("<int:pk>/certificates.pdf", views.certificates_pdf, name="certificates-pdf"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/assess/", views.assess, name="assess"),
    path("nominations/<int:pk>/files/", views.file_upload, name="file-upload"),
    path("nominations/<int:pk>/objections/new/", views.objection_add, name="objection-add"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection-resolve"),
    path("files/<int:pk>/", views.file_download, name="file-download"),
]

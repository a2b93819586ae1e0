from django.urls import path

from . import excel_views, views, views_records

app_name = "branches"
urlpatterns = [
    path("", views.branch_list, name="list"),
    path("<int:pk>/", views.branch_detail, name="detail"),
    # Organisational life (三会一课 and the rest)
    path("<int:pk>/meetings/", views.branch_meetings, name="meetings"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("<int:pk>/meetings/export/", excel_views.meeting_export, name="meetings-export"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/record/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/confirm-late/", views.meeting_confirm_late, name="meeting-confirm-late"
    ),
    path("meetings/photos/<int:pk>/", views.meeting_photo, name="meeting-photo"),
    # Record books: a meeting's record page, a blank sign-in sheet, a year of meetings
    path(
        "meetings/<int:pk>/record.pdf", views_records.meeting_record_pdf, name="meeting-record-pdf"
    ),
    path(
        "meetings/<int:pk>/sign-in.pdf",
        views_records.meeting_sign_in_pdf,
        name="meeting-sign-in-pdf",
    ),
    path(
        "<int:pk>/meetings/<int:year>/book.pdf",
        views_records.meeting_book_pdf,
        name="meeting-book-pdf",
    ),
    path("compliance/", views.compliance, name="compliance"),
    path(
        "compliance/meetings/export/",
        excel_views.compliance_meeting_export,
        name="compliance-meetings-export",
    ),
    path("screening/", views.screening, name="screening"),
    path("screening/<int:year>/<int:pk>/decide/", views.screening_decide, name="screening-decide"),
    path("export/", excel_views.branch_export, name="export"),
    path("import/", excel_views.branch_import, name="import"),
    path("import/confirm/", excel_views.branch_import_confirm, name="import-confirm"),
    path("import/template/", excel_views.branch_import_template, name="import-template"),
    path("grades/export/", excel_views.grade_export, name="grades-export"),
    path("grades/import/", excel_views.grade_import, name="grades-import"),
    path("grades/import/confirm/", excel_views.grade_import_confirm, name="grades-import-confirm"),
    path(
        "grades/import/template/", excel_views.grade_import_template, name="grades-import-template"
    ),
]

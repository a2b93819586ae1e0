from django.urls import path

from . import excel_views
from .views import branches, records

app_name = "branches"
urlpatterns = [
    path("", branches.branch_list, name="list"),
    path("<int:pk>/", branches.branch_detail, name="detail"),
    # Organisational life (三会一课 and the rest)
    path("<int:pk>/meetings/", branches.branch_meetings, name="meetings"),
    path("<int:pk>/meetings/new/", branches.meeting_new, name="meeting-new"),
    path("<int:pk>/meetings/export/", excel_views.meeting_export, name="meetings-export"),
    path("meetings/<int:pk>/", branches.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/record/", branches.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/confirm-late/",
        branches.meeting_confirm_late,
        name="meeting-confirm-late",
    ),
    path("meetings/photos/<int:pk>/", branches.meeting_photo, name="meeting-photo"),
    # Record books: a meeting's record page, a blank sign-in sheet, a year of meetings
    path("meetings/<int:pk>/record.pdf", records.meeting_record_pdf, name="meeting-record-pdf"),
    path(
        "meetings/<int:pk>/sign-in.pdf",
        records.meeting_sign_in_pdf,
        name="meeting-sign-in-pdf",
    ),
    path(
        "<int:pk>/meetings/<int:year>/book.pdf",
        records.meeting_book_pdf,
        name="meeting-book-pdf",
    ),
    path("compliance/", branches.compliance, name="compliance"),
    path(
        "compliance/meetings/export/",
        excel_views.compliance_meeting_export,
        name="compliance-meetings-export",
    ),
    path("screening/", branches.screening, name="screening"),
    path(
        "screening/<int:year>/<int:pk>/decide/", branches.screening_decide, name="screening-decide"
    ),
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

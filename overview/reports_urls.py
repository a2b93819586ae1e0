from django.urls import path

from documents import views as documents_views

from . import county, reports

app_name = "reports"
urlpatterns = [
    path("", reports.report_index, name="index"),
    path("annual/<int:year>/", reports.annual_report, name="annual"),
    path("annual/<int:year>/text/", documents_views.report_text_edit, name="annual-text"),
    path("annual/<int:year>/docx/", reports.annual_report_docx, name="annual-docx"),
    path("branches/<int:pk>/", reports.branch_profile, name="branch-profile"),
    path("branches/<int:pk>/docx/", reports.branch_profile_docx, name="branch-profile-docx"),
    path("county/<int:year>/", county.county_report, name="county"),
]

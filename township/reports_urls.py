from django.urls import path

from . import county, reports

app_name = "reports"
urlpatterns = [
    path("", reports.report_index, name="index"),
    path("annual/<int:year>/", reports.annual_report, name="annual"),
    path("branches/<int:pk>/", reports.branch_profile, name="branch-profile"),
    path("county/<int:year>/", county.county_report, name="county"),
]

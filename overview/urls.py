from django.urls import include, path

from . import county, dashboard, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("county/", county.county_dashboard, name="county"),
    path("reports/", include("overview.reports_urls")),
]

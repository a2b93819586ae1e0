from django.contrib import admin

from township.admin_mixins import ScopedAdmin

from .models import ReportText


@admin.register(ReportText)
class ReportTextAdmin(ScopedAdmin):
    """The annual report's narrative, also written on /reports/annual/<year>/text/; here for
    its history (who changed which paragraph) and restoring an earlier version."""

    list_display = ["__str__", "township", "year", "signed_on"]
    list_select_related = ["township"]
    list_filter = ["year"]
    allow_delete = False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from township.admin_mixins import ScopedAdmin

from .models import Branch, BranchGrade, CommitteePosition, Rectification


class ActiveBranchFilter(admin.SimpleListFilter):
    """Active branches by default; dissolved ones on request."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("dissolved", _("dissolved")), ("all", _("all"))]

    def choices(self, changelist):
        value = self.value() or "active"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "active"
        if value == "active":
            return queryset.filter(dissolved_on__isnull=True)
        if value == "dissolved":
            return queryset.filter(dissolved_on__isnull=False)
        return queryset


class CommitteePositionInline(admin.TabularInline):
    model = CommitteePosition
    extra = 0
    fields = ["position", "member", "term_start", "term_end", "left_on"]
    raw_id_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")

    def has_view_permission(self, request, obj=None):
        return True  # the parent ScopedAdmin has already decided

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Branch)
class BranchAdmin(ScopedAdmin):
    allow_delete = False
    list_display = ["name", "kind", "is_joint", "founded_on", "dissolved_on"]
    list_filter = [ActiveBranchFilter, "kind", "is_joint"]
    list_select_related = ["township"]
    search_fields = ["name", "short_name"]
    inlines = [CommitteePositionInline]
    fields = [
        "township",
        "name",
        "short_name",
        "kind",
        "is_joint",
        "joint_units",
        "founded_on",
        "dissolved_on",
        "position",
    ]


@admin.register(BranchGrade)
class BranchGradeAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["branch", "year", "grade", "weak_and_lax", "assessed_on"]
    list_filter = ["year", "grade", "weak_and_lax"]
    list_select_related = ["branch"]
    search_fields = ["branch__name"]


@admin.register(Rectification)
class RectificationAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["branch", "year", "status", "responsible", "deadline", "closed_on"]
    list_filter = ["year", "status"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "responsible"]
    fieldsets = [
        (None, {"fields": ["branch", "year", "problems"]}),
        (_("Remedies"), {"fields": ["adjust_leader", "fill_vacancies", "send_cadre", "measures"]}),
        (None, {"fields": ["responsible", "deadline", "status", "result", "closed_on"]}),
    ]

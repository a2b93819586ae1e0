from django.contrib import admin
from django.db import models

from township.admin_mixins import ScopedAdmin, ScopedInline
from township.uploads import PrivateFileInput

from .models import Measure, Plan, ResponsibilityLetter, Task, TaskUpdate


class MeasureInline(ScopedInline, admin.StackedInline):
    model = Measure
    extra = 0
    fields = ["number", "title", "body", "deadline_kind", "deadline"]


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    township_path = "township"
    list_display = ["year", "title", "township"]
    list_filter = ["year"]
    list_select_related = ["township"]
    search_fields = ["title"]
    inlines = [MeasureInline]


class TaskInline(ScopedInline, admin.TabularInline):
    model = Task
    extra = 0
    fields = [
        "title",
        "branch",
        "responsible",
        "due_on",
        "evidence_required",
        "percent",
        "is_done",
        "done_on",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("branch")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "branch" and not request.user.is_superuser:
            from township.permissions import townships_managed_by

            field.queryset = field.queryset.filter(township__in=townships_managed_by(request.user))
        return field


@admin.register(Measure)
class MeasureAdmin(ScopedAdmin):
    township_path = "plan__township"
    list_display = ["__str__", "plan", "deadline_kind", "deadline"]
    list_filter = ["plan__year", "deadline_kind"]
    list_select_related = ["plan"]
    inlines = [TaskInline]


class TaskUpdateInline(ScopedInline, admin.TabularInline):
    model = TaskUpdate
    extra = 0
    fields = ["on", "kind", "author", "percent", "text"]
    readonly_fields = ["author"]

    def has_add_permission(self, request, obj=None):
        return False  # updates are posted on the task page, with optimistic locking


@admin.register(Task)
class TaskAdmin(ScopedAdmin):
    township_path = "measure__plan__township"
    list_display = ["title", "measure", "branch", "responsible", "due_on", "percent", "is_done"]
    list_filter = ["measure__plan__year", "is_done", "measure"]
    list_select_related = ["measure__plan", "branch"]
    search_fields = ["title", "responsible", "branch__name"]
    readonly_fields = ["version"]
    inlines = [TaskUpdateInline]

    def save_model(self, request, obj, form, change):
        if change:
            # A back-office edit also counts as a change: a task page open elsewhere
            # carrying the old version will be refused instead of overwriting it.
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["branch", "year", "kind", "signed_on", "result"]
    list_filter = ["year", "kind", "result"]
    list_select_related = ["branch"]
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput("plans:letter-scan")}}
    search_fields = ["branch__name"]

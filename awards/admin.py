from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from township.admin_mixins import ScopedAdmin, ScopedInline

from .models import Category, DisciplineRecord, Nomination, NominationFile, Objection, Quota, Round


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = [
        "name",
        "township",
        "target",
        "full_members_only",
        "party_work_only",
        "needs_confirmation",
        "is_active",
    ]
    list_filter = ["is_active", "target"]
    list_select_related = ["township"]


class QuotaInline(ScopedInline, admin.TabularInline):
    model = Quota
    extra = 0


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    list_display = [
        "__str__",
        "township",
        "meeting_on",
        "notice_starts_on",
        "decided_on",
        "document_number",
    ]
    list_select_related = ["township"]
    inlines = [QuotaInline]
    allow_delete = False


class ReadOnlyInline(ScopedInline):
    """Rows written through the round's own pages, where the rules live (files checked by
    content, objections only during the notice): shown here, not edited."""

    allow_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FileInline(ReadOnlyInline, admin.TabularInline):
    model = NominationFile
    extra = 0
    fields = ["name", "uploaded_by", "uploaded_at"]
    readonly_fields = ["name", "uploaded_by", "uploaded_at"]


class ObjectionInline(ReadOnlyInline, admin.StackedInline):
    model = Objection
    extra = 0


@admin.register(Nomination)
class NominationAdmin(ScopedAdmin):
    township_path = "round__township"
    list_display = ["nominee", "category", "round", "nominating_branch", "stage"]
    list_filter = ["stage", "round__year", "category__name"]
    list_select_related = ["round", "category", "member", "branch", "nominating_branch"]
    search_fields = ["member__name", "branch__name"]
    raw_id_fields = ["member", "branch", "nominating_branch", "nominated_by"]
    inlines = [FileInline, ObjectionInline]
    allow_delete = False

    @admin.display(description=_("nominee"), ordering="member__name")
    def nominee(self, obj):
        return obj.nominee_name


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(ScopedAdmin):
    township_path = "member__branch__township"
    list_display = ["member", "kind", "started_on", "ended_on"]
    list_filter = ["kind"]
    list_select_related = ["member"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    allow_delete = False

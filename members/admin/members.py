from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from township.admin_mixins import DefaultChoiceFilter, ScopedAdmin, ScopedBranchFilter
from township.excel_admin import SheetPagesMixin
from township.uploads import PrivateFileInput

from ..models import Member


class CurrentMemberFilter(DefaultChoiceFilter):
    """Current members by default: those who left are kept but rarely wanted."""

    title = _("membership")
    parameter_name = "current"
    default = "current"
    filters = {
        "current": Q(left_on__isnull=True),
        "probationary": Q(left_on__isnull=True, full_member_on__isnull=True),
        "left": Q(left_on__isnull=False),
    }

    def lookups(self, request, model_admin):
        return [
            ("current", _("current members")),
            ("probationary", _("probationary members")),
            ("left", _("members who left")),
            ("all", _("all")),
        ]


@admin.register(Member)
class MemberAdmin(SheetPagesMixin, ScopedAdmin):
    township_path = "branch__township"
    import_url_name = "members:import"
    export_url_name = "members:export"
    allow_delete = False
    list_display = [
        "name",
        "gender",
        "branch",
        "birth_date",
        "education",
        "joined_on",
        "full_member_on",
        "standing",
        "is_mobile",
        "is_lost_contact",
    ]
    list_filter = [
        CurrentMemberFilter,
        ("branch", ScopedBranchFilter),
        "gender",
        "education",
        "category",
        "standing",
        "is_mobile",
        "is_lost_contact",
    ]
    list_select_related = ["branch"]
    search_fields = ["name", "id_number", "phone"]
    list_per_page = 50
    fieldsets = [
        (
            _("Member form"),
            {
                "fields": [
                    "branch",
                    "name",
                    ("gender", "ethnicity"),
                    "id_number",
                    "birth_date",
                    ("education", "category"),
                    ("joined_on", "full_member_on"),
                    "job",
                    "phone",
                    "address",
                    "standing",
                ]
            },
        ),
        (
            _("Mobility and contact"),
            {
                "fields": [
                    ("is_mobile", "mobile_destination"),
                    ("mobile_since", "last_contact_on"),
                    ("is_lost_contact", "lost_contact_since"),
                ]
            },
        ),
        (
            _("Leaving"),
            {
                "fields": [
                    ("left_on", "leave_reason"),
                    "leave_basis",
                    "leave_document",
                    "leave_note",
                    "probation_extended_to",
                ]
            },
        ),
    ]
    # The leaving document is personal: its link goes to the checked download view.
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput("members:leave-document")}}

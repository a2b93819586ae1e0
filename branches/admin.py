from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from township.admin_mixins import DefaultChoiceFilter, ScopedAdmin, ScopedInline
from township.excel_admin import SheetPagesMixin
from township.uploads import PrivateFileInput

from .models import Branch, BranchGrade, CommitteePosition, Rectification


class ActiveBranchFilter(DefaultChoiceFilter):
    """Active branches by default; dissolved ones on request."""

    title = _("status")
    parameter_name = "status"
    default = "active"
    filters = {
        "active": Q(dissolved_on__isnull=True),
        "dissolved": Q(dissolved_on__isnull=False),
    }

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("dissolved", _("dissolved")), ("all", _("all"))]


class CommitteePositionInline(ScopedInline, admin.TabularInline):
    model = CommitteePosition
    extra = 0
    fields = [
        "position",
        "member",
        "term_start",
        "term_end",
        "left_on",
        "election",
        "strong_in_getting_rich",
        "strong_in_leading",
    ]
    raw_id_fields = ["member", "election"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Branch)
class BranchAdmin(SheetPagesMixin, ScopedAdmin):
    import_url_name = "branches:import"
    export_url_name = "branches:export"
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
class BranchGradeAdmin(SheetPagesMixin, ScopedAdmin):
    township_path = "branch__township"
    import_url_name = "branches:grades-import"
    export_url_name = "branches:grades-export"
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


# --- Organisational life and committee elections ---------------------------------------

from .models import (  # noqa: E402
    Attendance,
    CommitteeElection,
    ElectionCandidate,
    Meeting,
    MeetingPhoto,
    candidates_needed,
    enough_candidates,
)


class AttendanceInline(ScopedInline, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "present", "absence_reason", "voting"]
    raw_id_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class MeetingPhotoInline(ScopedInline, admin.TabularInline):
    model = MeetingPhoto
    extra = 0
    fields = ["image", "caption"]
    formfield_overrides = {
        models.ImageField: {"widget": PrivateFileInput("branches:meeting-photo")}
    }


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["date", "branch", "kind", "topic", "status"]
    list_filter = ["status", "kind", "branch"]
    list_select_related = ["branch"]
    search_fields = ["topic", "branch__name"]
    date_hierarchy = "date"
    raw_id_fields = ["host", "recorder"]
    inlines = [AttendanceInline, MeetingPhotoInline]


class ElectionCandidateFormSet(BaseInlineFormSet):
    """The 差额 rule and the number of seats over the candidates as a whole
    (branches/models.py enough_candidates)."""

    def clean(self):
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("member")
        ]
        seats = self.instance.seats
        if not kept or seats is None:
            return
        if not enough_candidates(seats=seats, candidates=len(kept)):
            raise ValidationError(
                _(
                    "Too few candidates: candidates must exceed the seats by at least 20%% "
                    "(%(seats)s seats need %(needed)s candidates, %(count)s recorded)."
                )
                % {"seats": seats, "needed": candidates_needed(seats), "count": len(kept)}
            )
        if sum(1 for f in kept if f.cleaned_data.get("elected")) > seats:
            raise ValidationError(_("More candidates are marked elected than there are seats."))


class ElectionCandidateInline(ScopedInline, admin.TabularInline):
    model = ElectionCandidate
    formset = ElectionCandidateFormSet
    extra = 0
    fields = ["member", "votes", "elected", "strong_in_getting_rich", "strong_in_leading"]
    raw_id_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(CommitteeElection)
class CommitteeElectionAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["branch", "held_on", "eligible_voters", "votes_cast", "seats", "valid"]
    list_filter = ["branch"]
    list_select_related = ["branch"]
    search_fields = ["branch__name"]
    inlines = [ElectionCandidateInline]

    @admin.display(boolean=True, description=_("quorate"))
    def valid(self, obj):
        return obj.is_valid


# --- Party groups (党小组) --------------------------------------------------------------

from .models import PartyGroup, PartyGroupMember  # noqa: E402


class PartyGroupMemberInline(ScopedInline, admin.TabularInline):
    model = PartyGroupMember
    extra = 1
    raw_id_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(PartyGroup)
class PartyGroupAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["name", "branch", "leader", "founded_on", "dissolved_on"]
    list_filter = ["branch"]
    list_select_related = ["branch", "leader"]
    search_fields = ["name", "branch__name"]
    raw_id_fields = ["leader"]
    inlines = [PartyGroupMemberInline]

"""Back office of democratic appraisal, contact logs, member development, reserve cadres and
campaigns (imported by members/admin/__init__.py)."""

from django.contrib import admin

from township.admin_mixins import ScopedAdmin, ScopedInline

from ..models import (
    Applicant,
    Appraisal,
    Campaign,
    CampaignBranch,
    CampaignMember,
    ContactLog,
    ReserveCadre,
    UnqualifiedFollowUp,
)


@admin.register(Appraisal)
class AppraisalAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = ["member", "branch", "year", "result"]
    list_filter = ["year", "result", "branch"]
    list_select_related = ["member", "branch"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    readonly_fields = ["branch"]


@admin.register(ContactLog)
class ContactLogAdmin(ScopedAdmin):
    township_path = "member__branch__township"
    list_display = ["date", "member", "how"]
    list_filter = ["how"]
    list_select_related = ["member"]
    search_fields = ["member__name", "what"]
    raw_id_fields = ["member"]
    date_hierarchy = "date"


@admin.register(Applicant)
class ApplicantAdmin(ScopedAdmin):
    township_path = "branch__township"
    allow_delete = False
    list_display = ["name", "branch", "applied_on", "activist_on", "candidate_on", "admitted_on"]
    list_filter = ["branch"]
    list_select_related = ["branch"]
    search_fields = ["name", "id_number"]
    raw_id_fields = [
        "contact_1",
        "contact_2",
        "introducer_1",
        "introducer_2",
        "member",
    ]


@admin.register(ReserveCadre)
class ReserveCadreAdmin(ScopedAdmin):
    township_path = "branch__township"
    list_display = [
        "name",
        "branch",
        "birth_date",
        "education",
        "is_village_official",
        "strong_in_getting_rich",
        "strong_in_leading",
        "since",
        "until",
    ]
    list_filter = ["is_village_official", "branch"]
    list_select_related = ["branch"]
    search_fields = ["name"]
    raw_id_fields = ["member"]


class CampaignBranchInline(ScopedInline, admin.TabularInline):
    model = CampaignBranch
    extra = 0
    fields = ["branch", "result", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("branch")


class CampaignMemberInline(CampaignBranchInline):
    model = CampaignMember
    fields = ["member", "result", "note"]
    raw_id_fields = ["member"]

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request).select_related("member")


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["year", "title", "kind", "starts_on", "ends_on"]
    list_filter = ["year", "kind"]
    list_select_related = ["township"]
    search_fields = ["title"]
    inlines = [CampaignBranchInline, CampaignMemberInline]


@admin.register(UnqualifiedFollowUp)
class UnqualifiedFollowUpAdmin(ScopedAdmin):
    """不合格 follow-up: 限期改正, then corrected, 劝退 or 除名 (branch meeting, township
    approval)."""

    township_path = "appraisal__branch__township"
    allow_delete = False
    list_display = ["appraisal", "ordered_on", "deadline", "outcome", "approved_on"]
    list_filter = ["outcome"]
    list_select_related = ["appraisal__member", "appraisal__branch"]
    search_fields = ["appraisal__member__name"]
    raw_id_fields = ["appraisal"]

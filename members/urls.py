from django.urls import path

from . import excel_views
from .views import development, members, orglife, unqualified, upkeep

app_name = "members"
urlpatterns = [
    path("", members.member_list_view, name="list"),
    path("<int:pk>/", members.member_detail, name="detail"),
    # Organisational life and the cadre pipeline (orglife.py)
    path("<int:pk>/contacts/new/", orglife.contact_new, name="contact-new"),
    path("<int:pk>/mobility/", orglife.mobility_edit, name="mobility"),
    path("appraisals/<int:pk>/", orglife.appraisals, name="appraisals"),
    path(
        "appraisals/entries/<int:pk>/confirm-late/",
        orglife.appraisal_confirm_late,
        name="appraisal-confirm-late",
    ),
    path(
        "contacts/<int:pk>/confirm-late/",
        orglife.contact_confirm_late,
        name="contact-confirm-late",
    ),
    path("mobile/", orglife.mobile_list, name="mobile"),
    path("development/", orglife.pipeline, name="pipeline"),
    path("development/new/", orglife.applicant_new, name="applicant-new"),
    path("development/<int:pk>/", orglife.applicant_detail, name="applicant"),
    path(
        "development/<int:pk>/steps/",
        development.development_step_add,
        name="development-step-add",
    ),
    path(
        "development/steps/<int:pk>/file/",
        development.development_step_file,
        name="development-step-file",
    ),
    path("reserve-cadres/", orglife.reserve_list, name="reserve"),
    path("campaigns/", orglife.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", orglife.campaign_detail, name="campaign"),
    path("export/", excel_views.roster_export, name="export"),
    path("import/", excel_views.roster_import, name="import"),
    path("import/confirm/", excel_views.roster_import_confirm, name="import-confirm"),
    path("import/template/", excel_views.roster_import_template, name="import-template"),
    # Member upkeep in the front office (upkeep.py)
    path("new/", upkeep.member_new, name="new"),
    path("<int:pk>/edit/", upkeep.member_edit, name="edit"),
    path("<int:pk>/move/", upkeep.member_move, name="move"),
    path("<int:pk>/leave/", upkeep.member_leave, name="leave"),
    path("<int:pk>/leave/document/", upkeep.leave_document, name="leave-document"),
    path("<int:pk>/probation/", upkeep.member_probation, name="probation"),
    path("reduced/", upkeep.reduced_list, name="reduced"),
    # 不合格 follow-up (unqualified.py)
    path("unqualified/", unqualified.unqualified_list, name="unqualified"),
    path("appraisals/<int:pk>/follow-up/", unqualified.follow_up_order, name="follow-up"),
    path(
        "appraisals/<int:pk>/follow-up/outcome/",
        unqualified.follow_up_outcome,
        name="follow-up-outcome",
    ),
    path(
        "follow-ups/<int:pk>/document/",
        unqualified.follow_up_document,
        name="follow-up-document",
    ),
    path("reduced/export/", excel_views.reduced_export, name="reduced-export"),
]

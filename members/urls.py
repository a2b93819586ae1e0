from django.urls import path

from . import (
    excel_views,
    views,
    views_development,
    views_orglife,
    views_unqualified,
    views_upkeep,
)

app_name = "members"
urlpatterns = [
    path("", views.member_list_view, name="list"),
    path("<int:pk>/", views.member_detail, name="detail"),
    # Organisational life and the cadre pipeline (views_orglife.py)
    path("<int:pk>/contacts/new/", views_orglife.contact_new, name="contact-new"),
    path("<int:pk>/mobility/", views_orglife.mobility_edit, name="mobility"),
    path("appraisals/<int:pk>/", views_orglife.appraisals, name="appraisals"),
    path(
        "appraisals/entries/<int:pk>/confirm-late/",
        views_orglife.appraisal_confirm_late,
        name="appraisal-confirm-late",
    ),
    path(
        "contacts/<int:pk>/confirm-late/",
        views_orglife.contact_confirm_late,
        name="contact-confirm-late",
    ),
    path("mobile/", views_orglife.mobile_list, name="mobile"),
    path("development/", views_orglife.pipeline, name="pipeline"),
    path("development/new/", views_orglife.applicant_new, name="applicant-new"),
    path("development/<int:pk>/", views_orglife.applicant_detail, name="applicant"),
    path(
        "development/<int:pk>/steps/",
        views_development.development_step_add,
        name="development-step-add",
    ),
    path(
        "development/steps/<int:pk>/file/",
        views_development.development_step_file,
        name="development-step-file",
    ),
    path("reserve-cadres/", views_orglife.reserve_list, name="reserve"),
    path("campaigns/", views_orglife.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views_orglife.campaign_detail, name="campaign"),
    path("export/", excel_views.roster_export, name="export"),
    path("import/", excel_views.roster_import, name="import"),
    path("import/confirm/", excel_views.roster_import_confirm, name="import-confirm"),
    path("import/template/", excel_views.roster_import_template, name="import-template"),
    # Member upkeep in the front office (views_upkeep.py)
    path("new/", views_upkeep.member_new, name="new"),
    path("<int:pk>/edit/", views_upkeep.member_edit, name="edit"),
    path("<int:pk>/move/", views_upkeep.member_move, name="move"),
    path("<int:pk>/leave/", views_upkeep.member_leave, name="leave"),
    path("<int:pk>/leave/document/", views_upkeep.leave_document, name="leave-document"),
    path("<int:pk>/probation/", views_upkeep.member_probation, name="probation"),
    path("reduced/", views_upkeep.reduced_list, name="reduced"),
    # 不合格 follow-up (views_unqualified.py)
    path("unqualified/", views_unqualified.unqualified_list, name="unqualified"),
    path("appraisals/<int:pk>/follow-up/", views_unqualified.follow_up_order, name="follow-up"),
    path(
        "appraisals/<int:pk>/follow-up/outcome/",
        views_unqualified.follow_up_outcome,
        name="follow-up-outcome",
    ),
    path(
        "follow-ups/<int:pk>/document/",
        views_unqualified.follow_up_document,
        name="follow-up-document",
    ),
    path("reduced/export/", excel_views.reduced_export, name="reduced-export"),
]

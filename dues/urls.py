from django.urls import path

from . import excel_views, views, views_rates

app_name = "dues"
urlpatterns = [
    path("", views.dues_index, name="index"),
    path("branches/<int:pk>/", views.branch_dues, name="branch"),
    path("branches/<int:pk>/pay/", views.record_payment_view, name="pay"),
    path("branches/<int:pk>/remit/", views.remit_view, name="remit"),
    path("branches/<int:pk>/export/", excel_views.branch_export, name="branch-export"),
    path("branches/<int:pk>/report.pdf", views.branch_pdf, name="branch-pdf"),
    path("branches/<int:pk>/consent/", views.consent_view, name="consent"),
    path("members/<int:pk>/assess/", views.assess_view, name="assess"),
    path("members/<int:pk>/good-reason/", views.good_reason_view, name="good-reason"),
    path("<slug:kind>/<int:pk>/reverse/", views.reverse_view, name="reverse"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/add/", views.ledger_add, name="ledger-add"),
    path("ledger/export/", excel_views.ledger_export, name="ledger-export"),
    path("risk/", views.leaving_risk, name="risk"),
    path("risk/export/", excel_views.risk_export, name="risk-export"),
    path("rates/", views_rates.rate_tables, name="rates"),
    path("rates/new/", views_rates.rate_table_new, name="rate-new"),
    path("rates/<int:pk>/edit/", views_rates.rate_table_edit, name="rate-edit"),
]

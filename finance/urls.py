from django.urls import path

from . import excel_views, views

app_name = "finance"
urlpatterns = [
    path("", views.finance_list, name="list"),
    path("new/", views.finance_create, name="create"),
    path("export/", excel_views.finance_export, name="export"),
    path("<int:pk>/", views.finance_detail, name="detail"),
    path("<int:pk>/edit/", views.finance_edit, name="edit"),
    path("<int:pk>/items/<slug:kind>/", views.item_edit, name="item"),
    path("<int:pk>/group/", views.group_edit, name="group"),
    path("<int:pk>/add/<slug:kind>/", views.add_entry, name="add"),
    path("<int:pk>/handovers/<int:handover_pk>/sign/", views.handover_sign, name="handover-sign"),
    path(
        "<int:pk>/late/<slug:kind>/<int:record_pk>/confirm/",
        views.confirm_late,
        name="confirm-late",
    ),
    path("<int:pk>/reverse/<slug:kind>/<int:record_pk>/", views.reverse_view, name="reverse"),
    path("items/<int:pk>/file/", views.item_file, name="item-file"),
    path("disclosures/<int:pk>/photo/", views.disclosure_photo, name="disclosure-photo"),
    path("<int:pk>/disclosure.pdf", views.disclosure_pdf, name="disclosure-pdf"),
    path("<int:pk>/ledger/export/", excel_views.ledger_export, name="ledger-export"),
    path("<int:pk>/debts/export/", excel_views.debt_export, name="debts-export"),
]

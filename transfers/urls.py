from django.urls import path

from . import excel_views, views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("export/", excel_views.letters_out_export, name="export"),
    path("out/new/<int:member_pk>/", views.letter_out_new, name="out-new"),
    path("out/<int:pk>/", views.letter_out_detail, name="out"),
    path("out/<int:pk>/receipt/", views.letter_out_receipt, name="out-receipt"),
    path("out/<int:pk>/close/", views.letter_out_close, name="out-close"),
    path("out/<int:pk>/pdf/", views.letter_out_pdf, name="out-pdf"),
    path("out/<int:pk>/letter.docx", views.letter_out_docx, name="out-docx"),
    path("receipts/", views.receipt_by_number, name="receipt-by-number"),
    path("in/new/", views.letter_in_new, name="in-new"),
    path("in/<int:pk>/", views.letter_in_detail, name="in"),
    path("in/<int:pk>/pdf/", views.letter_in_pdf, name="in-pdf"),
    path("certificates/new/<int:member_pk>/", views.certificate_new, name="certificate-new"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
]

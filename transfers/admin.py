from django.contrib import admin

from township.admin_mixins import ScopedAdmin

from .models import MobileCertificate, TransferIn, TransferOut


@admin.register(TransferOut)
class TransferOutAdmin(ScopedAdmin):
    # Letters are numbered records: corrected, never deleted.
    allow_delete = False
    list_display = ["letter_number", "member", "destination", "issued_on", "valid_until", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["member"]
    search_fields = ["member__name", "destination"]
    raw_id_fields = ["member"]


@admin.register(TransferIn)
class TransferInAdmin(ScopedAdmin):
    allow_delete = False
    list_display = ["received_on", "member", "branch", "from_organisation", "letter_number"]
    list_select_related = ["member", "branch"]
    search_fields = ["member__name", "from_organisation", "letter_number"]
    raw_id_fields = ["member"]


@admin.register(MobileCertificate)
class MobileCertificateAdmin(ScopedAdmin):
    township_path = "member__branch__township"
    allow_delete = False
    list_display = ["number", "member", "destination", "issued_on", "valid_until"]
    list_select_related = ["member"]
    search_fields = ["number", "member__name"]
    raw_id_fields = ["member"]

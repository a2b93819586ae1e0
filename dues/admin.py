"""The staff back office for Party dues. Money is never deleted here: payments are recorded
and corrected (reversing entries) on the branch's dues page, where the rules hold; the back
office lists them, with their history. Rate tables are edited here, refused whole when
their bands overlap or leave gaps; assessments are imported and exported as sheets."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from township.admin_mixins import ScopedAdmin, ScopedInline
from township.excel_admin import SheetImportExportMixin

from .models import (
    Assessment,
    GoodReason,
    Payment,
    QuarterlyConsent,
    RateBand,
    RateTable,
    Remittance,
    TownshipEntry,
)
from .resources import ASSESSMENT_SPEC, AssessmentResource
from .services import DuesError, check_bands


class BandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [
            RateBand(
                **{k: v for k, v in f.cleaned_data.items() if k not in ("id", "DELETE", "table")}
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            check_bands(bands)
        except DuesError as e:
            raise ValidationError(str(e)) from e


class BandInline(ScopedInline, admin.TabularInline):
    model = RateBand
    formset = BandFormSet
    extra = 0
    fields = ["category", "income_above", "income_up_to", "percent", "fixed_min", "fixed_max"]


@admin.register(RateTable)
class RateTableAdmin(ScopedAdmin):
    list_display = ["title", "township", "valid_from"]
    list_select_related = ["township"]
    inlines = [BandInline]


class DuesAdmin(ScopedAdmin):
    township_path = "branch__township"
    allow_delete = False
    list_select_related = ["branch"]


@admin.register(Assessment)
class AssessmentAdmin(SheetImportExportMixin, DuesAdmin):
    township_path = "member__branch__township"
    resource_classes = [AssessmentResource]
    sheet_spec = ASSESSMENT_SPEC
    list_display = ["member", "year", "category", "monthly", "first_month", "assessed_on"]
    list_filter = ["year", "category"]
    list_select_related = ["member", "member__branch"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    readonly_fields = ["monthly", "first_month", "table"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class AssessedForm(form):
            def clean(self):
                cleaned = super().clean()
                instance = self.instance
                for field in ("member", "year", "category", "base", "monthly"):
                    if field in cleaned:
                        setattr(instance, field, cleaned[field])
                if instance.member_id and instance.year and instance.category:
                    AssessmentResource.assess(instance)
                return cleaned

        return AssessedForm


class MoneyAdmin(DuesAdmin):
    """Listed only: recorded and corrected on the dues pages, where the rules hold."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(MoneyAdmin):
    list_display = ["paid_on", "member", "branch", "months_label", "amount", "extra", "receipt_no"]
    list_filter = ["year", "by_quarter"]
    list_select_related = ["member", "branch"]
    search_fields = ["member__name", "receipt_no"]


@admin.register(Remittance)
class RemittanceAdmin(MoneyAdmin):
    list_display = ["remitted_on", "branch", "amount", "receipt_no"]


@admin.register(TownshipEntry)
class TownshipEntryAdmin(MoneyAdmin):
    township_path = "township"
    list_display = ["entered_on", "township", "kind", "amount", "purpose"]
    list_select_related = ["township"]
    list_filter = ["kind"]


@admin.register(QuarterlyConsent)
class QuarterlyConsentAdmin(DuesAdmin):
    list_display = ["branch", "year", "decided_on", "note"]
    list_filter = ["year"]


@admin.register(GoodReason)
class GoodReasonAdmin(DuesAdmin):
    township_path = "member__branch__township"
    list_display = ["member", "month_from", "month_to", "reason", "decided_on"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    search_fields = ["member__name"]

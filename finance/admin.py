"""The staff back office for village finance. Records of money are never deleted here:
they are corrected by a reversing entry or by an edit that the history keeps."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from township.admin_mixins import ScopedAdmin, ScopedInline
from township.uploads import PrivateFileInput

from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    FinanceGroup,
    FinanceGroupMember,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    Repayment,
    Settlement,
    VillageFinance,
)


class NoDeleteInline(ScopedInline, admin.TabularInline):
    extra = 0
    can_delete = False
    allow_delete = False


class ChecklistItemInline(NoDeleteInline):
    model = ChecklistItem
    fields = ["kind", "status", "status_on", "evidence", "evidence_file"]
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput("finance:item-file")}}


class HandoverItemInline(NoDeleteInline):
    model = HandoverItem


class MemberInline(NoDeleteInline):
    model = FinanceGroupMember


class ReviewInline(NoDeleteInline):
    model = GroupReview


class RepaymentInline(NoDeleteInline):
    model = Repayment
    fields = ["paid_on", "amount", "note", "reverses"]
    readonly_fields = ["reverses"]

    # Repayments go through record_repayment (never above what is owed) on the village
    # page, and are corrected there by a reversing entry: here they are only listed.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FinanceAdmin(ScopedAdmin):
    township_path = "branch__township"
    allow_delete = False
    list_select_related = ["branch"]


@admin.register(VillageFinance)
class VillageFinanceAdmin(FinanceAdmin):
    list_display = [
        "branch",
        "year",
        "started_on",
        "accountant",
        "cashier",
        "frequent_transactions",
    ]
    list_filter = ["year", "frequent_transactions"]
    search_fields = ["branch__name"]
    inlines = [ChecklistItemInline]


@admin.register(FinanceGroup)
class FinanceGroupAdmin(FinanceAdmin):
    township_path = "finance__branch__township"
    list_display = ["finance", "chosen_on"]
    list_select_related = ["finance__branch"]
    inlines = [MemberInline, ReviewInline]


@admin.register(Disclosure)
class DisclosureAdmin(FinanceAdmin):
    township_path = "finance__branch__township"
    list_display = ["finance", "kind", "period_label", "posted_on"]
    list_filter = ["kind", "period_kind", "period_year"]
    formfield_overrides = {
        models.ImageField: {"widget": PrivateFileInput("finance:disclosure-photo")}
    }
    list_select_related = ["finance__branch"]


@admin.register(Handover)
class HandoverAdmin(FinanceAdmin):
    township_path = "finance__branch__township"
    list_display = ["finance", "handed_on", "from_person", "to_person", "supervisor", "is_complete"]
    list_select_related = ["finance__branch"]
    inlines = [HandoverItemInline]

    @admin.display(boolean=True, description=_("complete"))
    def is_complete(self, obj):
        return obj.is_complete


@admin.register(Counterparty)
class CounterpartyAdmin(FinanceAdmin):
    list_display = ["name", "branch", "is_villager"]
    search_fields = ["name"]


class MoneyAdmin(FinanceAdmin):
    """Amounts and reversals are read-only once saved: a correction is a new row."""

    def get_readonly_fields(self, request, obj=None):
        fields = ["reverses"]
        if obj is not None:
            fields.append("amount")
        return fields


@admin.register(LedgerEntry)
class LedgerEntryAdmin(MoneyAdmin):
    township_path = "counterparty__branch__township"
    list_display = ["entered_on", "counterparty", "direction", "amount", "description"]
    list_filter = ["direction"]
    list_select_related = ["counterparty"]


@admin.register(Settlement)
class SettlementAdmin(MoneyAdmin):
    township_path = "entry__counterparty__branch__township"
    list_display = ["settled_on", "entry", "amount"]
    list_select_related = ["entry__counterparty"]

    def has_add_permission(self, request):
        return False  # through record_settlement, which keeps it within the outstanding


@admin.register(Debt)
class DebtAdmin(FinanceAdmin):
    list_display = [
        "creditor",
        "branch",
        "creditor_is_villager",
        "principal",
        "incurred_on",
        "due_on",
    ]
    list_filter = ["creditor_is_villager"]
    search_fields = ["creditor"]
    inlines = [RepaymentInline]


@admin.register(Expenditure)
class ExpenditureAdmin(MoneyAdmin):
    list_display = ["spent_on", "branch", "payee", "amount", "approved_by", "approved_on"]
    search_fields = ["payee", "purpose"]


@admin.register(Income)
class IncomeAdmin(MoneyAdmin):
    list_display = ["received_on", "branch", "source", "amount"]
    search_fields = ["source"]

"""Forms validate; services write. Every choice of a parent row (debt, entry, handover,
counterparty) is limited to the village at hand, so a forged id is simply not a choice."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from township.concurrency import VersionedForm, VersionGuardForm
from township.uploads import PrivateFileInput

from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    FinanceGroup,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    VillageFinance,
)
from .services import set_finance_group

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("Enter an amount of at least 0.01 yuan.")},
        **kwargs,
    )


class DatedModelForm(forms.ModelForm):
    """Date inputs as the browser's date picker."""

    def __init__(self, *args, finance: VillageFinance, **kwargs):
        self.finance = finance
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE


class VillageFinanceForm(VersionGuardForm):
    class Meta:
        model = VillageFinance
        fields = [
            "branch",
            "year",
            "started_on",
            "frequent_transactions",
            "accountant",
            "cashier",
            "approvers",
            "responsible",
            "note",
        ]
        widgets = {"started_on": DATE, "approvers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["branch"]
            del self.fields["year"]
        else:
            self.fields["branch"].queryset = branches


class ChecklistItemForm(VersionGuardForm):
    class Meta:
        model = ChecklistItem
        fields = ["status", "status_on", "evidence", "evidence_file"]
        widgets = {
            "status_on": DATE,
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "evidence_file": PrivateFileInput("finance:item-file"),
        }


class GroupForm(VersionedForm):
    chosen_on = forms.DateField(label=_("chosen by the villagers' meeting on"), widget=DATE)
    names = forms.CharField(
        label=_("members"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("5 to 7 villagers, one name per line."),
    )
    leader = forms.CharField(label=_("group leader"), max_length=50, required=False)

    def __init__(self, *args, finance: VillageFinance, **kwargs):
        self.finance = finance
        super().__init__(*args, **kwargs)

    def save(self):
        names = [n.strip() for n in self.cleaned_data["names"].splitlines()]
        return set_finance_group(
            finance=self.finance,
            chosen_on=self.cleaned_data["chosen_on"],
            names=names,
            leader=self.cleaned_data["leader"].strip(),
        )


class ReviewForm(DatedModelForm):
    class Meta:
        model = GroupReview
        fields = ["held_on", "subject", "findings"]

    def clean(self):
        if not FinanceGroup.objects.filter(finance=self.finance).exists():
            raise forms.ValidationError(_("Record the democratic finance group first."))
        return super().clean()


class DisclosureForm(DatedModelForm):
    class Meta:
        model = Disclosure
        fields = [
            "kind",
            "period_kind",
            "period_year",
            "period_number",
            "posted_on",
            "content",
            "photo",
        ]
        widgets = {"photo": PrivateFileInput("finance:disclosure-photo", {"accept": "image/*"})}


class HandoverForm(DatedModelForm):
    class Meta:
        model = Handover
        fields = [
            "handed_on",
            "reason",
            "from_person",
            "to_person",
            "supervisor",
            "from_signed_on",
            "to_signed_on",
            "supervisor_signed_on",
            "problems",
        ]


class SignaturesForm(DatedModelForm, VersionGuardForm):
    """Adding the signatures a handover still lacks; the history keeps every change. It
    carries the version it was read at (two people signing at once overwrite nothing)."""

    class Meta:
        model = Handover
        fields = [
            "supervisor",
            "from_signed_on",
            "to_signed_on",
            "supervisor_signed_on",
            "problems",
        ]


class HandoverItemForm(DatedModelForm):
    class Meta:
        model = HandoverItem
        fields = ["handover", "kind", "description", "quantity", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handover"].queryset = Handover.objects.filter(finance=self.finance)


class CounterpartyForm(DatedModelForm):
    class Meta:
        model = Counterparty
        fields = ["name", "is_villager", "note"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Counterparty.objects.filter(branch=self.finance.branch, name=name).exists():
            raise forms.ValidationError(_("This counterparty is already in the ledger."))
        return name


class LedgerEntryForm(DatedModelForm):
    amount = money_field(_("amount (yuan)"))

    class Meta:
        model = LedgerEntry
        fields = ["counterparty", "direction", "entered_on", "amount", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterparty"].queryset = Counterparty.objects.filter(
            branch=self.finance.branch
        )


class DebtForm(DatedModelForm):
    principal = money_field(_("principal (yuan)"))

    class Meta:
        model = Debt
        fields = [
            "creditor",
            "creditor_is_villager",
            "principal",
            "incurred_on",
            "cause",
            "plan",
            "due_on",
        ]


class ExpenditureForm(DatedModelForm):
    amount = money_field(_("amount (yuan)"))

    class Meta:
        model = Expenditure
        fields = ["spent_on", "amount", "payee", "purpose", "approved_by", "approved_on"]


class IncomeForm(DatedModelForm):
    amount = money_field(_("amount (yuan)"))

    class Meta:
        model = Income
        fields = ["received_on", "amount", "source", "description"]


class _VillageForm(forms.Form):
    """A plain form of a village's record: date pickers, choices limited to the village."""

    def __init__(self, *args, finance: VillageFinance, **kwargs):
        self.finance = finance
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE


class SettlementForm(_VillageForm):
    entry = forms.ModelChoiceField(label=_("ledger entry"), queryset=LedgerEntry.objects.none())
    settled_on = forms.DateField(label=_("date"))
    amount = money_field(_("amount (yuan)"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = LedgerEntry.objects.filter(
            counterparty__branch=self.finance.branch, reverses__isnull=True
        ).select_related("counterparty")


class RepaymentForm(_VillageForm):
    debt = forms.ModelChoiceField(label=_("debt"), queryset=Debt.objects.none())
    paid_on = forms.DateField(label=_("paid on"))
    amount = money_field(_("amount (yuan)"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debt"].queryset = Debt.objects.filter(branch=self.finance.branch)


class ReverseForm(forms.Form):
    on = forms.DateField(label=_("date of the correction"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=150)

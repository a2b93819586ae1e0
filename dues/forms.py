from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from township.concurrency import VersionedForm
from township.dates import today
from township.filters import YearField

from .models import MONEY, MONTHS, Category, TownshipEntry


def _money(label, required=True, **kwargs):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        **kwargs,
    )


def _year():
    return YearField()


class AssessmentForm(forms.Form):
    year = _year()
    category = forms.ChoiceField(label=_("dues category"), choices=Category.choices)
    base = _money(
        _("monthly base (yuan)"),
        required=False,
        help_text=_("After-tax pay or pension a month; empty for a fixed amount."),
    )
    monthly = _money(
        _("dues a month (yuan)"),
        required=False,
        help_text=_("Farmers only: an amount within the table's range."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    #: The assessment's version when the form was opened (township/concurrency.py).
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    member = forms.ModelChoiceField(label=_("member"), queryset=None)
    year = _year()
    month_from = forms.TypedChoiceField(label=_("from month"), choices=MONTHS, coerce=int)
    month_to = forms.TypedChoiceField(label=_("to month"), choices=MONTHS, coerce=int)
    amount = _money(_("dues paid (yuan)"))
    extra = _money(_("voluntary extra (yuan)"), required=False, initial=Decimal("0"))
    by_quarter = forms.BooleanField(label=_("paid by quarter"), required=False)
    paid_on = forms.DateField(
        label=_("paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    receipt_no = forms.CharField(label=_("receipt number"), max_length=30)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["paid_on"].initial = today()
        self.fields["year"].initial = today().year


class RemittanceForm(forms.Form):
    amount = _money(_("amount (yuan)"))
    remitted_on = forms.DateField(
        label=_("remitted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    receipt_no = forms.CharField(label=_("receipt number"), max_length=30, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class TownshipEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=TownshipEntry.Kind.choices)
    amount = _money(_("amount (yuan)"))
    entered_on = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    approved_by = forms.CharField(label=_("approved by"), max_length=50, required=False)


class ReverseForm(forms.Form):
    on = forms.DateField(label=_("date of the correction"))
    reason = forms.CharField(label=_("reason"), max_length=150)


class PeriodForm(forms.Form):
    """The PDF's period: a month, a quarter or the year."""

    year = _year()
    period = forms.ChoiceField(
        choices=[("month", _("month")), ("quarter", _("quarter")), ("year", _("year"))],
        required=False,
    )
    number = forms.IntegerField(min_value=1, max_value=12, required=False)

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period") or "year"
        number = cleaned.get("number") or 1
        if period == "quarter" and number > 4:
            raise forms.ValidationError(_("A quarter is numbered 1 to 4."))
        cleaned["period"], cleaned["number"] = period, number
        return cleaned


def _month(label):
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class GoodReasonForm(forms.Form):
    month_from = _month(_("from month"))
    month_to = _month(_("to month"))
    reason = forms.CharField(label=_("reason"), max_length=200)
    decided_on = forms.DateField(
        label=_("decided on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ConsentForm(forms.Form):
    year = _year()
    decided_on = forms.DateField(
        label=_("decided on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("meeting"), max_length=200, required=False)


class RateTableForm(VersionedForm):
    """A rate table's heading; its bands come in RateBandFormSet. Carries the version it was
    read at: a stale save is refused."""

    title = forms.CharField(label=_("title"), max_length=100)
    valid_from = forms.DateField(
        label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    basis = forms.CharField(label=_("basis"), max_length=200, required=False)


class RateBandForm(forms.Form):
    """One band; a row left without a category is ignored (blank rows to add bands)."""

    category = forms.ChoiceField(
        label=_("dues category"), choices=[("", "—"), *Category.choices], required=False
    )
    income_above = _money(_("income above (yuan)"), required=False, min_value=Decimal("0"))
    income_up_to = _money(_("income up to (yuan)"), required=False, min_value=Decimal("0"))
    percent = forms.DecimalField(
        label=_("rate (%)"), max_digits=5, decimal_places=2, required=False
    )
    fixed_min = _money(_("fixed amount from (yuan)"), required=False)
    fixed_max = _money(_("fixed amount to (yuan)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The grid shows the labels once, in its header: each input still names itself.
            field.widget.attrs["aria-label"] = field.label

    def band(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("category"):
            return None
        return {
            "category": data["category"],
            "income_above": data.get("income_above") or Decimal("0"),
            "income_up_to": data.get("income_up_to"),
            "percent": data.get("percent"),
            "fixed_min": data.get("fixed_min"),
            "fixed_max": data.get("fixed_max"),
        }


RateBandFormSet = forms.formset_factory(RateBandForm, extra=3, max_num=60, validate_max=True)

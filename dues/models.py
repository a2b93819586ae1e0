"""Party dues (党费) under the 2008 regulation (关于中国共产党党费收缴、使用和管理的规定).

The rates are data: a township's rate table (`RateTable`) of bands per category, kept with
history, so a new regulation is a new table, not a code change. Each member's base and
monthly dues are set once a year (核定, `Assessment`). A payment (`Payment`) covers whole
months of one year; money records are never deleted: a correction is a reversing row
(`reverses`, amounts negated, both kept), as in finance/.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch
from members.models import Member
from township.models import Township

MONEY = {"max_digits": 14, "decimal_places": 2}
MONTHS = [(m, f"{m}月") for m in range(1, 13)]
#: The regulation: payment in advance for at most six months.
ADVANCE_MONTHS = 6
#: Flags on arrears: a reminder at three months, 党章 Article 9 at six consecutive months.
ARREARS_FLAG_MONTHS = 3
ARTICLE_9_MONTHS = 6


class Category(models.TextChoices):
    """How a member's dues are set (the regulation's groups, not the roster's 人员类别)."""

    EMPLOYED = "employed", _("employed: by monthly after-tax pay")
    RETIRED = "retired", _("retired: by monthly pension")
    FARMER = "farmer", _("farmer: a fixed amount")
    LOW_INCOME = "low_income", _("student, unemployed or on relief: a fixed amount")


#: The category a roster's 人员类别 suggests when dues are first assessed.
CATEGORY_OF_ROSTER = {
    Member.Category.FARMER: Category.FARMER,
    Member.Category.STUDENT: Category.LOW_INCOME,
    Member.Category.NONE: Category.LOW_INCOME,
    Member.Category.RETIRED: Category.RETIRED,
}


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


class RateTable(models.Model):
    """The bands a township applies from a date (the regulation in force)."""

    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="dues_rate_tables",
        verbose_name=_("township"),
    )
    title = models.CharField(_("title"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues rate table")
        verbose_name_plural = _("dues rate tables")
        ordering = ["township", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["township", "valid_from"], name="dues_table_per_day")
        ]

    def __str__(self):
        return f"{self.title}（{self.valid_from:%Y-%m-%d}）"


class RateBand(models.Model):
    """One band: income above `income_above` up to and including `income_up_to` (empty: no
    limit) pays `percent` of it; a fixed-amount category pays between `fixed_min` and
    `fixed_max` a month."""

    table = models.ForeignKey(
        RateTable, on_delete=models.CASCADE, related_name="bands", verbose_name=_("rate table")
    )
    category = models.CharField(_("dues category"), max_length=20, choices=Category.choices)
    income_above = models.DecimalField(_("income above (yuan)"), default=Decimal("0"), **MONEY)
    income_up_to = models.DecimalField(_("income up to (yuan)"), null=True, blank=True, **MONEY)
    percent = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_min = models.DecimalField(_("fixed amount from (yuan)"), null=True, blank=True, **MONEY)
    fixed_max = models.DecimalField(_("fixed amount to (yuan)"), null=True, blank=True, **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues rate band")
        verbose_name_plural = _("dues rate bands")
        ordering = ["table", "category", "income_above"]

    def __str__(self):
        if self.percent is not None:
            top = self.income_up_to if self.income_up_to is not None else "∞"
            return f"{self.get_category_display()} {self.income_above}–{top}: {self.percent}%"
        return f"{self.get_category_display()} {self.fixed_min}–{self.fixed_max}"

    @property
    def is_fixed(self) -> bool:
        return self.percent is None

    def covers(self, income: Decimal) -> bool:
        above = income > self.income_above or (self.income_above == 0 and income >= 0)
        return above and (self.income_up_to is None or income <= self.income_up_to)


class Assessment(models.Model):
    """A member's dues for a year (核定): the category, the monthly base and the dues a month.
    Probationary members owe from the month the branch meeting admitted them."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_assessments", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("dues category"), max_length=20, choices=Category.choices)
    base = models.DecimalField(
        _("monthly base (yuan)"),
        null=True,
        blank=True,
        help_text=_("After-tax pay or pension a month; empty for a fixed amount."),
        **MONEY,
    )
    monthly = models.DecimalField(_("dues a month (yuan)"), **MONEY)
    first_month = models.PositiveSmallIntegerField(_("owed from month"), choices=MONTHS, default=1)
    assessed_on = models.DateField(_("assessed on"))
    table = models.ForeignKey(
        RateTable, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("rate table")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues assessment")
        verbose_name_plural = _("dues assessments")
        ordering = ["-year", "member__branch__position", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="dues_assessment_per_year"),
            models.CheckConstraint(condition=Q(monthly__gt=0), name="dues_monthly_positive"),
        ]

    def __str__(self):
        return f"{self.member} {self.year}: {self.monthly}"

    def clean(self):
        super().clean()
        if self.monthly is not None and self.monthly < Decimal("0.01"):
            raise ValidationError({"monthly": _("Enter an amount of at least 0.01 yuan.")})


class QuarterlyConsent(models.Model):
    """The branch's consent that its members pay by quarter in a year."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="dues_consents", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("meeting"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to pay dues by quarter")
        verbose_name_plural = _("consents to pay dues by quarter")
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="dues_consent_per_year")
        ]

    def __str__(self):
        return f"{self.branch} {self.year}"


class GoodReason(models.Model):
    """Months a member did not pay with a good reason the branch accepted (illness,
    hardship...): they are not counted towards 党章 Article 9's six months."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_good_reasons", verbose_name=_("member")
    )
    month_from = models.DateField(_("from month"), help_text=_("The first day of the month."))
    month_to = models.DateField(_("to month"), help_text=_("The first day of the month."))
    reason = models.CharField(_("reason"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("good reason for not paying dues")
        verbose_name_plural = _("good reasons for not paying dues")
        ordering = ["member", "month_from"]

    def __str__(self):
        return f"{self.member} {self.month_from:%Y-%m}–{self.month_to:%Y-%m}"

    def clean(self):
        super().clean()
        if self.month_from and self.month_to and self.month_to < self.month_from:
            raise ValidationError(_("The last month comes before the first."))


class Reversible(models.Model):
    """A record of money corrected only by a reversing row: amounts negated, both kept."""

    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
        editable=False,
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(reverses__isnull=False),
                name="%(app_label)s_%(class)s_positive_unless_reversal",
            )
        ]

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class Payment(Reversible):
    """Dues a member paid for whole months of one year: `amount` is the dues of those months,
    `extra` a voluntary payment on top (自愿多交)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month_from = models.PositiveSmallIntegerField(_("from month"), choices=MONTHS)
    month_to = models.PositiveSmallIntegerField(_("to month"), choices=MONTHS)
    monthly = models.DecimalField(_("dues a month (yuan)"), **MONEY)
    extra = models.DecimalField(_("voluntary extra (yuan)"), default=Decimal("0"), **MONEY)
    by_quarter = models.BooleanField(_("paid by quarter"), default=False)
    paid_on = models.DateField(_("paid on"))
    receipt_no = models.CharField(_("receipt number"), max_length=30)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            *Reversible.Meta.constraints,
            models.UniqueConstraint(
                fields=["branch", "receipt_no"],
                condition=Q(reverses__isnull=True),
                name="dues_receipt_unique_per_branch",
            ),
        ]
        indexes = [models.Index(fields=["member", "year"], name="dues_payment_member_year")]

    def __str__(self):
        return f"{self.member} {self.year}年{self.month_from}–{self.month_to}月 {self.amount}"

    @property
    def months(self) -> int:
        return self.month_to - self.month_from + 1

    @property
    def months_label(self) -> str:
        if self.month_from == self.month_to:
            return f"{self.year}年{self.month_from}月"
        return f"{self.year}年{self.month_from}–{self.month_to}月"

    @property
    def total(self) -> Decimal:
        return self.amount + self.extra


class Remittance(Reversible):
    """Dues a branch handed over to the township committee (上缴)."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="dues_remittances", verbose_name=_("branch")
    )
    remitted_on = models.DateField(_("remitted on"))
    receipt_no = models.CharField(_("receipt number"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("dues remittance")
        verbose_name_plural = _("dues remittances")
        ordering = ["-remitted_on", "-id"]

    def __str__(self):
        return f"{self.branch} {self.remitted_on:%Y-%m-%d} {self.amount}"


class TownshipEntry(Reversible):
    """The township committee's dues going out: remitted to the county committee, or used
    (training, help for members in difficulty...)."""

    class Kind(models.TextChoices):
        REMITTED = "remitted", _("remitted to the higher committee")
        USED = "used", _("used")

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="dues_entries", verbose_name=_("township")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    entered_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=200)
    approved_by = models.CharField(_("approved by"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("township dues entry")
        verbose_name_plural = _("township dues entries")
        ordering = ["-entered_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entered_on:%Y-%m-%d} {self.amount}"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)

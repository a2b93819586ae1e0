"""Village finance rectification (后进村财务整治): the seed's fourth measure.

Money is Decimal to the fen and totalled by the database (selectors.py). A record of money
is never deleted: it is corrected by a reversing entry (`reverses`, amount negated, both
kept), or by an edit whose old values the history keeps.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch
from township.dates import is_year, today, year_range_message
from township.figures import percent
from township.late import LateEntry
from township.uploads import NewFileValidator

MONEY = {"max_digits": 14, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"), _("Enter an amount of at least 0.01 yuan."))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0.00"), _("The amount cannot be negative."))]
# DOMAIN.md: a 民主理财小组 of 5–7 villagers.
GROUP_MIN, GROUP_MAX = 5, 7


def approval_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "FINANCE_APPROVAL_THRESHOLD", "2000.00")))


def _names(text: str) -> list[str]:
    return [
        n.strip() for n in text.replace("，", "\n").replace(",", "\n").splitlines() if n.strip()
    ]


class VillageFinance(models.Model):
    """The finance rectification of one lagging village (a village branch) for one year."""

    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="finances",
        verbose_name=_("village"),
        limit_choices_to={"kind": Branch.Kind.VILLAGE},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    started_on = models.DateField(_("started on"))
    frequent_transactions = models.BooleanField(
        _("frequent transactions"),
        default=False,
        help_text=_("Finances are then made public every month, otherwise every quarter."),
    )
    accountant = models.CharField(_("accountant"), max_length=50, blank=True)
    cashier = models.CharField(_("cashier"), max_length=50, blank=True)
    approvers = models.TextField(
        _("approvers"),
        blank=True,
        help_text=_("Who approve spending, one name per line."),
    )
    responsible = models.CharField(_("responsible person"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village finance rectification")
        verbose_name_plural = _("village finance rectifications")
        ordering = ["-year", "branch__position", "branch_id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="finance_one_per_year")
        ]

    def __str__(self):
        return f"{self.branch} {self.year}"

    @property
    def village(self) -> str:
        return self.branch.short_name or self.branch.name

    def approver_list(self) -> list[str]:
        return _names(self.approvers)

    def clean(self):
        errors = {}
        if self.branch_id and self.branch.kind != Branch.Kind.VILLAGE:
            errors["branch"] = _("Finance rectification is for village branches only.")
        if self.year and not is_year(self.year):
            errors["year"] = year_range_message()
        elif self.started_on and self.year and self.started_on.year != self.year:
            errors["started_on"] = _("The rectification starts within its year.")
        accountant, cashier = self.accountant.strip(), self.cashier.strip()
        if accountant and accountant == cashier:
            errors["cashier"] = _("The accountant and the cashier must be different people.")
        if errors:
            raise ValidationError(errors)

    @property
    def progress(self) -> Decimal:
        """Share of checklist items done; uses the annotation when the selector gave one."""
        done = getattr(self, "items_done", None)
        total = getattr(self, "items_total", None)
        if done is None:
            done = self.items.filter(status=ChecklistItem.Status.DONE).count()
            total = self.items.count()
        return percent(done, total)


class ChecklistItem(models.Model):
    """One item of the seed's checklist, with its evidence."""

    class Kind(models.TextChoices):
        GROUP = "group", _("democratic finance group working")
        DISCLOSURE = "disclosure", _("village and finance affairs made public")
        HANDOVER = "handover", _("accounts handed over after cadre changes")
        LEDGER = "ledger", _("current-account ledger set up")
        DEBTS = "debts", _("debts to villagers with a plan to pay them down")
        SPENDING = "spending", _("spending under control")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    finance = models.ForeignKey(
        VillageFinance,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("rectification"),
    )
    kind = models.CharField(_("item"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="finance/evidence/%Y/",
        blank=True,
        validators=[NewFileValidator("documents")],
        help_text=_("PDF, an image or an Office document."),
    )
    status_on = models.DateField(_("date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["finance", "id"]
        constraints = [
            models.UniqueConstraint(fields=["finance", "kind"], name="finance_item_once")
        ]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        errors = {}
        if self.status == self.Status.DONE:
            if not self.evidence.strip():
                errors["evidence"] = _("A finished item needs its evidence.")
            if not self.status_on:
                errors["status_on"] = _("A finished item needs its date.")
        if self.status_on and self.status_on > today():
            errors["status_on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class FinanceGroup(models.Model):
    """民主理财小组: 5–7 villagers chosen by the villagers' meeting."""

    finance = models.OneToOneField(
        VillageFinance,
        on_delete=models.CASCADE,
        related_name="group",
        verbose_name=_("rectification"),
    )
    chosen_on = models.DateField(_("chosen by the villagers' meeting on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("democratic finance group")
        verbose_name_plural = _("democratic finance groups")

    def __str__(self):
        return f"{self.finance} {self._meta.verbose_name}"


class FinanceGroupMember(models.Model):
    group = models.ForeignKey(
        FinanceGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=50)
    is_leader = models.BooleanField(_("group leader"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance group member")
        verbose_name_plural = _("finance group members")
        ordering = ["group", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="finance_group_member_once")
        ]

    def __str__(self):
        return self.name


class GroupReview(models.Model):
    """A review meeting of the finance group and what it found."""

    group = models.ForeignKey(
        FinanceGroup, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("group")
    )
    held_on = models.DateField(_("held on"))
    subject = models.CharField(_("subject"), max_length=200)
    findings = models.TextField(_("findings"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance group review")
        verbose_name_plural = _("finance group reviews")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.subject}"

    def clean(self):
        if self.held_on and self.held_on > today():
            raise ValidationError({"held_on": _("The date cannot be in the future.")})
        if self.held_on and self.group_id and self.held_on < self.group.chosen_on:
            raise ValidationError(
                {"held_on": _("The review was held before the group was chosen.")}
            )


class Period(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")


def period_bounds(year: int, kind: str, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month (1–12) or a quarter (1–4) of a year."""
    first_month = number if kind == Period.MONTH else 3 * number - 2
    months = 1 if kind == Period.MONTH else 3
    start = datetime.date(year, first_month, 1)
    end_month = first_month + months
    end = (
        datetime.date(year + 1, 1, 1) if end_month > 12 else datetime.date(year, end_month, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def period_label(year: int, kind: str, number: int) -> str:
    if kind == Period.MONTH:
        return gettext("%(year)s, month %(number)s") % {"year": year, "number": number}
    return gettext("%(year)s, quarter %(number)s") % {"year": year, "number": number}


class Disclosure(LateEntry):
    """A posting on the village's public notice board (村务公开 / 财务公开)."""

    LATE_EVENT_FIELD = "posted_on"

    class Kind(models.TextChoices):
        VILLAGE_AFFAIRS = "village_affairs", _("village affairs made public")
        FINANCE = "finance", _("finances made public")

    finance = models.ForeignKey(
        VillageFinance,
        on_delete=models.CASCADE,
        related_name="disclosures",
        verbose_name=_("rectification"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=Period.choices)
    period_year = models.PositiveSmallIntegerField(_("year of the period"))
    period_number = models.PositiveSmallIntegerField(
        _("month or quarter"), help_text=_("1–12 for a month, 1–4 for a quarter.")
    )
    posted_on = models.DateField(_("posted on"))
    content = models.TextField(_("content"))
    photo = models.ImageField(
        _("photo of the notice board"),
        upload_to="finance/disclosures/%Y/",
        blank=True,
        validators=[NewFileValidator("images")],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-period_year", "-posted_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_year, self.period_kind, self.period_number)

    def clean(self):
        errors = {}
        limit = 12 if self.period_kind == Period.MONTH else 4
        if self.period_number is not None and not 1 <= self.period_number <= limit:
            errors["period_number"] = _("Enter a month from 1 to 12 or a quarter from 1 to 4.")
        elif self.period_year and self.period_number and self.period_kind and self.posted_on:
            if not is_year(self.period_year):
                errors["period_year"] = year_range_message()
            else:
                start, _end = period_bounds(self.period_year, self.period_kind, self.period_number)
                if self.posted_on < start:
                    errors["posted_on"] = _("Posted before the period began.")
        if self.posted_on and self.posted_on > today():
            errors["posted_on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Handover(LateEntry):
    """财务交接: a list signed by the one handing over, the receiver and a supervisor."""

    LATE_EVENT_FIELD = "handed_on"

    finance = models.ForeignKey(
        VillageFinance,
        on_delete=models.CASCADE,
        related_name="handovers",
        verbose_name=_("rectification"),
    )
    handed_on = models.DateField(_("handed over on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    from_person = models.CharField(_("handed over by"), max_length=50)
    to_person = models.CharField(_("received by"), max_length=50)
    supervisor = models.CharField(_("supervisor"), max_length=50, blank=True)
    from_signed_on = models.DateField(_("signed by the one handing over on"), null=True, blank=True)
    to_signed_on = models.DateField(_("signed by the receiver on"), null=True, blank=True)
    supervisor_signed_on = models.DateField(_("signed by the supervisor on"), null=True, blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    history = HistoricalRecords()

    #: The rows `is_complete` says no to, for counting in the database (selectors.py).
    INCOMPLETE = (
        Q(from_person="")
        | Q(from_signed_on__isnull=True)
        | Q(to_person="")
        | Q(to_signed_on__isnull=True)
        | Q(supervisor="")
        | Q(supervisor_signed_on__isnull=True)
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_on", "-id"]

    def __str__(self):
        return f"{self.handed_on} {self.from_person} → {self.to_person}"

    @property
    def is_complete(self) -> bool:
        """Complete only with all three signatures (keep INCOMPLETE in step)."""
        return bool(
            self.from_person
            and self.from_signed_on
            and self.to_person
            and self.to_signed_on
            and self.supervisor
            and self.supervisor_signed_on
        )

    def missing_signatures(self) -> list[str]:
        missing = []
        if not self.from_signed_on:
            missing.append(_("the one handing over"))
        if not self.to_signed_on:
            missing.append(_("the receiver"))
        if not (self.supervisor and self.supervisor_signed_on):
            missing.append(_("the supervisor"))
        return missing

    def clean(self):
        errors = {}
        people = [p.strip() for p in (self.from_person, self.to_person, self.supervisor)]
        if people[0] and people[0] == people[1]:
            errors["to_person"] = _("The receiver must be someone other than the one handing over.")
        if people[2] and people[2] in people[:2]:
            errors["supervisor"] = _("The supervisor must be a third person.")
        if self.supervisor_signed_on and not people[2]:
            errors["supervisor"] = _("Name the supervisor who signed.")
        for field in ("from_signed_on", "to_signed_on", "supervisor_signed_on"):
            signed = getattr(self, field)
            if signed and self.handed_on and signed < self.handed_on:
                errors[field] = _("Signed before the handover.")
            elif signed and signed > today():
                errors[field] = _("The date cannot be in the future.")
        if self.handed_on and self.handed_on > today():
            errors["handed_on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class HandoverItem(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("cash")
        BANK = "bank", _("bank balance")
        VOUCHERS = "vouchers", _("vouchers")
        LEDGERS = "ledgers", _("ledgers")
        SEALS = "seals", _("seals")
        ASSETS = "assets", _("assets")

    #: Kinds counted in yuan: the amount is required.
    MONEY_KINDS = {Kind.CASH, Kind.BANK}

    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="items", verbose_name=_("handover")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, null=True, blank=True, validators=NOT_NEGATIVE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["handover", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.description}"

    def clean(self):
        if self.kind in self.MONEY_KINDS and self.amount is None:
            raise ValidationError({"amount": _("Cash and bank balances need their amount.")})


class Reversible(models.Model):
    """A record of money corrected only by a reversing row: amount negated, both kept."""

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

    def clean(self):
        super().clean()
        if self.amount is not None and self.reverses_id is None and self.amount < Decimal("0.01"):
            raise ValidationError({"amount": _("Enter an amount of at least 0.01 yuan.")})


class Counterparty(models.Model):
    """Someone the village owes or who owes the village (往来单位或个人)."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="counterparties", verbose_name=_("village")
    )
    name = models.CharField(pgettext_lazy("counterparty", "name"), max_length=100)
    is_villager = models.BooleanField(_("villager"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counterparty")
        verbose_name_plural = _("counterparties")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="counterparty_unique_name")
        ]

    def __str__(self):
        return self.name


class LedgerEntry(Reversible):
    """往来账: a receivable or a payable."""

    class Direction(models.TextChoices):
        RECEIVABLE = "receivable", _("receivable")
        PAYABLE = "payable", _("payable")

    counterparty = models.ForeignKey(
        Counterparty,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("counterparty"),
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    entered_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-entered_on", "-id"]

    def __str__(self):
        return f"{self.entered_on} {self.counterparty} {self.get_direction_display()} {self.amount}"


class Settlement(Reversible):
    """A receivable collected or a payable paid, in part or in full."""

    entry = models.ForeignKey(
        LedgerEntry,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("ledger entry"),
    )
    settled_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-settled_on", "-id"]

    def __str__(self):
        return f"{self.settled_on} {self.amount}"


class Debt(models.Model):
    """村级债务: what the village owes, above all to villagers."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="debts", verbose_name=_("village")
    )
    creditor = models.CharField(_("creditor"), max_length=100)
    creditor_is_villager = models.BooleanField(_("owed to a villager"), default=True)
    principal = models.DecimalField(_("principal (yuan)"), **MONEY, validators=POSITIVE)
    incurred_on = models.DateField(_("incurred on"))
    cause = models.CharField(_("cause"), max_length=200)
    plan = models.TextField(_("repayment plan"), blank=True)
    due_on = models.DateField(_("to be repaid by"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village debt")
        verbose_name_plural = _("village debts")
        ordering = ["due_on", "incurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="debt_principal_positive")
        ]

    def __str__(self):
        return f"{self.creditor} {self.principal}"

    def clean(self):
        errors = {}
        if self.incurred_on and self.incurred_on > today():
            errors["incurred_on"] = _("The date cannot be in the future.")
        if self.due_on and self.incurred_on and self.due_on < self.incurred_on:
            errors["due_on"] = _("The repayment date cannot be before the debt was incurred.")
        if self.due_on and not self.plan.strip():
            errors["plan"] = _("Describe the repayment plan.")
        if errors:
            raise ValidationError(errors)


class Repayment(Reversible):
    debt = models.ForeignKey(
        Debt, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("debt")
    )
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-paid_on", "-id"]

    def __str__(self):
        return f"{self.paid_on} {self.amount}"


class Expenditure(Reversible):
    """Village spending; above FINANCE_APPROVAL_THRESHOLD it needs a recorded approval."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("village")
    )
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    approved_by = models.CharField(_("approved by"), max_length=50, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-spent_on", "-id"]

    def __str__(self):
        return f"{self.spent_on} {self.payee} {self.amount}"

    @property
    def needs_approval(self) -> bool:
        return self.amount is not None and self.amount > approval_threshold()

    def clean(self):
        super().clean()
        errors = {}
        if self.reverses_id is None and self.needs_approval:
            if not self.approved_by.strip():
                errors["approved_by"] = _(
                    "Spending over %(limit)s yuan needs a recorded approval."
                ) % {"limit": approval_threshold()}
            if not self.approved_on:
                errors["approved_on"] = _("Enter the date of the approval.")
        if self.approved_on and self.spent_on and self.approved_on > self.spent_on:
            errors["approved_on"] = _("The spending must be approved before the money is spent.")
        if self.spent_on and self.spent_on > today():
            errors["spent_on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Income(Reversible):
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="incomes", verbose_name=_("village")
    )
    received_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=100)
    description = models.CharField(_("description"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(Reversible.Meta):
        verbose_name = _("income")
        verbose_name_plural = _("income")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.received_on} {self.source} {self.amount}"

    def clean(self):
        super().clean()
        if self.received_on and self.received_on > today():
            raise ValidationError({"received_on": _("The date cannot be in the future.")})

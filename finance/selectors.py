"""Reads the pages, the disclosure sheet and the dashboard share, so their numbers agree.
Every total is the database's Sum over DecimalFields: never a float, never a Python loop.

The figures of a rectification (checklist progress, debts, handovers) are annotations built
once (`finance_figures`) and read by the village page and the dashboard (`finance_overview`)
alike, so a page of one village and an overview of fifty cost the same few queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from branches.models import Branch
from township.dates import is_year, today
from township.figures import percent

from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    Handover,
    Income,
    LedgerEntry,
    Period,
    Repayment,
    Settlement,
    VillageFinance,
    period_bounds,
    period_label,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def fen(expression) -> Func:
    """Round a money expression to the fen in the database. PostgreSQL's numeric is exact
    already; SQLite sums in binary floating point, so 0.10 + 0.20 must be rounded back."""
    return Func(expression, Value(2), function="ROUND", output_field=MONEY)


def total_of(qs: QuerySet, field_name: str = "amount") -> Decimal:
    """Sum of a money field as a Decimal to the fen (zero when there are no rows)."""
    return _cent(
        qs.aggregate(total=Coalesce(fen(Sum(field_name)), Value(ZERO), output_field=MONEY))["total"]
    )


def _cent(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _sum_of(qs: QuerySet, field_name: str = "amount") -> Coalesce:
    """Sum of a money field of `qs` (filtered on an OuterRef) as a correlated subquery: SUM
    without a GROUP BY gives the one row, zero when there is none."""
    sub = (
        qs.order_by()
        .annotate(total=Func(F(field_name), function="SUM", output_field=MONEY))
        .values("total")[:1]
    )
    return Coalesce(fen(Subquery(sub, output_field=MONEY)), Value(ZERO), output_field=MONEY)


def _count_of(qs: QuerySet) -> Coalesce:
    """COUNT(*) of `qs` (filtered on an OuterRef) as a correlated subquery."""
    sub = (
        qs.order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")[:1]
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _minus(a: str, b: str) -> ExpressionWrapper:
    return fen(ExpressionWrapper(F(a) - F(b), output_field=MONEY))


def _reversed(model) -> Exists:
    return Exists(model.objects.filter(reverses=OuterRef("pk")))


def finances_with_progress(qs: QuerySet[VillageFinance]) -> QuerySet[VillageFinance]:
    """Rectifications with their village and checklist items done/total annotated.
    Subqueries, not joins with COUNT: further annotations need no GROUP BY."""
    items = ChecklistItem.objects.filter(finance=OuterRef("pk"))
    return qs.select_related("branch", "branch__township").annotate(
        items_done=_count_of(items.filter(status=ChecklistItem.Status.DONE)),
        items_total=_count_of(items),
    )


def _debts_with_outstanding(qs: QuerySet[Debt]) -> QuerySet[Debt]:
    """Each debt's repaid (reversals included: they are negative) and outstanding."""
    return qs.annotate(repaid=_sum_of(Repayment.objects.filter(debt=OuterRef("pk")))).annotate(
        outstanding=_minus("principal", "repaid")
    )


def debt_figures(*, branch: str, on: datetime.date) -> dict:
    """Annotations of a village's debts for any query whose `branch` column (a name for
    OuterRef) is the village: the one implementation of debt_totals and the overview."""
    debts = Debt.objects.filter(branch=OuterRef(branch))
    each = _debts_with_outstanding(debts)
    overdue = each.filter(outstanding__gt=0, due_on__lt=on)
    return {
        "debt_principal": _sum_of(debts, "principal"),
        "debt_outstanding": _sum_of(each, "outstanding"),
        "debt_to_villagers": _sum_of(each.filter(creditor_is_villager=True), "outstanding"),
        "debt_overdue": _sum_of(overdue, "outstanding"),
        "debt_overdue_count": _count_of(overdue),
    }


def handover_figures() -> dict:
    """How many handovers a rectification has and how many still lack a signature."""
    handovers = Handover.objects.filter(finance=OuterRef("pk"))
    return {
        "handovers_total": _count_of(handovers),
        "handovers_incomplete": _count_of(handovers.filter(Handover.INCOMPLETE)),
    }


def finance_figures(
    qs: QuerySet[VillageFinance], *, on: datetime.date | None = None, rows: bool = True
) -> QuerySet[VillageFinance]:
    """Rectifications with every figure the village page and the dashboard show: progress,
    debts, handovers annotated, disclosures prefetched (for `disclosure_compliance`). With
    rows=False the disclosures carry only what that count reads (the county's hundreds of
    villages), not the page's rows."""
    on = on or today()
    if rows:
        # In the model's order (newest first): the village page lists these very rows.
        disclosures = Disclosure.objects.select_related("late_confirmed_by")
    else:
        disclosures = Disclosure.objects.only(
            "finance_id", "kind", "period_kind", "period_year", "period_number"
        )
    return (
        finances_with_progress(qs)
        .annotate(**debt_figures(branch="branch_id", on=on), **handover_figures())
        .prefetch_related(Prefetch("disclosures", queryset=disclosures))
    )


def _entry_settled() -> Subquery:
    return _sum_of(Settlement.objects.filter(entry=OuterRef("pk")))


def ledger_entries(branch_id: int) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(counterparty__branch_id=branch_id)
        .select_related("counterparty", "reverses")
        .annotate(settled=_entry_settled(), is_reversed=_reversed(LedgerEntry))
        .order_by("-entered_on", "-id")
    )


def counterparty_balances(branch_id: int) -> QuerySet[Counterparty]:
    """Each counterparty with what it still owes the village (receivable) and what the
    village still owes it (payable): entries minus settlements, reversals included."""

    def outstanding(direction):
        entries = LedgerEntry.objects.filter(counterparty=OuterRef("pk"), direction=direction)
        settled = Settlement.objects.filter(
            entry__counterparty=OuterRef("pk"), entry__direction=direction
        )
        return fen(_sum_of(entries) - _sum_of(settled))

    return (
        Counterparty.objects.filter(branch_id=branch_id)
        .annotate(
            receivable=outstanding(LedgerEntry.Direction.RECEIVABLE),
            payable=outstanding(LedgerEntry.Direction.PAYABLE),
        )
        .order_by("name")
    )


def ledger_totals(branch_id: int) -> dict:
    out = {}
    for direction in LedgerEntry.Direction.values:
        entries = total_of(
            LedgerEntry.objects.filter(counterparty__branch_id=branch_id, direction=direction)
        )
        settled = total_of(
            Settlement.objects.filter(
                entry__counterparty__branch_id=branch_id, entry__direction=direction
            )
        )
        out[direction] = entries - settled
    return out


def debts_with_outstanding(branch_id: int) -> QuerySet[Debt]:
    return (
        _debts_with_outstanding(Debt.objects.filter(branch_id=branch_id))
        .prefetch_related(
            Prefetch(
                "repayments",
                queryset=Repayment.objects.annotate(is_reversed=_reversed(Repayment)).order_by(
                    "paid_on", "id"
                ),
                to_attr="repayment_rows",
            )
        )
        .order_by("due_on", "incurred_on", "id")
    )


def debt_totals(branch_id: int, *, on: datetime.date | None = None) -> dict:
    """A village's debt totals in one query (the same annotations as the overview)."""
    row = (
        Branch.objects.filter(pk=branch_id)
        .annotate(**debt_figures(branch="pk", on=on or today()))
        .values(*DEBT_KEYS.values())
        .get()
    )
    return {key: _value(row[name]) for key, name in DEBT_KEYS.items()}


#: debt_totals' keys → the annotations of debt_figures.
DEBT_KEYS = {
    "principal": "debt_principal",
    "outstanding": "debt_outstanding",
    "to_villagers": "debt_to_villagers",
    "overdue": "debt_overdue",
    "overdue_count": "debt_overdue_count",
}


def _value(value):
    return value if isinstance(value, int) else _cent(value)


@dataclass
class CashSheet:
    """Income and spending of a village between two dates, with their totals."""

    start: datetime.date
    end: datetime.date
    label: str
    #: Querysets, ordered by date: the PDF lists them whole, the village page by pages.
    incomes: QuerySet | list = field(default_factory=list)
    expenditures: QuerySet | list = field(default_factory=list)
    income_total: Decimal = ZERO
    expenditure_total: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.income_total - self.expenditure_total


def cash_sheet(
    branch_id: int, start: datetime.date, end: datetime.date, label: str = ""
) -> CashSheet:
    """The one source of the disclosure sheet and the village page's income and spending."""
    incomes = Income.objects.filter(branch_id=branch_id, received_on__range=(start, end))
    spending = Expenditure.objects.filter(branch_id=branch_id, spent_on__range=(start, end))
    return CashSheet(
        start=start,
        end=end,
        label=label,
        incomes=incomes.annotate(is_reversed=_reversed(Income)).order_by("received_on", "id"),
        expenditures=spending.annotate(is_reversed=_reversed(Expenditure)).order_by(
            "spent_on", "id"
        ),
        income_total=total_of(incomes),
        expenditure_total=total_of(spending),
    )


def period_sheet(branch_id: int, year: int, kind: str, number: int) -> CashSheet:
    start, end = period_bounds(year, kind, number)
    return cash_sheet(branch_id, start, end, period_label(year, kind, number))


def parse_period(text: str) -> tuple[int, str, int] | None:
    """'2016-11' → (2016, month, 11); '2016-Q3' → (2016, quarter, 3); anything else None."""
    try:
        year_text, rest = text.strip().split("-", 1)
        year = int(year_text)
        if rest[:1].upper() == "Q":
            kind, number = Period.QUARTER, int(rest[1:])
        else:
            kind, number = Period.MONTH, int(rest)
    except (ValueError, AttributeError):
        return None
    limit = 12 if kind == Period.MONTH else 4
    if not (is_year(year) and 1 <= number <= limit):
        return None
    return year, kind, number


def period_code(year: int, kind: str, number: int) -> str:
    return f"{year}-{number:02d}" if kind == Period.MONTH else f"{year}-Q{number}"


@dataclass
class Compliance:
    kind: str
    label: str
    period_kind: str
    due: list  # [(code, label)]
    missed: list

    @property
    def ok(self) -> bool:
        return not self.missed

    @property
    def posted_count(self) -> int:
        """Periods due that have their posting."""
        return len(self.due) - len(self.missed)


def due_periods(finance: VillageFinance, period_kind: str, on: datetime.date) -> list[tuple]:
    """Periods of the rectification's year that began on or after it started and have
    ended by `on`: those a posting is owed for."""
    count = 12 if period_kind == Period.MONTH else 4
    periods = []
    for number in range(1, count + 1):
        start, end = period_bounds(finance.year, period_kind, number)
        if start >= finance.started_on and end < on:
            periods.append((finance.year, period_kind, number, start, end))
    return periods


def disclosure_compliance(
    finance: VillageFinance, disclosures=None, *, on: datetime.date | None = None
) -> list[Compliance]:
    """DOMAIN.md: village affairs public at least quarterly; finances monthly where
    transactions are frequent, otherwise quarterly. A quarter is covered by any posting of
    that kind within it; a month only by that month's posting."""
    on = on or today()
    if disclosures is None:
        disclosures = list(finance.disclosures.all())
    result = []
    for kind, required in (
        (
            Disclosure.Kind.FINANCE,
            Period.MONTH if finance.frequent_transactions else Period.QUARTER,
        ),
        (Disclosure.Kind.VILLAGE_AFFAIRS, Period.QUARTER),
    ):
        posted = [d for d in disclosures if d.kind == kind]
        due, missed = [], []
        for year, period_kind, number, start, end in due_periods(finance, required, on):
            code = (period_code(year, period_kind, number), period_label(year, period_kind, number))
            due.append(code)
            if period_kind == Period.MONTH:
                covered = any(
                    d.period_kind == Period.MONTH
                    and d.period_year == year
                    and d.period_number == number
                    for d in posted
                )
            else:
                covered = any(
                    d.period_year == year
                    and start
                    <= period_bounds(d.period_year, d.period_kind, d.period_number)[0]
                    <= end
                    for d in posted
                )
            if not covered:
                missed.append(code)
        result.append(Compliance(kind, Disclosure.Kind(kind).label, required, due, missed))
    return result


def default_period(finance: VillageFinance, *, on: datetime.date) -> tuple[int, str, int]:
    """The last period (by the village's frequency) of the year that has ended by `on`,
    else the year's first."""
    kind = Period.MONTH if finance.frequent_transactions else Period.QUARTER
    count = 12 if kind == Period.MONTH else 4
    ended = [n for n in range(1, count + 1) if period_bounds(finance.year, kind, n)[1] < on]
    return finance.year, kind, (ended[-1] if ended else 1)


@dataclass(frozen=True)
class FinanceOverview:
    """One village's rectification as the dashboard and the village page sum it up."""

    pk: int
    branch_id: int
    branch_name: str
    village: str
    year: int
    items_done: int
    items_total: int
    progress: Decimal  # percent to one decimal, township.figures.percent
    debt_principal: Decimal
    debt_outstanding: Decimal  # all creditors
    debt_to_villagers: Decimal  # outstanding to villagers
    debt_overdue: Decimal  # outstanding past its repayment date (all creditors)
    debt_overdue_count: int
    compliance: list  # [Compliance] per kind of disclosure
    handovers_total: int
    handovers_incomplete: int

    @property
    def url(self) -> str:
        return reverse("finance:detail", args=[self.pk])

    @property
    def disclosure_due(self) -> int:
        """Periods (of every kind) a posting was owed for by now."""
        return sum(len(c.due) for c in self.compliance)

    @property
    def disclosure_posted(self) -> int:
        """Of those, the periods that have their posting."""
        return sum(c.posted_count for c in self.compliance)

    @property
    def disclosure_missed(self) -> list[tuple[str, str, str]]:
        """(kind label, period code, period label) of each period without its posting."""
        return [(str(c.label), code, label) for c in self.compliance for code, label in c.missed]

    @property
    def disclosure_ok(self) -> bool:
        return not self.disclosure_missed

    @property
    def handover_complete(self) -> bool:
        """At least one handover and every one signed by all three."""
        return self.handovers_total > 0 and self.handovers_incomplete == 0


def overview_row(finance: VillageFinance, *, on: datetime.date | None = None) -> FinanceOverview:
    """The summary of a rectification loaded through `finance_figures` (no query)."""
    on = on or today()
    return FinanceOverview(
        pk=finance.pk,
        branch_id=finance.branch_id,
        branch_name=finance.branch.name,
        village=finance.village,
        year=finance.year,
        items_done=finance.items_done,
        items_total=finance.items_total,
        progress=percent(finance.items_done, finance.items_total),
        debt_principal=_cent(finance.debt_principal),
        debt_outstanding=_cent(finance.debt_outstanding),
        debt_to_villagers=_cent(finance.debt_to_villagers),
        debt_overdue=_cent(finance.debt_overdue),
        debt_overdue_count=finance.debt_overdue_count,
        compliance=disclosure_compliance(finance, list(finance.disclosures.all()), on=on),
        handovers_total=finance.handovers_total,
        handovers_incomplete=finance.handovers_incomplete,
    )


def finance_overview(
    township, year: int, *, on: datetime.date | None = None
) -> list[FinanceOverview]:
    """One row per village rectification of the township (instance or id) and year, in the
    branches' order: two queries whatever the number of villages, debts or postings."""
    on = on or today()
    finances = finance_figures(
        VillageFinance.objects.filter(branch__township=township, year=year), on=on
    ).order_by("branch__position", "branch_id")
    return [overview_row(f, on=on) for f in finances]


@dataclass
class DisclosureSheet:
    """The 村务财务公开表 of one period: the cash book's 期初余额, 本期收入, 本期支出 and
    期末余额 (all summed in the database), its entries, and the village-affairs postings."""

    finance: VillageFinance
    cash: CashSheet
    opening: Decimal
    affairs: QuerySet | list

    @property
    def closing(self) -> Decimal:
        return self.opening + self.cash.income_total - self.cash.expenditure_total


def opening_balance(branch_id: int, before: datetime.date) -> Decimal:
    """Income minus spending recorded before `before` (reversals included, negative)."""
    incomes = Income.objects.filter(branch_id=branch_id, received_on__lt=before)
    spending = Expenditure.objects.filter(branch_id=branch_id, spent_on__lt=before)
    return total_of(incomes) - total_of(spending)


def disclosure_sheet(finance: VillageFinance, year: int, kind: str, number: int) -> DisclosureSheet:
    cash = period_sheet(finance.branch_id, year, kind, number)
    affairs = finance.disclosures.filter(kind=Disclosure.Kind.VILLAGE_AFFAIRS).filter(
        posted_on__range=(cash.start, cash.end)
    )
    return DisclosureSheet(
        finance=finance,
        cash=cash,
        opening=opening_balance(finance.branch_id, cash.start),
        affairs=affairs.order_by("posted_on", "id"),
    )


def latest_period_with_entries(
    finance: VillageFinance, *, on: datetime.date
) -> tuple[int, str, int]:
    """The sheet a village prints by default: the latest period (at the village's frequency)
    that has income or spending on or before `on`; without any, default_period()."""
    days = [
        d
        for d in (
            Income.objects.filter(branch_id=finance.branch_id, received_on__lte=on)
            .order_by("-received_on")
            .values_list("received_on", flat=True)
            .first(),
            Expenditure.objects.filter(branch_id=finance.branch_id, spent_on__lte=on)
            .order_by("-spent_on")
            .values_list("spent_on", flat=True)
            .first(),
        )
        if d
    ]
    if not days:
        return default_period(finance, on=on)
    last = max(days)
    if finance.frequent_transactions:
        return last.year, Period.MONTH, last.month
    return last.year, Period.QUARTER, (last.month - 1) // 3 + 1

"""Reads the pages, the disclosure sheet and the dashboard share, so their numbers agree.
Every total is the database's Sum over DecimalFields: never a float, never a Python loop."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from township.dates import today

from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
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


def _sum_of(qs: QuerySet) -> Coalesce:
    """Sum(amount) of `qs` (filtered on an OuterRef) as a correlated subquery: SUM without a
    GROUP BY gives the one row, zero when there is none."""
    sub = (
        qs.order_by()
        .annotate(total=Func(F("amount"), function="SUM", output_field=MONEY))
        .values("total")[:1]
    )
    return Coalesce(fen(Subquery(sub, output_field=MONEY)), Value(ZERO), output_field=MONEY)


def _minus(a: str, b: str) -> ExpressionWrapper:
    return fen(ExpressionWrapper(F(a) - F(b), output_field=MONEY))


def _reversed(model) -> Exists:
    return Exists(model.objects.filter(reverses=OuterRef("pk")))


def finances_with_progress(qs: QuerySet[VillageFinance]) -> QuerySet[VillageFinance]:
    """Rectifications with their village, items done/total and group size annotated."""
    return qs.select_related("branch", "branch__township").annotate(
        items_done=Count("items", filter=Q(items__status=ChecklistItem.Status.DONE), distinct=True),
        items_total=Count("items", distinct=True),
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
        Debt.objects.filter(branch_id=branch_id)
        .annotate(repaid=_sum_of(Repayment.objects.filter(debt=OuterRef("pk"))))
        .annotate(outstanding=_minus("principal", "repaid"))
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
    on = on or today()
    debts = debts_with_outstanding(branch_id)
    overdue = debts.filter(outstanding__gt=0, due_on__lt=on)
    villagers = debts.filter(creditor_is_villager=True)
    return {
        "principal": total_of(Debt.objects.filter(branch_id=branch_id), "principal"),
        "outstanding": total_of(debts, "outstanding"),
        "to_villagers": total_of(villagers, "outstanding"),
        "overdue": total_of(overdue, "outstanding"),
        "overdue_count": overdue.count(),
    }


@dataclass
class CashSheet:
    """Income and spending of a village between two dates, with their totals."""

    start: datetime.date
    end: datetime.date
    label: str
    incomes: list = field(default_factory=list)
    expenditures: list = field(default_factory=list)
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
        incomes=list(incomes.annotate(is_reversed=_reversed(Income)).order_by("received_on", "id")),
        expenditures=list(
            spending.annotate(is_reversed=_reversed(Expenditure)).order_by("spent_on", "id")
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
    if not (1949 <= year <= 2100 and 1 <= number <= limit):
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

"""Reads of Party dues shared by the dues pages, the dashboard, the PDF and the Excel
exports, so their figures agree. Money is summed in the database; months (which are paid,
which are owed) are worked out in Python from one query per table, so every page costs a
fixed number of queries whatever the number of members."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from branches.models import Branch
from members.models import Member
from members.selectors import members_with_activity, mobility_flags
from township.dates import today
from township.figures import percent

from .models import (
    ARREARS_FLAG_MONTHS,
    ARTICLE_9_MONTHS,
    Assessment,
    GoodReason,
    Payment,
    Remittance,
    TownshipEntry,
    month_index,
)

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def cap_month(year: int, on: datetime.date) -> int:
    """The last month of `year` owed by `on`: all twelve of a past year, none of a future one."""
    if year < on.year:
        return 12
    if year > on.year:
        return 0
    return on.month


def period_months(kind: str, number: int) -> tuple[int, int]:
    """month 1–12, quarter 1–4, or the year."""
    if kind == "month":
        return number, number
    if kind == "quarter":
        return 3 * number - 2, 3 * number
    return 1, 12


def dues_in_months(low: int, high: int):
    """A payment's dues that fall in months low–high of its year (negative for a reversal)."""
    return ExpressionWrapper(
        F("monthly")
        * (Least(F("month_to"), Value(high)) - Greatest(F("month_from"), Value(low)) + 1),
        output_field=MONEY_FIELD,
    )


def payments_touching(qs: QuerySet[Payment], low: int, high: int) -> QuerySet[Payment]:
    return qs.filter(month_from__lte=high, month_to__gte=low)


def collected_in_months(payments: QuerySet[Payment], low: int, high: int) -> Decimal:
    """Dues for months low–high, summed in the database (reversals net them out)."""
    if high < low:
        return ZERO
    total = payments_touching(payments, low, high).aggregate(s=Sum(dues_in_months(low, high)))["s"]
    return _fen(total)


def due_in_months(assessments: QuerySet[Assessment], low: int, high: int) -> Decimal:
    """Dues owed for months low–high by the assessed members (from their first month)."""
    if high < low:
        return ZERO
    expression = ExpressionWrapper(
        F("monthly") * (Value(high) - Greatest(F("first_month"), Value(low)) + 1),
        output_field=MONEY_FIELD,
    )
    total = assessments.filter(first_month__lte=high).aggregate(s=Sum(expression))["s"]
    return _fen(total)


# --- Each member's months -------------------------------------------------------------


@dataclass
class MemberDues:
    member: Member
    assessment: Assessment | None
    #: One of "paid", "owed", "excused", "ahead", "" (not owed) per month of the year.
    months: list[str] = field(default_factory=list)
    unpaid: int = 0
    #: Consecutive months unpaid without good reason, up to the current month.
    run: int = 0
    paid_amount: Decimal = ZERO
    extra: Decimal = ZERO

    @property
    def unpaid_months(self) -> list[int]:
        return [i + 1 for i, s in enumerate(self.months) if s == "owed"]

    @property
    def in_arrears(self) -> bool:
        return self.unpaid >= ARREARS_FLAG_MONTHS

    @property
    def article_9(self) -> bool:
        return self.run >= ARTICLE_9_MONTHS

    @property
    def arrears_amount(self) -> Decimal:
        if self.assessment is None:
            return ZERO
        return self.assessment.monthly * self.unpaid


def member_dues(
    members: QuerySet[Member], year: int, *, on: datetime.date | None = None
) -> list[MemberDues]:
    """Each member's twelve months of `year` and the run of unpaid months up to `on`.
    Four queries: members, assessments, payments, good reasons."""
    on = on or today()
    # A subquery rather than a list of ids: an empty list would skip the query and make
    # the page's query count depend on the data.
    ids = members.values("pk")
    members = list(members.select_related("branch"))
    years = {year, on.year, on.year - 1}
    assessments = {
        (a.member_id, a.year): a
        for a in Assessment.objects.filter(member_id__in=ids, year__in=years)
    }
    paid: dict[int, set[int]] = {}
    # Each member's dues and voluntary extra for the year, summed in the database.
    sums = {
        row["member_id"]: row
        for row in Payment.objects.filter(member_id__in=ids, year=year)
        .order_by()
        .values("member_id")
        .annotate(paid=Sum("amount"), extra=Sum("extra"))
    }
    for p in (
        Payment.objects.filter(member_id__in=ids, year__in=years)
        .only("member_id", "year", "month_from", "month_to", "reverses_id")
        .annotate(reversed_by_id=F("reversed_by__id"))
    ):
        if p.reverses_id is None and p.reversed_by_id is None:
            paid.setdefault(p.member_id, set()).update(
                month_index(p.year, m) for m in range(p.month_from, p.month_to + 1)
            )
    excused: dict[int, set[int]] = {}
    for g in GoodReason.objects.filter(member_id__in=ids):
        first = month_index(g.month_from.year, g.month_from.month)
        last = month_index(g.month_to.year, g.month_to.month)
        excused.setdefault(g.member_id, set()).update(range(first, last + 1))
    now = month_index(on.year, on.month)

    def status(member_id: int, index: int) -> str:
        y, m = divmod(index, 12)
        a = assessments.get((member_id, y))
        if a is None or m + 1 < a.first_month:
            return ""
        if index in paid.get(member_id, ()):
            return "paid"
        if index > now:
            return "ahead"
        if index in excused.get(member_id, ()):
            return "excused"
        return "owed"

    rows = []
    for member in members:
        months = [status(member.pk, month_index(year, m)) for m in range(1, 13)]
        run, index = 0, now
        while status(member.pk, index) == "owed":
            run += 1
            index -= 1
        rows.append(
            MemberDues(
                member=member,
                assessment=assessments.get((member.pk, year)),
                months=months,
                unpaid=months.count("owed"),
                run=run,
                paid_amount=_fen(sums.get(member.pk, {}).get("paid")),
                extra=_fen(sums.get(member.pk, {}).get("extra")),
            )
        )
    return rows


# --- Per branch -------------------------------------------------------------------------


@dataclass
class BranchDues:
    branch: Branch
    due: Decimal
    collected: Decimal
    extra: Decimal
    remitted: Decimal
    members_assessed: int
    members_in_arrears: int = 0
    article_9: int = 0

    @property
    def arrears(self) -> Decimal:
        return max(self.due - self.collected, ZERO)

    @property
    def rate(self) -> Decimal:
        if not self.due:
            return Decimal("0.0")
        return percent(int(self.collected * 100), int(self.due * 100))


def _fen(value) -> Decimal:
    # SQLite sums a product of decimals as a float: back to the fen.
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _money_subquery(qs, expression) -> Coalesce:
    sub = qs.order_by().values("branch_id").annotate(s=Sum(expression)).values("s")[:1]
    return Coalesce(Subquery(sub, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def branch_dues(
    branches: QuerySet[Branch],
    year: int,
    *,
    on: datetime.date | None = None,
    low: int = 1,
    high: int = 12,
) -> list[BranchDues]:
    """Each branch's dues for months low–high of `year` as far as they are owed by `on`: due,
    collected (both to the fen, summed in the database), voluntary extra, remitted in the year.
    One query."""
    on = on or today()
    high = min(high, cap_month(year, on))
    assessed = Assessment.objects.filter(
        member__branch=OuterRef("pk"), year=year, member__left_on__isnull=True
    )
    payments = Payment.objects.filter(branch=OuterRef("pk"), year=year)
    if high >= low:
        due_sub = (
            assessed.filter(first_month__lte=high)
            .order_by()
            .values("member__branch")
            .annotate(
                s=Sum(
                    ExpressionWrapper(
                        F("monthly") * (Value(high) - Greatest(F("first_month"), Value(low)) + 1),
                        output_field=MONEY_FIELD,
                    )
                )
            )
            .values("s")[:1]
        )
        due = Coalesce(
            Subquery(due_sub, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD
        )
        collected = _money_subquery(
            payments_touching(payments, low, high), dues_in_months(low, high)
        )
    else:
        due = collected = Value(ZERO, output_field=MONEY_FIELD)
    count_sub = assessed.order_by().values("member__branch").annotate(c=Count("pk")).values("c")[:1]
    rows = branches.annotate(
        dues_due=due,
        dues_collected=collected,
        dues_extra=_money_subquery(payments, F("extra")),
        dues_remitted=_money_subquery(
            Remittance.objects.filter(branch=OuterRef("pk"), remitted_on__year=year), F("amount")
        ),
        dues_assessed=Coalesce(Subquery(count_sub), Value(0)),
    ).order_by("position", "pk")
    return [
        BranchDues(
            branch=b,
            due=_fen(b.dues_due),
            collected=_fen(b.dues_collected),
            extra=_fen(b.dues_extra),
            remitted=_fen(b.dues_remitted),
            members_assessed=b.dues_assessed,
        )
        for b in rows
    ]


def dues_overview(township, year: int, *, on: datetime.date | None = None) -> dict:
    """The dashboard's and the annual report's dues: per branch the collection rate, arrears
    and members flagged; the township's totals. A fixed number of queries whatever the size."""
    on = on or today()
    branches = Branch.objects.filter(township=township).active()
    rows = branch_dues(branches, year, on=on)
    members = Member.objects.filter(branch__in=branches).current()
    flagged: dict[int, list[int]] = {}
    for row in member_dues(members, year, on=on):
        counts = flagged.setdefault(row.member.branch_id, [0, 0])
        counts[0] += row.in_arrears
        counts[1] += row.article_9 if year == on.year else 0
    for row in rows:
        row.members_in_arrears, row.article_9 = flagged.get(row.branch.pk, [0, 0])
    # The township's totals are summed in the database too, not added up from the rows.
    high = cap_month(year, on)
    payments = Payment.objects.filter(branch__in=branches, year=year)
    due = due_in_months(
        Assessment.objects.filter(
            member__branch__in=branches, year=year, member__left_on__isnull=True
        ),
        1,
        high,
    )
    collected = collected_in_months(payments, 1, high)
    extra = _fen(payments.aggregate(s=Sum("extra"))["s"])
    remitted = _fen(
        Remittance.objects.filter(branch__in=branches, remitted_on__year=year).aggregate(
            s=Sum("amount")
        )["s"]
    )
    return {
        "year": year,
        "rows": rows,
        "due": due,
        "collected": collected,
        "arrears": max(due - collected, ZERO),
        "extra": extra,
        "remitted": remitted,
        "rate": percent(int(collected * 100), int(due * 100)) if due else Decimal("0.0"),
        "members_in_arrears": sum(r.members_in_arrears for r in rows),
        "article_9": sum(r.article_9 for r in rows),
        "has_data": any(r.members_assessed for r in rows),
    }


# --- The township's ledger --------------------------------------------------------------


def township_ledger(township, year: int) -> dict:
    """Dues received from the branches, remitted upward and used in a year, with the balance
    carried from earlier years. Sums in the database."""
    received = Remittance.objects.filter(branch__township=township)
    out = TownshipEntry.objects.filter(township=township)

    def total(qs) -> Decimal:
        return _fen(qs.aggregate(s=Sum("amount"))["s"])

    opening = total(received.filter(remitted_on__year__lt=year)) - total(
        out.filter(entered_on__year__lt=year)
    )
    year_received = total(received.filter(remitted_on__year=year))
    year_remitted = total(out.filter(entered_on__year=year, kind=TownshipEntry.Kind.REMITTED))
    year_used = total(out.filter(entered_on__year=year, kind=TownshipEntry.Kind.USED))
    lines = [
        {
            "date": r.remitted_on,
            "kind": "received",
            "record": r,
            "what": r.branch.name,
            "received": r.amount,
            "paid_out": None,
        }
        for r in received.filter(remitted_on__year=year)
        .select_related("branch", "reverses")
        .annotate(reversal_id=F("reversed_by__id"))
    ] + [
        {
            "date": e.entered_on,
            "kind": e.kind,
            "record": e,
            "what": e.purpose,
            "received": None,
            "paid_out": e.amount,
        }
        for e in out.filter(entered_on__year=year)
        .select_related("reverses")
        .annotate(reversal_id=F("reversed_by__id"))
    ]
    lines.sort(key=lambda line: (line["date"], line["kind"] != "received", line["record"].pk))
    balance = opening
    for line in lines:
        balance += (line["received"] or ZERO) - (line["paid_out"] or ZERO)
        line["balance"] = balance
    return {
        "opening": opening,
        "received": year_received,
        "remitted": year_remitted,
        "used": year_used,
        "closing": opening + year_received - year_remitted - year_used,
        "lines": lines,
    }


# --- 自行脱党 risk ------------------------------------------------------------------------


def leaving_risk(members: QuerySet[Member], *, on: datetime.date | None = None) -> list[dict]:
    """党章 Article 9's three grounds in one list: six consecutive months without
    organisational life (the mobile-member flags) or without paying dues, without good
    reason. The system flags; people decide. Six queries."""
    on = on or today()
    members = members.current()
    dues = {row.member.pk: row for row in member_dues(members, on.year, on=on)}
    risks = []
    for member in members_with_activity(members):
        flags = mobility_flags(member)
        row = dues.get(member.pk)
        unpaid = row.run if row else 0
        if flags["six_months_silent"] or unpaid >= ARTICLE_9_MONTHS:
            risks.append(
                {
                    "member": member,
                    "silent": flags["six_months_silent"],
                    "last_activity": flags["last_activity"],
                    "dues_run": unpaid,
                    "dues_flag": unpaid >= ARTICLE_9_MONTHS,
                    "should_transfer": flags["should_transfer"],
                }
            )
    return risks


def branch_payments(branch: Branch, year: int) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(branch=branch, year=year)
        .select_related("member", "reverses")
        .annotate(reversal_id=F("reversed_by__id"))
        .order_by("-paid_on", "-id")
    )


def remittances_of(branch: Branch, year: int) -> QuerySet[Remittance]:
    return (
        Remittance.objects.filter(branch=branch, remitted_on__year=year)
        .select_related("reverses")
        .annotate(reversal_id=F("reversed_by__id"))
    )


def dues_paid_up_to(member: Member, *, on: datetime.date | None = None) -> datetime.date | None:
    """The last month the member's dues are fully paid up to, from the ledger: the end of the
    unbroken run of paid months that starts at the first month the ledger records a payment
    for (a month left unpaid stops the run, even if later months were paid). None when the
    ledger has no standing payment for the member (the letter then says so). With `on`,
    only payments made by that day count (the ledger as it stood then)."""
    payments = Payment.objects.filter(
        member=member, reverses__isnull=True, reversed_by__isnull=True
    )
    if on is not None:
        payments = payments.filter(paid_on__lte=on)
    paid: set[int] = set()
    for year, low, high in payments.values_list("year", "month_from", "month_to"):
        paid.update(month_index(year, m) for m in range(low, high + 1))
    if not paid:
        return None
    last = min(paid)
    while last + 1 in paid:
        last += 1
    year, month0 = divmod(last, 12)
    return datetime.date(year, month0 + 1, 1)

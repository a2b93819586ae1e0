"""Demo Party dues for 2016: the 2008 regulation's rate table, every member's base and
dues (核定), payments by quarter with each branch's consent, a few members in arrears and
one mobile member six months behind, the branches' remittances and the township's ledger.

Fixed data written through ensure(): running it twice changes nothing and writes no history.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from members.models import Member
from township.demo_data import ensure

from .models import (
    CATEGORY_OF_ROSTER,
    Assessment,
    Category,
    Payment,
    QuarterlyConsent,
    RateBand,
    RateTable,
    Remittance,
    TownshipEntry,
)

D = datetime.date
YEAR = 2016
CENT = Decimal("0.01")

#: 关于中国共产党党费收缴、使用和管理的规定 (中组发〔2008〕3号).
BANDS = [
    (Category.EMPLOYED, "0", "3000", "0.5", None, None),
    (Category.EMPLOYED, "3000", "5000", "1", None, None),
    (Category.EMPLOYED, "5000", "10000", "1.5", None, None),
    (Category.EMPLOYED, "10000", None, "2", None, None),
    (Category.RETIRED, "0", "5000", "0.5", None, None),
    (Category.RETIRED, "5000", None, "1", None, None),
    (Category.FARMER, "0", None, None, "0.20", "1.00"),
    (Category.LOW_INCOME, "0", None, None, "0.20", "0.20"),
]

#: Members who have not paid the fourth quarter (a reminder at three months).
IN_ARREARS = 4


def _dec(value):
    return None if value is None else Decimal(value)


def rate_table(township) -> RateTable:
    table = ensure(
        RateTable,
        {"township": township, "valid_from": D(2008, 4, 1)},
        {
            "title": "党费收缴标准",
            "basis": "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）",
        },
    )
    for category, above, up_to, pct, low, high in BANDS:
        ensure(
            RateBand,
            {"table": table, "category": category, "income_above": Decimal(above)},
            {
                "income_up_to": _dec(up_to),
                "percent": _dec(pct),
                "fixed_min": _dec(low),
                "fixed_max": _dec(high),
            },
        )
    return table


def _assessment_values(member: Member, table: RateTable, rng: random.Random) -> dict:
    category = CATEGORY_OF_ROSTER.get(member.category, Category.EMPLOYED)
    base = None
    if category == Category.FARMER:
        monthly = Decimal(rng.choice(["0.50", "1.00", "1.00", "0.50", "0.20"]))
    elif category == Category.LOW_INCOME:
        monthly = Decimal("0.20")
    else:
        if category == Category.RETIRED:
            base = Decimal(rng.randrange(1800, 6200, 50))
        else:
            base = Decimal(rng.randrange(2200, 11000, 100))
        band = next(b for b in table.bands.all() if b.category == category and b.covers(base))
        monthly = (base * band.percent / 100).quantize(CENT, ROUND_HALF_UP)
    first = member.joined_on.month if member.joined_on.year == YEAR else 1
    return {
        "category": category,
        "base": base,
        "monthly": monthly,
        "first_month": first,
        "assessed_on": D(YEAR, 1, 10),
        "table": table,
        "note": "",
    }


def load(township) -> None:
    table = rate_table(township)
    members = list(
        Member.objects.filter(branch__township=township, left_on__isnull=True)
        .exclude(joined_on__year__gt=YEAR)
        .select_related("branch")
        .order_by("branch__position", "id_number")
    )
    mobile = next((m for m in members if m.is_mobile), None)
    late = [m for m in members if not m.is_mobile and m.full_member_on][5::40][:IN_ARREARS]
    collected: dict[tuple[int, int], Decimal] = {}
    branches = {m.branch_id: m.branch for m in members}
    for branch in branches.values():
        ensure(
            QuarterlyConsent,
            {"branch": branch, "year": YEAR},
            {"decided_on": D(YEAR, 1, 8), "note": "支部党员大会同意按季度交纳党费"},
        )
    serial: dict[int, int] = {}
    for member in members:
        rng = random.Random(f"dues-{member.id_number}")
        assessment = ensure(
            Assessment,
            {"member": member, "year": YEAR},
            _assessment_values(member, table, rng),
        )
        quarters = 4
        if member == mobile:
            quarters = 2  # away: nothing paid from July, six months by December
        elif member in late:
            quarters = 3
        for quarter in range(1, quarters + 1):
            low, high = 3 * quarter - 2, 3 * quarter
            low = max(low, assessment.first_month)
            if low > high:
                continue
            serial[member.branch_id] = serial.get(member.branch_id, 0) + 1
            paid_on = D(YEAR, 3 * quarter - 2, 10 + rng.randint(0, 15))
            if member.joined_on.year == YEAR:
                paid_on = max(paid_on, member.joined_on)
            months = high - low + 1
            ensure(
                Payment,
                {
                    "branch": member.branch,
                    "receipt_no": f"{YEAR}-{member.branch.position:02d}-{serial[member.branch_id]:04d}",
                },
                {
                    "member": member,
                    "year": YEAR,
                    "month_from": low,
                    "month_to": high,
                    "monthly": assessment.monthly,
                    "amount": assessment.monthly * months,
                    "extra": Decimal("0"),
                    "by_quarter": months == 3,
                    "paid_on": paid_on,
                    "note": "",
                    "reverses": None,
                },
            )
            key = (member.branch_id, quarter)
            collected[key] = collected.get(key, Decimal("0")) + assessment.monthly * months
    received = Decimal("0")
    for branch in sorted(branches.values(), key=lambda b: b.position):
        for quarter in range(1, 5):
            amount = collected.get((branch.pk, quarter))
            if not amount:
                continue
            ensure(
                Remittance,
                # The fourth quarter's is handed over before the demo's "today", 20 December.
                {"branch": branch, "remitted_on": D(YEAR, 3 * quarter, 25 if quarter < 4 else 15)},
                {
                    "amount": amount,
                    "receipt_no": f"{YEAR}-上缴-{branch.position:02d}-{quarter}",
                    "note": "",
                },
            )
            if quarter <= 2:
                received += amount
    upward = (received / 2).quantize(CENT, ROUND_HALF_UP)
    ensure(
        TownshipEntry,
        {"township": township, "kind": TownshipEntry.Kind.REMITTED, "entered_on": D(YEAR, 7, 15)},
        {
            "amount": upward,
            "purpose": "上半年党费按规定上缴县委组织部",
            "approved_by": "乡党委书记",
        },
    )
    ensure(
        TownshipEntry,
        {"township": township, "kind": TownshipEntry.Kind.USED, "entered_on": D(YEAR, 9, 20)},
        {
            "amount": min(Decimal("600.00"), received - upward),
            "purpose": "党员集中培训教材资料费",
            "approved_by": "乡党委书记",
        },
    )

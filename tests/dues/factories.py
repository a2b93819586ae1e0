"""Dues test helpers: the 2008 regulation's table for a township, assessments, payments."""

import datetime
from decimal import Decimal

from dues.demo import rate_table
from dues.models import Category
from dues.services import assess_member, record_payment

D = datetime.date
TODAY = D(2016, 12, 20)


def make_table(township):
    return rate_table(township)


def assess(member, year=2016, category=Category.FARMER, base=None, monthly=None):
    make_table(member.branch.township)
    return assess_member(
        member=member,
        year=year,
        category=category,
        base=None if base is None else Decimal(base),
        monthly=None if monthly is None else Decimal(monthly),
        assessed_on=D(year, 1, 10),
    )


_receipts = iter(range(1, 10**6))


def pay(member, month_from, month_to, year=2016, amount=None, **kwargs):
    from dues.models import Assessment

    if amount is None:
        a = Assessment.objects.get(member=member, year=year)
        amount = a.monthly * (month_to - month_from + 1)
    kwargs.setdefault("paid_on", D(2016, 12, 1))
    kwargs.setdefault("receipt_no", f"R{next(_receipts)}")
    return record_payment(
        member=member,
        year=year,
        month_from=month_from,
        month_to=month_to,
        amount=Decimal(amount),
        **kwargs,
    )

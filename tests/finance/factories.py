"""Factories for the finance tests: a rectification of branch A (a village) by default."""

import datetime
from decimal import Decimal

import factory

from finance.models import (
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    Handover,
    Income,
    LedgerEntry,
    Period,
    VillageFinance,
)
from finance.services import start_village_finance


def make_finance(branch, year=2016, **values) -> VillageFinance:
    values.setdefault("started_on", datetime.date(year, 6, 1))
    values.setdefault("accountant", "会计甲")
    values.setdefault("cashier", "出纳乙")
    return start_village_finance(branch=branch, year=year, **values)


class CounterpartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counterparty

    name = factory.Sequence(lambda n: f"往来单位{n}")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    counterparty = factory.SubFactory(CounterpartyFactory)
    direction = LedgerEntry.Direction.RECEIVABLE
    entered_on = datetime.date(2016, 3, 1)
    amount = Decimal("100.00")
    description = "租金"


class DebtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debt

    creditor = factory.Sequence(lambda n: f"村民{n}")
    creditor_is_villager = True
    principal = Decimal("1000.00")
    incurred_on = datetime.date(2014, 1, 1)
    cause = "垫付工程款"
    plan = "分期偿还"
    due_on = datetime.date(2017, 12, 31)


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    spent_on = datetime.date(2016, 11, 3)
    amount = Decimal("100.00")
    payee = "供销社"
    purpose = "办公用品"


class IncomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Income

    received_on = datetime.date(2016, 11, 2)
    amount = Decimal("100.00")
    source = "土地租金"


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    kind = Disclosure.Kind.FINANCE
    period_kind = Period.MONTH
    period_year = 2016
    period_number = 7
    posted_on = datetime.date(2016, 8, 5)
    content = "收支明细"


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    handed_on = datetime.date(2016, 7, 8)
    from_person = "老会计"
    to_person = "新会计"

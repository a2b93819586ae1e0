"""The disclosure sheet's 期初余额, 本期收入, 本期支出 and 期末余额 equal the cash book's, its
village-affairs section, and its default period: the latest one with entries."""

import datetime
from decimal import Decimal

import pytest

from finance.models import Disclosure, Expenditure, Income, Period
from finance.selectors import disclosure_sheet, latest_period_with_entries, total_of
from finance.services import reverse_record

from ..pdf_utils import assert_cjk_fonts_only, assert_phrases_whole, pdf_text
from .factories import DisclosureFactory, ExpenditureFactory, IncomeFactory, make_finance

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _flat(data: bytes) -> str:
    return pdf_text(data).replace("\n", "").replace(" ", "")


def _books(branch):
    IncomeFactory(branch=branch, received_on=D(2016, 6, 2), amount=Decimal("1000.10"))
    ExpenditureFactory(branch=branch, spent_on=D(2016, 6, 9), amount=Decimal("200.20"))
    IncomeFactory(branch=branch, received_on=D(2016, 8, 2), amount=Decimal("0.10"))
    ExpenditureFactory(branch=branch, spent_on=D(2016, 8, 3), amount=Decimal("0.20"))
    IncomeFactory(branch=branch, received_on=D(2016, 8, 30), amount=Decimal("55.55"))


def test_the_balances_equal_the_ledgers(world, as_user):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    _books(world.branch_a)
    sheet = disclosure_sheet(finance, 2016, Period.MONTH, 8)
    before = D(2016, 8, 1)
    ledger_opening = total_of(
        Income.objects.filter(branch=world.branch_a, received_on__lt=before)
    ) - total_of(Expenditure.objects.filter(branch=world.branch_a, spent_on__lt=before))
    assert sheet.opening == ledger_opening == Decimal("799.90")
    assert sheet.cash.income_total == Decimal("55.65")
    assert sheet.cash.expenditure_total == Decimal("0.20")
    assert sheet.closing == Decimal("855.35")
    # The next month opens where this one closed.
    assert disclosure_sheet(finance, 2016, Period.MONTH, 9).opening == sheet.closing

    r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-08")
    text = _flat(r.content)
    order = ["期初余额", "本期收入", "本期支出", "期末余额", "799.90", "55.65", "0.20", "855.35"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert_phrases_whole(r.content, ["期初余额（元）", "期末余额（元）"])
    assert_cjk_fonts_only(r.content)


def test_a_reversal_lowers_the_next_opening_balance(world):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    income = IncomeFactory(branch=world.branch_a, received_on=D(2016, 7, 2), amount=Decimal("9"))
    reverse_record(record=income, on=D(2016, 7, 9), reason="重复入账")
    assert disclosure_sheet(finance, 2016, Period.MONTH, 8).opening == Decimal("0.00")


def test_the_default_period_is_the_latest_with_entries(world, as_user):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    _books(world.branch_a)
    # An entry dated after the domain's today does not move the default.
    IncomeFactory(branch=world.branch_a, received_on=D(2016, 12, 28), amount=Decimal("1"))
    assert latest_period_with_entries(finance, on=D(2016, 12, 20)) == (2016, "month", 8)
    text = _flat(as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf").content)
    assert "2016年8月1日至2016年8月31日" in text and "55.55" in text


def test_a_quarterly_village_defaults_to_the_quarter_of_its_latest_entry(world):
    finance = make_finance(world.branch_a, frequent_transactions=False)
    _books(world.branch_a)
    assert latest_period_with_entries(finance, on=D(2016, 12, 20)) == (2016, "quarter", 3)


def test_village_affairs_of_the_period_are_listed(world, as_user):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    DisclosureFactory(
        finance=finance,
        kind=Disclosure.Kind.VILLAGE_AFFAIRS,
        period_number=8,
        posted_on=D(2016, 8, 12),
        content="村道硬化工程招标结果",
    )
    DisclosureFactory(
        finance=finance,
        kind=Disclosure.Kind.VILLAGE_AFFAIRS,
        period_number=9,
        posted_on=D(2016, 9, 12),
        content="九月事项",
    )
    text = _flat(
        as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-08").content
    )
    assert "村务公开事项" in text and "2016年8月12日：村道硬化工程招标结果" in text
    assert "九月事项" not in text
    empty = _flat(
        as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-10").content
    )
    assert "本期无村务公开事项" in empty

"""The disclosure sheet (PDF) of a month and of a quarter, its default period, and hostile
markup typed into free-text fields: shown as text on the page and in the PDF, never run."""

import datetime
from decimal import Decimal

import pytest

from finance.models import HandoverItem
from finance.selectors import period_sheet
from finance.services import reverse_record, set_finance_group

from ..pdf_utils import assert_cjk_fonts_only, pdf_text
from .factories import (
    CounterpartyFactory,
    DebtFactory,
    DisclosureFactory,
    EntryFactory,
    ExpenditureFactory,
    HandoverFactory,
    IncomeFactory,
    make_finance,
)

pytestmark = pytest.mark.django_db
D = datetime.date
HOSTILE = '<script>alert("x")</script><img src="http://evil.example/x.png">'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=&quot;http://evil.example"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _flat(data: bytes) -> str:
    return pdf_text(data).replace("\n", "")


def _books(branch):
    """Income and spending in September, October, November and December 2016."""
    for month, amount in ((9, "9.09"), (10, "10.10"), (11, "11.11"), (12, "12.12")):
        IncomeFactory(branch=branch, received_on=D(2016, month, 2), amount=Decimal(amount))
        ExpenditureFactory(
            branch=branch, spent_on=D(2016, month, 3), amount=Decimal("0.01"), payee=f"收款{month}"
        )


def test_the_sheet_of_a_month_lists_that_month_only(world, as_user):
    finance = make_finance(world.branch_a)
    _books(world.branch_a)
    r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-11")
    text = _flat(r.content)
    assert "2016年11月" in text and "2016年11月1日至2016年11月30日" in text
    assert "11.11" in text and "10.10" not in text and "12.12" not in text
    assert "收入合计 11.11 元，支出合计 0.01 元，本期结余 11.10 元。" in text
    assert_cjk_fonts_only(r.content)


def test_the_sheet_of_a_quarter_adds_up_its_three_months(world, as_user):
    finance = make_finance(world.branch_a)
    _books(world.branch_a)
    r = as_user(world.leader).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-Q4")
    text = _flat(r.content)
    assert "2016年第4季度" in text and "2016年10月1日至2016年12月31日" in text
    assert "9.09" not in text and "收款9" not in text
    sheet = period_sheet(world.branch_a.pk, 2016, "quarter", 4)
    assert sheet.income_total == Decimal("33.33") and sheet.expenditure_total == Decimal("0.03")
    assert "收入合计 33.33 元，支出合计 0.03 元，本期结余 33.30 元。" in text
    assert "文件名" not in r["Content-Disposition"]
    assert "2016%E5%B9%B4%E7%AC%AC4%E5%AD%A3%E5%BA%A6" in r["Content-Disposition"]  # 2016年第4季度


def test_a_reversal_shows_negative_on_the_sheet_and_nets_the_total(world, as_user):
    finance = make_finance(world.branch_a)
    income = IncomeFactory(branch=world.branch_a, received_on=D(2016, 11, 2), amount=Decimal("50"))
    IncomeFactory(branch=world.branch_a, received_on=D(2016, 11, 3), amount=Decimal("0.30"))
    reverse_record(record=income, on=D(2016, 11, 9), reason="重复入账")
    r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-11")
    text = _flat(r.content)
    assert "-50.00" in text and "收入合计 0.30 元" in text
    assert "冲销（更正）分录以负数列示" in text


def test_an_empty_period_says_so(world, as_user):
    finance = make_finance(world.branch_a)
    text = _flat(
        as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-02").content
    )
    assert "本期无收入" in text and "本期无支出" in text and "本期结余 0.00 元" in text


@pytest.mark.parametrize("frequent, expected", [(True, "2016年11月"), (False, "2016年第3季度")])
def test_without_a_period_the_last_one_ended_is_printed(world, as_user, frequent, expected):
    finance = make_finance(world.branch_a, frequent_transactions=frequent)
    for empty in ("", "?period=", "?period=%20"):
        r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf{empty}")
        assert r.status_code == 200 and expected in _flat(r.content), empty


@pytest.mark.parametrize(
    "bad",
    ["2016-13", "2016-00", "2016-Q5", "2016-Q0", "abc", "1800-01", "2016", "2016-Qx", "2016-11-01"],
)
def test_a_bad_period_is_said_on_the_villages_page_and_no_other_sheet_is_printed(
    world, as_user, bad
):
    finance = make_finance(world.branch_a)
    client = as_user(world.staff)
    r = client.get(f"/finance/{finance.pk}/disclosure.pdf", {"period": bad})
    assert r.status_code == 302 and r["Location"].endswith(f"/finance/{finance.pk}/#disclosure")
    page = client.get(r["Location"]).content.decode()
    assert "期间：请选择" in page and "2016-Q3" in page


def test_a_good_period_in_lower_case_is_understood(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-q4")
    assert r.status_code == 200 and "2016年第4季度" in _flat(r.content)


def test_the_sheet_names_the_accountant_and_the_cashier(world, as_user):
    finance = make_finance(world.branch_a, accountant="王会计", cashier="李出纳")
    text = _flat(as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf").content)
    assert "会计：王会计" in text and "出纳：李出纳" in text and "民主理财小组审核" in text


def test_another_villages_sheet_is_404_for_a_secretary(world, as_user):
    finance = make_finance(world.branch_b)
    r = as_user(world.secretary_a).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-11")
    assert r.status_code == 404


def _hostile_books(world):
    finance = make_finance(world.branch_a, note=HOSTILE, responsible=HOSTILE[:50])
    finance.items.filter(kind="ledger").update(evidence=HOSTILE)
    set_finance_group(
        finance=finance, chosen_on=D(2016, 6, 1), names=["<b>甲</b>", "乙", "丙", "丁", "戊"]
    )
    DisclosureFactory(finance=finance, content=HOSTILE)
    handover = HandoverFactory(finance=finance, reason=HOSTILE[:200], problems=HOSTILE)
    HandoverItem.objects.create(handover=handover, kind="seals", description=HOSTILE)
    party = CounterpartyFactory(branch=world.branch_a, name=HOSTILE[:100])
    EntryFactory(counterparty=party, description=HOSTILE[:200])
    DebtFactory(branch=world.branch_a, creditor=HOSTILE[:100], cause=HOSTILE[:200], plan=HOSTILE)
    ExpenditureFactory(branch=world.branch_a, payee=HOSTILE[:100], purpose=HOSTILE[:200])
    IncomeFactory(branch=world.branch_a, source=HOSTILE[:100], description=HOSTILE[:200])
    return finance


def test_hostile_markup_is_shown_escaped_on_the_village_page(world, as_user):
    finance = _hostile_books(world)
    page = as_user(world.staff).get(f"/finance/{finance.pk}/?entries_page=1").content.decode()
    assert "<script>alert" not in page and 'src="http://evil' not in page and "<b>甲" not in page
    # note, evidence, disclosure, handover problems and item, entry, debt, expenditure, income
    assert page.count(ESCAPED) >= 12
    assert "&lt;b&gt;甲&lt;/b&gt;" in page


def test_hostile_markup_is_printed_as_text_in_the_pdf(world, as_user):
    finance = _hostile_books(world)
    r = as_user(world.staff).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-11")
    text = _flat(r.content)
    # Typed text comes out as the characters typed, so the markup did not become markup
    # (and the image was never fetched: the PDF still renders with only CJK fonts).
    assert text.count('<script>alert("x")</script>') == 4  # payee, purpose, source, description
    assert text.count('src="http://evil.example/x.png">') == 4  # a line may wrap at the space
    assert_cjk_fonts_only(r.content)

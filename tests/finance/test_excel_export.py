"""Village finance to Excel: the list, a village's ledger and its debts, with exact money to
the fen, real dates, Chinese headers, formula text escaped, only what the user may see."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance.models import LedgerEntry, Repayment, Settlement
from finance.services import reverse_record

from ..factories import BranchFactory
from .factories import CounterpartyFactory, DebtFactory, EntryFactory, make_finance

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def sheet_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets


def rows_of(response):
    sheet = sheet_of(response)[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def format_of(response, header):
    sheet = sheet_of(response)[0]
    column = [c.value for c in sheet[1]].index(header) + 1
    return sheet.cell(row=2, column=column).number_format


@pytest.fixture
def books(world):
    """Branch A: a receivable of 0.10 + 0.20 settled in part, a payable reversed, two
    debts (one overdue, one repaid in part). Branch B: one entry and one debt."""
    finance = make_finance(world.branch_a)
    shop = CounterpartyFactory(branch=world.branch_a, name="=供销社")
    villager = CounterpartyFactory(branch=world.branch_a, name="村民甲", is_villager=True)
    first = EntryFactory(counterparty=shop, amount=Decimal("0.10"), entered_on=D(2016, 3, 1))
    EntryFactory(counterparty=shop, amount=Decimal("0.20"), entered_on=D(2016, 3, 2))
    Settlement.objects.create(entry=first, amount=Decimal("0.05"), settled_on=D(2016, 4, 1))
    payable = EntryFactory(
        counterparty=villager,
        direction=LedgerEntry.Direction.PAYABLE,
        amount=Decimal("1234.56"),
        entered_on=D(2016, 5, 1),
        description="误记",
    )
    reverse_record(record=payable, on=D(2016, 5, 2), reason="记错了")
    overdue = DebtFactory(
        branch=world.branch_a,
        creditor="王大",
        principal=Decimal("3000.00"),
        due_on=D(2016, 6, 30),
    )
    Repayment.objects.create(debt=overdue, amount=Decimal("1000.10"), paid_on=D(2016, 3, 1))
    DebtFactory(branch=world.branch_a, creditor="信用社", creditor_is_villager=False)
    finance_b = make_finance(world.branch_b)
    EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_b, name="乙村的单位"))
    DebtFactory(branch=world.branch_b, creditor="乙村债主")
    return finance, finance_b


def test_the_ledger_export_lists_entries_with_exact_money_and_balances(world, books, as_user):
    finance, _ = books
    response = as_user(world.staff).get(reverse("finance:ledger-export", args=[finance.pk]))
    rows = rows_of(response)
    assert list(rows[0])[:4] == ["日期", "往来单位（个人）", "是否村民", "方向"]
    assert len(rows) == 4  # the page's order: newest first, the reversal included
    reversal, payable, second, first = rows
    assert first["日期"] == datetime.datetime(2016, 3, 1)
    assert first["往来单位（个人）"] == "'=供销社"  # Excel would run it: escaped
    assert (first["方向"], first["是否村民"]) == ("应收", "否")
    assert (first["金额（元）"], first["已结算（元）"], first["未结算（元）"]) == (0.1, 0.05, 0.05)
    # The counterparty owes 0.10 + 0.20 - 0.05 = 0.25: a Decimal sum, not 0.25000000000000006.
    assert first["该单位应收余额（元）"] == 0.25 and second["该单位应收余额（元）"] == 0.25
    assert payable["冲销"] == "已冲销" and reversal["冲销"] == "冲销2016-05-01记录"
    assert reversal["金额（元）"] == -1234.56
    assert payable["该单位应付余额（元）"] == 0
    assert format_of(response, "金额（元）") == "#,##0.00"
    notes = [r[0] for r in sheet_of(response)[1].iter_rows(values_only=True)]
    assert "应收未收合计：0.25 元；应付未付合计：0.00 元。" in notes
    assert "乙村的单位" not in str(rows)


def test_the_debt_export_gives_principal_repaid_outstanding_and_overdue(world, books, as_user):
    finance, _ = books
    response = as_user(world.secretary_a).get(reverse("finance:debts-export", args=[finance.pk]))
    rows = {r["债权人"]: r for r in rows_of(response)}
    assert set(rows) == {"王大", "信用社"}  # never branch B's
    late = rows["王大"]
    assert (late["本金（元）"], late["已还（元）"], late["未还（元）"]) == (3000, 1000.1, 1999.9)
    assert (late["是否逾期"], late["逾期未还（元）"]) == ("是", 1999.9)
    assert late["约定还清日期"] == datetime.datetime(2016, 6, 30)
    assert late["还款记录"] == "2016-03-01 1000.10"
    assert (rows["信用社"]["是否欠村民"], rows["信用社"]["是否逾期"]) == ("否", "否")
    assert rows["信用社"]["逾期未还（元）"] == 0
    assert format_of(response, "未还（元）") == "#,##0.00"
    notes = " ".join(r[0] for r in sheet_of(response)[1].iter_rows(values_only=True))
    assert "逾期未还：1999.90 元（1 笔）" in notes


def test_the_list_export_follows_the_year_and_the_village_searched(world, books, as_user):
    make_finance(world.branch_a, year=2015)
    make_finance(world.branch_x)  # another township
    client = as_user(world.leader)
    rows = rows_of(client.get(reverse("finance:export") + "?year=2016"))
    assert [r["村"] for r in rows] == ["甲村党支部", "乙村党支部"]
    a = rows[0]
    assert (a["年度"], a["开始日期"]) == (2016, datetime.datetime(2016, 6, 1))
    assert (a["村级债务本金（元）"], a["逾期未还（元）"], a["逾期笔数"]) == (4000, 1999.9, 1)
    assert [
        r["村"] for r in rows_of(client.get(reverse("finance:export") + "?year=2016&q=乙村"))
    ] == ["乙村党支部"]
    assert [r["年度"] for r in rows_of(client.get(reverse("finance:export") + "?year=2015"))] == [
        2015
    ]


def test_a_secretary_exports_only_their_own_village(world, books, as_user):
    finance, finance_b = books
    client = as_user(world.secretary_a)
    assert [r["村"] for r in rows_of(client.get(reverse("finance:export")))] == ["甲村党支部"]
    for name in ("finance:ledger-export", "finance:debts-export"):
        assert client.get(reverse(name, args=[finance_b.pk])).status_code == 404


@pytest.mark.parametrize("name", ["finance:ledger-export", "finance:debts-export"])
def test_another_townships_staff_get_not_found(world, books, as_user, name):
    finance, _ = books
    assert as_user(world.other_staff).get(reverse(name, args=[finance.pk])).status_code == 404
    assert rows_of(as_user(world.other_staff).get(reverse("finance:export"))) == []


def test_the_pages_link_to_their_exports(world, books, as_user):
    finance, _ = books
    client = as_user(world.secretary_a)
    html = client.get(reverse("finance:list") + "?year=2016&q=甲").content.decode()
    assert reverse("finance:export") + "?year=2016&amp;q=%E7%94%B2" in html
    html = client.get(reverse("finance:detail", args=[finance.pk])).content.decode()
    assert reverse("finance:ledger-export", args=[finance.pk]) in html
    assert reverse("finance:debts-export", args=[finance.pk]) in html
    assert "导出Excel" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_exports_cost_the_same_queries_for_1_and_10_rows(world, as_user):
    finance = make_finance(world.branch_a)
    client = as_user(world.staff)
    urls = [
        reverse("finance:ledger-export", args=[finance.pk]),
        reverse("finance:debts-export", args=[finance.pk]),
        reverse("finance:export") + "?year=2016",
    ]

    def add_rows(n):
        for _ in range(n):
            entry = EntryFactory(counterparty=CounterpartyFactory(branch=finance.branch))
            Settlement.objects.create(entry=entry, amount=Decimal("1.00"), settled_on=D(2016, 4, 1))
            debt = DebtFactory(branch=finance.branch)
            Repayment.objects.create(debt=debt, amount=Decimal("1.00"), paid_on=D(2016, 3, 1))
            make_finance(BranchFactory(township=world.township))

    add_rows(1)
    client.get(urls[0])
    one = [_count(client, url) for url in urls]
    add_rows(9)
    assert [_count(client, url) for url in urls] == one
    assert len(rows_of(client.get(urls[0]))) == 10

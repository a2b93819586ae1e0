"""The village page's long lists: pages of 20, their own page parameter each, empty states,
and a query count that does not grow with the rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.views import PAGE_SIZE

from ..factories import BranchFactory
from .factories import (
    CounterpartyFactory,
    DebtFactory,
    DisclosureFactory,
    EntryFactory,
    ExpenditureFactory,
    IncomeFactory,
    make_finance,
)

pytestmark = pytest.mark.django_db
D = datetime.date
N = PAGE_SIZE + 5


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _fill(finance, n):
    branch = finance.branch
    party = CounterpartyFactory(branch=branch)
    for i in range(n):
        # Amounts tell the rows apart: 1.01, 1.02, …
        amount = Decimal("1.00") + Decimal(i + 1) / 100
        EntryFactory(counterparty=party, amount=amount, entered_on=D(2016, 1, 1 + i))
        DebtFactory(branch=branch, creditor=f"债主{i:02d}", incurred_on=D(2014, 1, 1 + i))
        ExpenditureFactory(branch=branch, amount=amount, spent_on=D(2016, 11, 1 + i))
        IncomeFactory(branch=branch, amount=amount, received_on=D(2016, 11, 1 + i))
        DisclosureFactory(finance=finance, content=f"公开内容{i:02d}")


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_a_new_rectification_shows_an_empty_state_in_every_list(world, as_user):
    finance = make_finance(world.branch_a)
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    for text in (
        "尚无公开记录。",
        "尚无分录。",
        "尚无村级债务记录。",
        "尚无支出记录。",
        "尚无收入记录。",
        "尚无财务交接记录。",
    ):
        assert text in page, text
    assert 'class="pagination"' not in page


def test_each_long_list_shows_twenty_rows_and_a_link_to_its_next_page(world, as_user):
    finance = make_finance(world.branch_a)
    _fill(finance, N)
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    for param, anchor in (
        ("disclosures_page", "disclosure"),
        ("entries_page", "entry"),
        ("debts_page", "debt"),
        ("expenditures_page", "expenditure"),
        ("incomes_page", "income"),
    ):
        assert f"?{param}=2#{anchor}" in page, param
    assert page.count("第1页，共2页") == 5
    assert "债主19" in page and "债主20" not in page
    assert "公开内容" in page and len(re.findall("公开内容", page)) == PAGE_SIZE


def test_the_second_page_of_one_list_leaves_the_others_on_their_first(world, as_user):
    finance = make_finance(world.branch_a)
    _fill(finance, N)
    client = as_user(world.staff)
    page = client.get(f"/finance/{finance.pk}/?debts_page=2").content.decode()
    assert "债主20" in page and "债主24" in page and "债主00" not in page
    assert "第2页，共2页" in page and page.count("第1页，共2页") == 4
    # The previous link of the debts keeps the other parameters and goes back to page 1.
    page = client.get(f"/finance/{finance.pk}/?incomes_page=2&debts_page=2").content.decode()
    assert "?incomes_page=2&amp;debts_page=1#debt" in page
    assert "?debts_page=2&amp;incomes_page=1#income" in page


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_anyway(world, as_user):
    finance = make_finance(world.branch_a)
    _fill(finance, N)
    client = as_user(world.staff)
    assert "债主24" in client.get(f"/finance/{finance.pk}/?debts_page=99").content.decode()
    assert "债主00" in client.get(f"/finance/{finance.pk}/?debts_page=x").content.decode()


def test_the_ledger_entries_open_when_one_of_their_pages_is_asked_for(world, as_user):
    finance = make_finance(world.branch_a)
    _fill(finance, N)
    client = as_user(world.staff)
    assert "<details open>" in client.get(f"/finance/{finance.pk}/?entries_page=2").content.decode()
    assert "<details open>" not in client.get(f"/finance/{finance.pk}/").content.decode()


def test_the_year_totals_count_every_row_not_only_the_page(world, as_user):
    finance = make_finance(world.branch_a)
    _fill(finance, N)
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    # 25 × 1.00 + (0.01 + … + 0.25) = 25.00 + 3.25
    assert '<td class="num" id="income-total">28.25</td>' in page
    assert '<td class="num" id="spending-total">28.25</td>' in page


@pytest.mark.parametrize("user", ["staff", "leader", "secretary_a"])
def test_the_village_page_costs_the_same_with_1_and_25_rows_of_every_list(world, as_user, user):
    finance = make_finance(world.branch_a)
    _fill(finance, 1)
    client = as_user(getattr(world, user))
    first, _page = _get(client, f"/finance/{finance.pk}/")
    _fill(finance, N - 1)
    count, page = _get(client, f"/finance/{finance.pk}/")
    assert count == first and "第1页，共2页" in page
    assert _get(client, f"/finance/{finance.pk}/?debts_page=2&entries_page=2")[0] == first


def test_the_list_page_costs_the_same_with_1_and_25_villages_and_pages_them(world, as_user):
    make_finance(world.branch_a)
    client = as_user(world.leader)
    first, _page = _get(client, "/finance/?year=2016")
    for _ in range(34):
        make_finance(BranchFactory(township=world.township))
    count, page = _get(client, "/finance/?year=2016")
    assert count == first
    assert "第1页，共2页" in page
    assert _get(client, "/finance/?year=2016&page=2")[0] == first


def test_disclosures_are_listed_newest_period_first(world, as_user):
    finance = make_finance(world.branch_a)
    for month in (7, 9, 8):
        DisclosureFactory(
            finance=finance,
            period_number=month,
            posted_on=D(2016, month + 1, 2),
            content=f"第{month}月内容",
        )
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    assert page.index("第9月内容") < page.index("第8月内容") < page.index("第7月内容")

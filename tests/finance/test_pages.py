import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.models import Debt, Expenditure, Repayment, VillageFinance
from finance.selectors import period_sheet

from ..factories import BranchFactory
from ..pdf_utils import assert_cjk_fonts_only, pdf_text
from .factories import (
    CounterpartyFactory,
    DebtFactory,
    EntryFactory,
    ExpenditureFactory,
    IncomeFactory,
    make_finance,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ADD_KINDS = [
    "review",
    "disclosure",
    "handover",
    "handover-item",
    "counterparty",
    "entry",
    "settlement",
    "debt",
    "repayment",
    "expenditure",
    "income",
]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ADD_KINDS)
def test_every_add_page_is_staff_only(world, as_user, kind):
    finance = make_finance(world.branch_a)
    url = f"/finance/{finance.pk}/add/{kind}/"
    assert as_user(world.staff).get(url).status_code == 200
    assert as_user(world.leader).post(url, {}).status_code == 403
    assert as_user(world.secretary_a).post(url, {}).status_code == 403
    assert as_user(world.secretary_b).get(url).status_code == 404
    assert as_user(world.other_staff).get(url).status_code == 404


def test_an_unknown_kind_is_404(world, as_user):
    finance = make_finance(world.branch_a)
    assert as_user(world.staff).get(f"/finance/{finance.pk}/add/nothing/").status_code == 404


def test_a_secretary_sees_only_their_own_village_in_the_list(world, as_user):
    make_finance(world.branch_a)
    make_finance(world.branch_b)
    page = as_user(world.secretary_a).get("/finance/").content.decode()
    assert "甲村党支部" in page and "乙村党支部" not in page
    page = as_user(world.leader).get("/finance/").content.decode()
    assert "甲村党支部" in page and "乙村党支部" in page


def test_staff_record_an_expenditure_through_the_page(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/add/expenditure/",
        {"spent_on": "2016-11-03", "amount": "12.34", "payee": "店", "purpose": "纸"},
    )
    assert r.status_code == 302
    assert Expenditure.objects.get().amount == Decimal("12.34")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"amount": "-5.00"}, "金额至少为0.01元"),
        ({"amount": "0"}, "金额至少为0.01元"),
        ({"amount": "2500.00"}, "须有审批记录"),
        ({"amount": "10", "spent_on": "2017-01-01"}, "日期不能晚于今天"),
    ],
)
def test_bad_expenditures_are_refused_in_chinese_and_nothing_saved(world, as_user, data, message):
    finance = make_finance(world.branch_a)
    post = {"spent_on": "2016-11-03", "payee": "店", "purpose": "纸", **data}
    r = as_user(world.staff).post(f"/finance/{finance.pk}/add/expenditure/", post)
    assert r.status_code == 200 and message in r.content.decode()
    assert not Expenditure.objects.exists()


def test_a_repayment_over_the_debt_is_refused_on_the_page(world, as_user):
    finance = make_finance(world.branch_a)
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("100.00"))
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/add/repayment/",
        {"debt": debt.pk, "paid_on": "2016-05-01", "amount": "100.01"},
    )
    assert "超过尚欠的100.00元" in r.content.decode()
    assert not Repayment.objects.exists()


def test_the_add_forms_only_validate_and_the_view_writes(world):
    """A valid repayment form writes nothing by itself: the page's view calls the service."""
    from finance.forms import RepaymentForm

    finance = make_finance(world.branch_a)
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("100.00"))
    form = RepaymentForm(
        {"debt": debt.pk, "paid_on": "2016-05-01", "amount": "10.00"}, finance=finance
    )
    assert form.is_valid()
    assert not hasattr(form, "save") and not Repayment.objects.exists()


def test_a_repayment_on_the_page_is_recorded_through_the_service(world, as_user):
    finance = make_finance(world.branch_a)
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("100.00"))
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/add/repayment/",
        {"debt": debt.pk, "paid_on": "2016-05-01", "amount": "10.00"},
    )
    assert r.status_code == 302 and r.url.endswith("#repayment")
    assert Repayment.objects.get().amount == Decimal("10.00")


def test_a_forged_debt_of_another_village_is_not_a_choice(world, as_user):
    finance = make_finance(world.branch_a)
    other = DebtFactory(branch=world.branch_b)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/add/repayment/",
        {"debt": other.pk, "paid_on": "2016-05-01", "amount": "1.00"},
    )
    assert r.status_code == 200 and not Repayment.objects.exists()


def test_a_forged_branch_of_another_township_cannot_be_started(world, as_user):
    r = as_user(world.staff).post(
        "/finance/new/",
        {"branch": world.branch_x.pk, "year": 2016, "started_on": "2016-06-01"},
    )
    assert r.status_code == 200 and not VillageFinance.objects.exists()


def test_a_debt_with_dates_out_of_order_is_refused(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/add/debt/",
        {
            "creditor": "村民",
            "creditor_is_villager": "on",
            "principal": "10",
            "incurred_on": "2015-01-01",
            "cause": "借款",
            "plan": "还",
            "due_on": "2014-01-01",
        },
    )
    assert "不能早于债务发生日期" in r.content.decode() and not Debt.objects.exists()


def test_the_group_page_refuses_four_members(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/group/",
        {"chosen_on": "2016-06-18", "names": "甲\n乙\n丙\n丁", "seen_version": "0"},
    )
    assert "5至7人" in r.content.decode()


def test_staff_reverse_an_expenditure_and_leadership_may_not(world, as_user):
    finance = make_finance(world.branch_a)
    e = ExpenditureFactory(branch=world.branch_a)
    url = f"/finance/{finance.pk}/reverse/expenditure/{e.pk}/"
    data = {"on": "2016-11-04", "reason": "重复记账"}
    assert as_user(world.leader).post(url, data).status_code == 403
    assert as_user(world.secretary_b).post(url, data).status_code == 404
    assert as_user(world.staff).post(url, data).status_code == 302
    assert Expenditure.objects.filter(reverses=e, amount=Decimal("-100.00")).exists()


def test_a_record_of_another_village_cannot_be_reversed_through_this_one(world, as_user):
    finance = make_finance(world.branch_a)
    e = ExpenditureFactory(branch=world.branch_b)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/reverse/expenditure/{e.pk}/", {"on": "2016-11-04", "reason": "x"}
    )
    assert r.status_code == 404 and Expenditure.objects.count() == 1


def test_the_back_office_never_deletes_money(world, as_user):
    e = ExpenditureFactory(branch=world.branch_a)
    r = as_user(world.staff).post(f"/admin/finance/expenditure/{e.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403 and Expenditure.objects.exists()


def test_the_disclosure_pdf_totals_equal_the_ledger(world, as_user):
    finance = make_finance(world.branch_a)
    for amount in ("0.10", "0.20", "1234.56"):
        IncomeFactory(branch=world.branch_a, amount=Decimal(amount))
    ExpenditureFactory(branch=world.branch_a, amount=Decimal("0.33"))
    r = as_user(world.secretary_a).get(f"/finance/{finance.pk}/disclosure.pdf?period=2016-11")
    assert r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content)
    sheet = period_sheet(world.branch_a.pk, 2016, "month", 11)
    assert sheet.income_total == Decimal("1234.86")
    assert f"收入合计 {sheet.income_total} 元" in text.replace("\n", "")
    assert "1234.86" in text and "0.33" in text and "1234.53" in text
    assert "2016年11月" in text
    assert_cjk_fonts_only(r.content)


def test_the_village_page_shows_what_the_selectors_compute(world, as_user):
    finance = make_finance(world.branch_a)
    DebtFactory(branch=world.branch_a, principal=Decimal("100.10"), due_on=D(2016, 1, 1))
    page = as_user(world.secretary_a).get(f"/finance/{finance.pk}/").content.decode()
    assert "100.10 元（1）" in page and "逾期" in page
    assert "编辑" not in page  # a secretary reads only


def _fill(branch, n):
    for _ in range(n):
        party = CounterpartyFactory(branch=branch)
        EntryFactory(counterparty=party)
        DebtFactory(branch=branch)
        ExpenditureFactory(branch=branch)
        IncomeFactory(branch=branch)


def test_the_village_page_costs_the_same_with_1_and_10_rows(world, as_user):
    one = make_finance(world.branch_a)
    ten = make_finance(world.branch_b)
    _fill(world.branch_a, 1)
    _fill(world.branch_b, 10)
    client = as_user(world.staff)
    assert count(client, f"/finance/{one.pk}/") == count(client, f"/finance/{ten.pk}/")


def test_the_list_costs_the_same_with_1_and_10_rows(world, as_user):
    make_finance(world.branch_a)
    client = as_user(world.staff)
    first = count(client, "/finance/?year=2016")
    for _ in range(9):
        make_finance(BranchFactory(township=world.township))
    assert count(client, "/finance/?year=2016") == first

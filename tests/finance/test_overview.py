"""finance_overview: the dashboard's rows, the same figures as the village page, and a fixed
number of queries however many villages, debts, postings and handovers there are."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.models import Disclosure, Handover, Period
from finance.selectors import debt_totals, finance_figures, finance_overview
from finance.services import record_repayment, reverse_record

from ..factories import BranchFactory
from .factories import DebtFactory, DisclosureFactory, HandoverFactory, make_finance

pytestmark = pytest.mark.django_db
D = datetime.date
SIGNED = {
    "supervisor": "监督人",
    "from_signed_on": D(2016, 7, 8),
    "to_signed_on": D(2016, 7, 8),
    "supervisor_signed_on": D(2016, 7, 9),
}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _month(finance, number, **kw):
    return DisclosureFactory(
        finance=finance, period_number=number, posted_on=D(2016, number + 1, 5), **kw
    )


def _village_affairs(finance, quarter, posted_on):
    return DisclosureFactory(
        finance=finance,
        kind=Disclosure.Kind.VILLAGE_AFFAIRS,
        period_kind=Period.QUARTER,
        period_number=quarter,
        posted_on=posted_on,
    )


def test_one_row_per_village_of_the_township_and_year_in_branch_order(world):
    b = make_finance(world.branch_b)
    a = make_finance(world.branch_a)
    make_finance(world.branch_a, year=2015)
    make_finance(world.branch_x)
    rows = finance_overview(world.township, 2016)
    assert [r.pk for r in rows] == [a.pk, b.pk]
    assert [r.branch_name for r in rows] == ["甲村党支部", "乙村党支部"]
    assert rows[0].url == f"/finance/{a.pk}/"
    assert [r.pk for r in finance_overview(world.township.pk, 2016)] == [a.pk, b.pk]
    assert finance_overview(world.township, 2014) == []


def test_checklist_progress_is_done_over_total_rounded_like_every_percentage(world):
    finance = make_finance(world.branch_a)
    finance.items.filter(kind__in=["group", "ledger"]).update(status="done")
    finance.items.filter(kind="debts").update(status="in_progress")
    (row,) = finance_overview(world.township, 2016)
    assert (row.items_done, row.items_total, row.progress) == (2, 6, Decimal("33.3"))


def test_debt_figures_to_the_fen_with_repayments_and_reversals(world):
    make_finance(world.branch_a)
    villager = DebtFactory(branch=world.branch_a, principal=Decimal("1000.10"))
    overdue = DebtFactory(
        branch=world.branch_a,
        creditor_is_villager=False,
        principal=Decimal("500.20"),
        due_on=D(2016, 11, 30),
    )
    paid_off = DebtFactory(branch=world.branch_a, principal=Decimal("0.30"), due_on=D(2016, 1, 1))
    record_repayment(debt=villager, paid_on=D(2016, 3, 1), amount=Decimal("0.10"))
    wrong = record_repayment(debt=villager, paid_on=D(2016, 3, 2), amount=Decimal("0.20"))
    reverse_record(record=wrong, on=D(2016, 3, 3), reason="记错")
    record_repayment(debt=paid_off, paid_on=D(2016, 1, 1), amount=Decimal("0.30"))
    record_repayment(debt=overdue, paid_on=D(2016, 5, 1), amount=Decimal("0.05"))
    DebtFactory(branch=world.branch_b, principal=Decimal("77.00"))  # another village's
    (row,) = finance_overview(world.township, 2016)
    assert row.debt_principal == Decimal("1500.60")
    assert row.debt_to_villagers == Decimal("1000.00")
    assert row.debt_outstanding == Decimal("1500.15")
    assert row.debt_overdue == Decimal("500.15") and row.debt_overdue_count == 1
    assert str(row.debt_to_villagers) == "1000.00"


def test_the_overview_and_debt_totals_share_one_implementation(world):
    make_finance(world.branch_a)
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("12.34"), due_on=D(2016, 2, 1))
    record_repayment(debt=debt, paid_on=D(2016, 1, 2), amount=Decimal("0.34"))
    (row,) = finance_overview(world.township, 2016)
    totals = debt_totals(world.branch_a.pk)
    assert totals == {
        "principal": row.debt_principal,
        "outstanding": row.debt_outstanding,
        "to_villagers": row.debt_to_villagers,
        "overdue": row.debt_overdue,
        "overdue_count": row.debt_overdue_count,
    }
    assert totals["overdue"] == Decimal("12.00")


def test_overdue_is_counted_on_the_given_day(world):
    make_finance(world.branch_a)
    DebtFactory(branch=world.branch_a, principal=Decimal("9.99"), due_on=D(2016, 12, 19))
    assert finance_overview(world.township, 2016)[0].debt_overdue == Decimal("9.99")
    row = finance_overview(world.township, 2016, on=D(2016, 12, 19))[0]
    assert row.debt_overdue == Decimal("0.00") and row.debt_outstanding == Decimal("9.99")


def test_a_village_without_debts_shows_zero_not_none(world):
    make_finance(world.branch_a)
    (row,) = finance_overview(world.township, 2016)
    assert row.debt_to_villagers == Decimal("0.00") and row.debt_overdue_count == 0


def test_disclosure_compliance_counts_periods_due_and_posted_and_names_the_missed(world):
    finance = make_finance(world.branch_a, frequent_transactions=True)  # started 2016-06-01
    for month in (6, 7, 8, 9, 11):
        _month(finance, month)
    _village_affairs(finance, 3, D(2016, 10, 8))
    (row,) = finance_overview(world.township, 2016)
    # Finances monthly June–November (6), village affairs the third quarter (1).
    assert (row.disclosure_due, row.disclosure_posted) == (7, 6)
    assert row.disclosure_missed == [("财务公开", "2016-10", "2016年10月")]
    assert not row.disclosure_ok


def test_a_village_with_every_posting_complies(world):
    finance = make_finance(world.branch_a)  # quarterly finances
    DisclosureFactory(
        finance=finance, period_kind=Period.QUARTER, period_number=3, posted_on=D(2016, 10, 3)
    )
    _village_affairs(finance, 3, D(2016, 10, 8))
    (row,) = finance_overview(world.township, 2016)
    assert (row.disclosure_due, row.disclosure_posted, row.disclosure_ok) == (2, 2, True)


def test_handover_complete_needs_a_handover_and_all_of_them_signed(world):
    finance = make_finance(world.branch_a)
    assert finance_overview(world.township, 2016)[0].handover_complete is False
    HandoverFactory(finance=finance, **SIGNED)
    row = finance_overview(world.township, 2016)[0]
    assert (row.handovers_total, row.handovers_incomplete, row.handover_complete) == (1, 0, True)
    HandoverFactory(finance=finance, **{**SIGNED, "supervisor_signed_on": None})
    row = finance_overview(world.township, 2016)[0]
    assert (row.handovers_total, row.handovers_incomplete, row.handover_complete) == (2, 1, False)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"from_signed_on": None},
        {"to_signed_on": None},
        {"supervisor_signed_on": None},
        {"supervisor": ""},
    ],
)
def test_the_database_count_of_incomplete_handovers_agrees_with_is_complete(world, change):
    finance = make_finance(world.branch_a)
    handover = HandoverFactory(finance=finance, **{**SIGNED, **change})
    incomplete = Handover.objects.filter(Handover.INCOMPLETE).exists()
    assert incomplete is not handover.is_complete
    assert finance_figures(finance.__class__.objects.all()).get().handovers_incomplete == int(
        incomplete
    )


def test_the_village_page_shows_the_overview_figures(world, as_user):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    DebtFactory(branch=world.branch_a, principal=Decimal("0.10"), due_on=D(2016, 1, 1))
    DebtFactory(branch=world.branch_a, principal=Decimal("0.20"))
    (row,) = finance_overview(world.township, 2016)
    page = as_user(world.leader).get(f"/finance/{finance.pk}/").content.decode()
    assert f'<dd id="debt-outstanding">{row.debt_outstanding} 元</dd>' in page
    assert f'<dd id="debt-to-villagers">{row.debt_to_villagers} 元</dd>' in page
    assert '<dd id="debt-overdue">0.10 元（1）</dd>' in page
    assert "应公开6期，已公开0期" in page


def _populate(township, villages: int, rows: int):
    for _ in range(villages):
        branch = BranchFactory(township=township)
        finance = make_finance(branch, frequent_transactions=True)
        finance.items.filter(kind="group").update(status="done")
        for n in range(rows):
            debt = DebtFactory(branch=branch, due_on=D(2016, 1, 1))
            record_repayment(debt=debt, paid_on=D(2016, 2, 1), amount=Decimal("1.01"))
            _month(finance, 6 + n % 6)
            HandoverFactory(finance=finance, **SIGNED)


def _queries(township):
    with CaptureQueriesContext(connection) as ctx:
        rows = finance_overview(township, 2016)
        # Read every figure: no lazy query may hide behind an attribute.
        figures = [
            (r.progress, r.debt_overdue, r.disclosure_missed, r.handover_complete) for r in rows
        ]
    assert len(figures) == len(rows)
    return len(ctx.captured_queries), rows


def test_the_overview_costs_two_queries_with_one_village_or_eight(world):
    small, rows = _queries(world.township)
    assert rows == []
    _populate(world.township, 1, 1)
    one, rows = _queries(world.township)
    assert len(rows) == 1
    _populate(world.other_township, 8, 6)
    eight, rows = _queries(world.other_township)
    assert len(rows) == 8 and rows[0].debt_overdue_count == 6
    assert one == eight == 2

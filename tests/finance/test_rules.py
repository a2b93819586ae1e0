import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from finance.models import Debt, Expenditure, Handover, Income, LedgerEntry, Repayment
from finance.selectors import (
    cash_sheet,
    counterparty_balances,
    debt_totals,
    debts_with_outstanding,
    disclosure_compliance,
    ledger_totals,
)
from finance.services import (
    FinanceError,
    record_repayment,
    record_settlement,
    reverse_record,
    set_finance_group,
)

from ..factories import PositionFactory
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
NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八"]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.FINANCE_APPROVAL_THRESHOLD = Decimal("2000.00")


def test_a_rectification_starts_with_the_six_checklist_items_and_no_progress(world):
    finance = make_finance(world.branch_a)
    assert finance.items.count() == 6
    assert finance.progress == Decimal("0.0")
    finance.items.filter(kind__in=["group", "ledger"]).update(status="done")
    assert finance.progress == Decimal("33.3")


def test_the_accountant_and_the_cashier_must_be_different_people(world):
    with pytest.raises(ValidationError) as e:
        make_finance(world.branch_a, accountant="王会计", cashier="王会计")
    assert "会计和出纳不能由同一人担任" in str(e.value)
    assert not world.branch_a.finances.exists()


def test_only_a_village_branch_gets_a_finance_rectification(world):
    world.branch_a.kind = "enterprise"
    world.branch_a.save()
    with pytest.raises(ValidationError):
        make_finance(world.branch_a)


@pytest.mark.parametrize("size", [5, 6, 7])
def test_a_group_of_five_to_seven_villagers_is_recorded(world, size):
    finance = make_finance(world.branch_a)
    group = set_finance_group(finance=finance, chosen_on=D(2016, 6, 18), names=NAMES[:size])
    assert group.members.count() == size


@pytest.mark.parametrize("size", [4, 8])
def test_a_group_of_other_sizes_is_refused(world, size):
    finance = make_finance(world.branch_a)
    with pytest.raises(FinanceError, match="5至7人"):
        set_finance_group(finance=finance, chosen_on=D(2016, 6, 18), names=NAMES[:size])
    assert not hasattr(finance, "group") or finance.group is None


@pytest.mark.parametrize("who", ["accountant", "cashier", "approver", "committee"])
def test_approvers_and_committee_members_may_not_sit_in_the_group(world, who):
    finance = make_finance(world.branch_a, approvers="审批人甲\n审批人乙")
    barred = {
        "accountant": "会计甲",
        "cashier": "出纳乙",
        "approver": "审批人乙",
        "committee": "张三",
    }[who]
    PositionFactory(member=world.member_a)  # 张三, secretary in office
    with pytest.raises(FinanceError, match="不能担任理财小组成员"):
        set_finance_group(finance=finance, chosen_on=D(2016, 6, 18), names=[*NAMES[:4], barred])
    from finance.models import FinanceGroup

    assert not FinanceGroup.objects.exists()


def test_a_committee_member_who_left_may_sit_in_the_group(world):
    finance = make_finance(world.branch_a)
    PositionFactory(member=world.member_a, left_on=D(2015, 1, 1))
    group = set_finance_group(finance=finance, chosen_on=D(2016, 6, 18), names=[*NAMES[:4], "张三"])
    assert group.members.filter(name="张三").exists()


def test_a_handover_is_complete_only_with_all_three_signatures():
    h = Handover(
        handed_on=D(2016, 7, 8),
        from_person="甲",
        to_person="乙",
        supervisor="丙",
        from_signed_on=D(2016, 7, 8),
        to_signed_on=D(2016, 7, 8),
    )
    assert not h.is_complete
    assert [str(m) for m in h.missing_signatures()] == ["监交人"]
    h.supervisor_signed_on = D(2016, 7, 9)
    assert h.is_complete
    h.to_signed_on = None
    assert not h.is_complete


def test_a_handover_refuses_signatures_before_it_and_the_same_person_twice(world):
    finance = make_finance(world.branch_a)
    h = Handover(
        finance=finance,
        handed_on=D(2016, 7, 8),
        from_person="甲",
        to_person="甲",
        supervisor="甲",
        from_signed_on=D(2016, 7, 1),
    )
    with pytest.raises(ValidationError) as e:
        h.full_clean()
    assert set(e.value.message_dict) == {"to_person", "supervisor", "from_signed_on"}


def test_spending_over_the_threshold_needs_a_recorded_approval(world):
    e = Expenditure(
        branch=world.branch_a,
        spent_on=D(2016, 8, 12),
        amount=Decimal("2000.01"),
        payee="店",
        purpose="水泥",
    )
    with pytest.raises(ValidationError) as err:
        e.full_clean()
    assert "须有审批记录" in str(err.value)
    e.approved_by, e.approved_on = "村务监督委员会", D(2016, 8, 10)
    e.full_clean()


def test_spending_at_the_threshold_needs_no_approval(world):
    Expenditure(
        branch=world.branch_a,
        spent_on=D(2016, 8, 12),
        amount=Decimal("2000.00"),
        payee="店",
        purpose="水泥",
    ).full_clean()


def test_approval_after_the_spending_is_refused(world):
    e = Expenditure(
        branch=world.branch_a,
        spent_on=D(2016, 8, 12),
        amount=Decimal("5000"),
        payee="店",
        purpose="水泥",
        approved_by="主任",
        approved_on=D(2016, 8, 13),
    )
    with pytest.raises(ValidationError, match="先审批后支出"):
        e.full_clean()


def test_the_threshold_comes_from_the_setting(world, settings):
    settings.FINANCE_APPROVAL_THRESHOLD = Decimal("100.00")
    e = Expenditure(
        branch=world.branch_a,
        spent_on=D(2016, 8, 12),
        amount=Decimal("100.01"),
        payee="店",
        purpose="x",
    )
    assert e.needs_approval


def test_the_database_refuses_a_negative_amount_that_reverses_nothing(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenditureFactory(branch=world.branch_a, amount=Decimal("-1.00"))


@pytest.mark.parametrize("amount", ["0", "-0.01", "-100"])
def test_money_models_refuse_zero_and_negative_amounts(world, amount):
    with pytest.raises(ValidationError, match="至少为0.01元"):
        Income(
            branch=world.branch_a, received_on=D(2016, 1, 1), amount=Decimal(amount), source="x"
        ).full_clean()


def test_repayments_reduce_the_outstanding_debt_and_overdue_is_reported(world):
    overdue = DebtFactory(
        branch=world.branch_a, principal=Decimal("15000.00"), due_on=D(2016, 11, 30)
    )
    later = DebtFactory(branch=world.branch_a, principal=Decimal("8600.50"), due_on=D(2017, 12, 31))
    record_repayment(debt=overdue, paid_on=D(2016, 8, 15), amount=Decimal("5000.00"))
    record_repayment(debt=later, paid_on=D(2016, 10, 20), amount=Decimal("2000.25"))
    totals = debt_totals(world.branch_a.pk)
    assert totals["outstanding"] == Decimal("16600.25")
    assert totals["overdue"] == Decimal("10000.00") and totals["overdue_count"] == 1
    assert {d.pk: d.outstanding for d in debts_with_outstanding(world.branch_a.pk)} == {
        overdue.pk: Decimal("10000.00"),
        later.pk: Decimal("6600.25"),
    }


def test_a_debt_paid_off_is_not_overdue(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("10.00"), due_on=D(2016, 1, 1))
    record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("10.00"))
    assert debt_totals(world.branch_a.pk)["overdue_count"] == 0


def test_a_repayment_over_the_outstanding_debt_is_refused_and_nothing_saved(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("100.00"))
    record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("99.99"))
    with pytest.raises(FinanceError, match="超过尚欠的0.01元"):
        record_repayment(debt=debt, paid_on=D(2016, 1, 2), amount=Decimal("0.02"))
    assert Repayment.objects.count() == 1


def test_a_repayment_before_the_debt_was_incurred_is_refused(world):
    debt = DebtFactory(branch=world.branch_a, incurred_on=D(2014, 1, 1))
    with pytest.raises(FinanceError, match="早于债务发生日期"):
        record_repayment(debt=debt, paid_on=D(2013, 12, 31), amount=Decimal("1.00"))
    assert not Repayment.objects.exists()


def test_a_debt_due_before_it_was_incurred_is_refused(world):
    debt = Debt(
        branch=world.branch_a,
        creditor="x",
        principal=Decimal("1"),
        incurred_on=D(2014, 1, 1),
        cause="x",
        plan="x",
        due_on=D(2013, 1, 1),
    )
    with pytest.raises(ValidationError, match="不能早于债务发生日期"):
        debt.full_clean()


def test_a_reversal_negates_the_amount_keeps_both_rows_and_cannot_repeat(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("100.00"))
    wrong = record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("60.00"))
    rev = reverse_record(record=wrong, on=D(2016, 1, 5), reason="金额记错")
    assert rev.amount == Decimal("-60.00") and rev.reverses == wrong
    assert Repayment.objects.count() == 2
    assert debts_with_outstanding(world.branch_a.pk).get().outstanding == Decimal("100.00")
    with pytest.raises(FinanceError, match="已冲销"):
        reverse_record(record=wrong, on=D(2016, 1, 5), reason="again")
    with pytest.raises(FinanceError, match="不能再冲销"):
        reverse_record(record=rev, on=D(2016, 1, 5), reason="again")


def test_a_reversal_needs_a_reason_and_a_date_not_before_the_record(world):
    e = ExpenditureFactory(branch=world.branch_a, spent_on=D(2016, 5, 1))
    with pytest.raises(FinanceError, match="更正原因"):
        reverse_record(record=e, on=D(2016, 5, 2), reason=" ")
    with pytest.raises(FinanceError, match="不能早于"):
        reverse_record(record=e, on=D(2016, 4, 30), reason="x")
    assert Expenditure.objects.count() == 1


def test_tenths_add_up_exactly_to_the_fen(world):
    IncomeFactory(branch=world.branch_a, amount=Decimal("0.10"))
    IncomeFactory(branch=world.branch_a, amount=Decimal("0.20"))
    sheet = cash_sheet(world.branch_a.pk, D(2016, 11, 1), D(2016, 11, 30))
    assert sheet.income_total == Decimal("0.30")
    assert str(sheet.income_total) == "0.30"


def test_the_largest_amount_is_kept_to_the_fen(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("999999999999.99"))
    record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("0.01"))
    assert debts_with_outstanding(world.branch_a.pk).get().outstanding == Decimal("999999999999.98")
    ExpenditureFactory(
        branch=world.branch_a,
        amount=Decimal("999999999999.99"),
        approved_by="x",
        approved_on=D(2016, 11, 1),
    )
    sheet = cash_sheet(world.branch_a.pk, D(2016, 11, 1), D(2016, 11, 30))
    assert sheet.expenditure_total == Decimal("999999999999.99")


def test_many_small_entries_total_exactly(world):
    Income.objects.bulk_create(
        [
            Income(
                branch=world.branch_a,
                received_on=D(2016, 11, 2),
                amount=Decimal("0.01"),
                source="x",
            )
            for _ in range(1000)
        ]
        + [
            Income(
                branch=world.branch_a,
                received_on=D(2016, 11, 2),
                amount=Decimal("0.07"),
                source="y",
            )
            for _ in range(333)
        ]
    )
    sheet = cash_sheet(world.branch_a.pk, D(2016, 11, 1), D(2016, 11, 30))
    assert sheet.income_total == Decimal("33.31")


def test_ledger_balances_per_counterparty_and_in_total(world):
    tea = CounterpartyFactory(branch=world.branch_a, name="茶厂")
    farmer = CounterpartyFactory(branch=world.branch_a, name="石大柱", is_villager=True)
    rent = EntryFactory(counterparty=tea, amount=Decimal("12000.00"))
    EntryFactory(counterparty=farmer, direction="payable", amount=Decimal("3560.80"))
    EntryFactory(counterparty=farmer, direction="receivable", amount=Decimal("0.10"))
    record_settlement(entry=rent, settled_on=D(2016, 9, 30), amount=Decimal("6000.00"))
    balances = {c.name: (c.receivable, c.payable) for c in counterparty_balances(world.branch_a.pk)}
    assert balances == {
        "茶厂": (Decimal("6000.00"), Decimal("0.00")),
        "石大柱": (Decimal("0.10"), Decimal("3560.80")),
    }
    assert ledger_totals(world.branch_a.pk) == {
        "receivable": Decimal("6000.10"),
        "payable": Decimal("3560.80"),
    }
    with pytest.raises(FinanceError, match="超过未结余额6000.00元"):
        record_settlement(entry=rent, settled_on=D(2016, 10, 1), amount=Decimal("6000.01"))


def test_a_ledger_entry_with_settlements_is_reversed_only_after_them(world):
    entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    s = record_settlement(entry=entry, settled_on=D(2016, 3, 2), amount=Decimal("40.00"))
    with pytest.raises(FinanceError, match="先冲销"):
        reverse_record(record=entry, on=D(2016, 3, 3), reason="x")
    reverse_record(record=s, on=D(2016, 3, 3), reason="x")
    reverse_record(record=entry, on=D(2016, 3, 3), reason="x")
    assert ledger_totals(world.branch_a.pk)["receivable"] == Decimal("0.00")
    assert LedgerEntry.objects.count() == 2


def _missed(finance, kind):
    return [code for c in disclosure_compliance(finance) if c.kind == kind for code, _ in c.missed]


def test_monthly_finance_disclosure_reports_the_missed_month(world):
    finance = make_finance(world.branch_a, frequent_transactions=True, started_on=D(2016, 6, 1))
    for month in (6, 7, 8, 9, 11):
        DisclosureFactory(finance=finance, period_number=month, posted_on=D(2016, month + 1, 5))
    assert _missed(finance, "finance") == ["2016-10"]
    # a quarterly posting does not stand in for a month's
    DisclosureFactory(
        finance=finance, period_kind="quarter", period_number=4, posted_on=D(2016, 12, 5)
    )
    assert _missed(finance, "finance") == ["2016-10"]


def test_quarterly_finance_disclosure_is_enough_without_frequent_transactions(world):
    finance = make_finance(world.branch_a, started_on=D(2016, 6, 1))
    assert _missed(finance, "finance") == ["2016-Q3"]
    DisclosureFactory(finance=finance, period_number=8, posted_on=D(2016, 9, 5))
    assert _missed(finance, "finance") == []


def test_village_affairs_are_due_every_quarter_that_has_ended(world, settings):
    finance = make_finance(world.branch_a, started_on=D(2016, 1, 1), frequent_transactions=True)
    DisclosureFactory(
        finance=finance,
        kind="village_affairs",
        period_kind="quarter",
        period_number=1,
        posted_on=D(2016, 4, 5),
    )
    DisclosureFactory(
        finance=finance,
        kind="village_affairs",
        period_kind="month",
        period_number=8,
        posted_on=D(2016, 9, 5),
    )
    assert _missed(finance, "village_affairs") == ["2016-Q2"]
    settings.TOWNSHIP_TODAY = D(2017, 1, 1)
    assert _missed(finance, "village_affairs") == ["2016-Q2", "2016-Q4"]


def test_a_disclosure_posted_before_its_period_is_refused(world):
    finance = make_finance(world.branch_a)
    d = DisclosureFactory.build(finance=finance, period_number=7, posted_on=D(2016, 6, 30))
    with pytest.raises(ValidationError, match="早于所属期间"):
        d.full_clean()
    d = DisclosureFactory.build(finance=finance, period_kind="quarter", period_number=5)
    with pytest.raises(ValidationError, match="季度请填1至4"):
        d.full_clean()


def test_a_finished_checklist_item_needs_evidence_and_a_date(world):
    item = make_finance(world.branch_a).items.get(kind="ledger")
    item.status = "done"
    with pytest.raises(ValidationError) as e:
        item.full_clean()
    assert set(e.value.message_dict) == {"evidence", "status_on"}


def test_records_of_money_keep_their_history(world):
    e = ExpenditureFactory(branch=world.branch_a)
    e.purpose = "改"
    e.save()
    assert e.history.count() == 2


def test_the_demo_has_two_lagging_villages_and_is_idempotent(demo):
    from finance.models import FinanceGroupMember, VillageFinance
    from overview.demo import load_demo

    load_demo(password="pw-Aa123456")  # a second load over the demo changes nothing
    finances = VillageFinance.objects.order_by("branch__name")
    assert [f.branch.name for f in finances] == ["柏林村党支部", "石板村党支部"]
    weak = finances.get(branch__name="石板村党支部")
    assert weak.history.count() == 1
    assert FinanceGroupMember.objects.filter(group__finance=weak).count() == 6
    handovers = {f.branch.name: f.handovers.get().is_complete for f in finances}
    assert handovers == {"柏林村党支部": True, "石板村党支部": False}
    assert _missed(weak, "finance") == ["2016-10"]
    totals = debt_totals(weak.branch_id, on=D(2016, 12, 20))
    assert totals["overdue_count"] == 1 and totals["outstanding"] == Decimal("16600.25")
    assert (
        Expenditure.objects.filter(branch=weak.branch, amount__gt=2000, approved_by="").count() == 0
    )

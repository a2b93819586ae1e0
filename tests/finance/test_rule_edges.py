"""Edge cases of each finance rule and of the reversal rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance.models import (
    ChecklistItem,
    Debt,
    Disclosure,
    Expenditure,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    Repayment,
    Settlement,
    VillageFinance,
    period_bounds,
    period_label,
)
from finance.selectors import (
    cash_sheet,
    debt_totals,
    debts_with_outstanding,
    default_period,
    disclosure_compliance,
    ledger_entries,
    ledger_totals,
    parse_period,
    period_code,
)
from finance.services import (
    FinanceError,
    record_repayment,
    record_settlement,
    reverse_record,
    set_finance_group,
)
from township.concurrency import latest_version

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
NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七"]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.FINANCE_APPROVAL_THRESHOLD = Decimal("2000.00")


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, number, start, end",
    [
        ("month", 1, D(2016, 1, 1), D(2016, 1, 31)),
        ("month", 2, D(2016, 2, 1), D(2016, 2, 29)),  # a leap year
        ("month", 12, D(2016, 12, 1), D(2016, 12, 31)),
        ("quarter", 1, D(2016, 1, 1), D(2016, 3, 31)),
        ("quarter", 4, D(2016, 10, 1), D(2016, 12, 31)),
    ],
)
def test_period_bounds_cover_whole_months_and_quarters(kind, number, start, end):
    assert period_bounds(2016, kind, number) == (start, end)


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("2016-11", (2016, "month", 11)),
        ("2016-01", (2016, "month", 1)),
        ("2016-q3", (2016, "quarter", 3)),
        (" 2016-Q4 ", (2016, "quarter", 4)),
        ("2016-00", None),
        ("2016-13", None),
        ("2016-Q0", None),
        ("2016-Q5", None),
        ("1948-01", None),
        ("2101-01", None),
        ("2016", None),
        ("", None),
        ("x-y", None),
        ("2016-Qx", None),
    ],
)
def test_a_period_in_the_url_is_parsed_or_refused(text, parsed):
    assert parse_period(text) == parsed


def test_period_codes_and_labels_round_trip():
    assert period_code(2016, "month", 3) == "2016-03"
    assert period_code(2016, "quarter", 3) == "2016-Q3"
    assert parse_period(period_code(2016, "month", 3)) == (2016, "month", 3)
    assert period_label(2016, "month", 3) == "2016年3月"
    assert period_label(2016, "quarter", 3) == "2016年第3季度"


def test_the_default_period_before_any_has_ended_is_the_first(world):
    finance = make_finance(world.branch_a, year=2017, started_on=D(2017, 1, 1))
    assert default_period(finance, on=D(2016, 12, 20)) == (2017, "quarter", 1)
    finance.frequent_transactions = True
    assert default_period(finance, on=D(2017, 2, 1)) == (2017, "month", 1)
    assert default_period(finance, on=D(2017, 3, 1)) == (2017, "month", 2)


# --- disclosure compliance -----------------------------------------------------------------


def test_nothing_is_due_before_the_first_period_has_ended(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 6, 30)
    finance = make_finance(world.branch_a, started_on=D(2016, 6, 1), frequent_transactions=True)
    assert all(c.due == [] and c.ok for c in disclosure_compliance(finance))


def test_a_month_is_due_only_the_day_after_it_ends(world, settings):
    finance = make_finance(world.branch_a, started_on=D(2016, 6, 1), frequent_transactions=True)
    on_last_day = disclosure_compliance(finance, on=D(2016, 6, 30))[0]
    next_day = disclosure_compliance(finance, on=D(2016, 7, 1))[0]
    assert on_last_day.due == [] and [c for c, _ in next_day.due] == ["2016-06"]


def test_a_quarter_begun_before_the_rectification_is_not_due(world):
    finance = make_finance(world.branch_a, started_on=D(2016, 5, 15))
    (finances, affairs) = disclosure_compliance(finance)
    assert [c for c, _ in affairs.due] == ["2016-Q3"]
    assert [c for c, _ in finances.due] == ["2016-Q3"]


def test_a_monthly_posting_inside_a_quarter_covers_the_quarter(world):
    finance = make_finance(world.branch_a, started_on=D(2016, 1, 1))
    DisclosureFactory(
        finance=finance,
        kind=Disclosure.Kind.VILLAGE_AFFAIRS,
        period_number=9,
        posted_on=D(2016, 10, 1),
    )
    affairs = disclosure_compliance(finance)[1]
    assert [c for c, _ in affairs.missed] == ["2016-Q1", "2016-Q2"]
    assert affairs.posted_count == 1


def test_a_posting_of_the_other_kind_does_not_count(world):
    finance = make_finance(world.branch_a, started_on=D(2016, 7, 1))
    DisclosureFactory(
        finance=finance,
        kind=Disclosure.Kind.VILLAGE_AFFAIRS,
        period_kind="quarter",
        period_number=3,
        posted_on=D(2016, 10, 1),
    )
    finances, affairs = disclosure_compliance(finance)
    assert finances.missed and affairs.ok


def test_a_posting_of_another_year_does_not_count(world):
    finance = make_finance(world.branch_a, started_on=D(2016, 7, 1), frequent_transactions=True)
    DisclosureFactory(finance=finance, period_year=2015, period_number=7, posted_on=D(2016, 8, 1))
    assert "2016-07" in [c for c, _ in disclosure_compliance(finance)[0].missed]


@pytest.mark.parametrize(
    "kind, number, message",
    [("month", 0, "月份请填1至12"), ("month", 13, "月份请填1至12"), ("quarter", 5, "季度请填1至4")],
)
def test_a_disclosure_period_out_of_range_is_refused(world, kind, number, message):
    d = DisclosureFactory.build(
        finance=make_finance(world.branch_a), period_kind=kind, period_number=number
    )
    with pytest.raises(ValidationError, match=message):
        d.full_clean()


def test_a_disclosure_posted_in_the_future_is_refused(world):
    d = DisclosureFactory.build(
        finance=make_finance(world.branch_a), period_number=12, posted_on=D(2016, 12, 21)
    )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        d.full_clean()


def test_a_disclosure_posted_on_the_first_day_of_its_period_is_accepted(world):
    DisclosureFactory.build(
        finance=make_finance(world.branch_a), period_number=7, posted_on=D(2016, 7, 1)
    ).full_clean()


# --- the rectification and its checklist -----------------------------------------------------


def test_a_rectification_starts_within_its_year(world):
    with pytest.raises(ValidationError, match="started_on"):
        make_finance(world.branch_a, year=2016, started_on=D(2015, 12, 31))
    assert not VillageFinance.objects.exists()


def test_accountant_and_cashier_are_compared_without_surrounding_spaces(world):
    with pytest.raises(ValidationError, match="不能由同一人担任"):
        make_finance(world.branch_a, accountant="王会计 ", cashier=" 王会计")


def test_an_empty_accountant_and_cashier_are_not_the_same_person(world):
    make_finance(world.branch_a, accountant="", cashier="")


def test_a_checklist_item_dated_in_the_future_is_refused(world):
    item = make_finance(world.branch_a).items.get(kind="ledger")
    item.status, item.status_on = ChecklistItem.Status.IN_PROGRESS, D(2016, 12, 21)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        item.full_clean()


def test_progress_counts_only_done_items(world):
    finance = make_finance(world.branch_a)
    finance.items.update(status=ChecklistItem.Status.IN_PROGRESS)
    assert finance.progress == Decimal("0.0")
    finance.items.update(status=ChecklistItem.Status.DONE)
    assert finance.progress == Decimal("100.0")


# --- the finance group -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, leader, message",
    [
        (["甲一", "甲一", "丙三", "丁四", "戊五"], "", "重复的姓名"),
        (NAMES[:5], "外人", "组长须为小组成员"),
        ([*NAMES, "辛八"], "", "5至7人"),
        (["甲一", " ", "", "丁四", "戊五"], "", "5至7人"),
    ],
)
def test_a_group_breaking_a_rule_is_refused_and_nothing_saved(world, names, leader, message):
    finance = make_finance(world.branch_a)
    with pytest.raises(FinanceError, match=message):
        set_finance_group(finance=finance, chosen_on=D(2016, 6, 1), names=names, leader=leader)
    assert not hasattr(VillageFinance.objects.get(pk=finance.pk), "group")


def test_the_accountant_and_the_cashier_may_not_sit_in_the_group(world):
    finance = make_finance(world.branch_a, accountant="会计甲", cashier="出纳乙")
    with pytest.raises(FinanceError, match="会计甲、出纳乙"):
        set_finance_group(
            finance=finance, chosen_on=D(2016, 6, 1), names=[*NAMES[:3], "会计甲", "出纳乙"]
        )


def test_a_group_chosen_in_the_future_is_refused(world):
    finance = make_finance(world.branch_a)
    with pytest.raises(FinanceError, match="不能晚于今天"):
        set_finance_group(finance=finance, chosen_on=D(2016, 12, 21), names=NAMES[:5])


def test_a_new_choice_replaces_the_members_and_the_history_keeps_the_old(world):
    finance = make_finance(world.branch_a)
    group = set_finance_group(finance=finance, chosen_on=D(2016, 6, 1), names=NAMES[:5])
    set_finance_group(finance=finance, chosen_on=D(2016, 9, 1), names=NAMES[2:7], leader=NAMES[6])
    assert sorted(group.members.values_list("name", flat=True)) == sorted(NAMES[2:7])
    assert group.members.get(is_leader=True).name == NAMES[6]
    assert group.members.model.history.filter(name=NAMES[0], history_type="-").exists()


def test_a_review_before_the_group_was_chosen_or_in_the_future_is_refused(world):
    finance = make_finance(world.branch_a)
    group = set_finance_group(finance=finance, chosen_on=D(2016, 6, 10), names=NAMES[:5])
    for held_on, message in (
        (D(2016, 6, 9), "早于小组推选日期"),
        (D(2016, 12, 21), "不能晚于今天"),
    ):
        with pytest.raises(ValidationError, match=message):
            GroupReview(group=group, held_on=held_on, subject="x", findings="y").full_clean()
    GroupReview(group=group, held_on=D(2016, 6, 10), subject="x", findings="y").full_clean()


# --- handovers -------------------------------------------------------------------------------


def test_a_supervisor_who_signed_must_be_named(world):
    h = HandoverFactory.build(
        finance=make_finance(world.branch_a), supervisor="", supervisor_signed_on=D(2016, 7, 9)
    )
    with pytest.raises(ValidationError) as e:
        h.full_clean()
    assert set(e.value.message_dict) == {"supervisor"}
    assert [str(m) for m in h.missing_signatures()] == ["移交人", "接收人", "监交人"]


def test_a_signature_in_the_future_is_refused(world):
    h = HandoverFactory.build(finance=make_finance(world.branch_a), from_signed_on=D(2016, 12, 21))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        h.full_clean()


def test_signing_on_the_day_of_the_handover_is_accepted(world):
    HandoverFactory.build(
        finance=make_finance(world.branch_a),
        supervisor="监交",
        from_signed_on=D(2016, 7, 8),
        to_signed_on=D(2016, 7, 8),
        supervisor_signed_on=D(2016, 7, 8),
    ).full_clean()


def test_cash_and_bank_items_need_their_amount_and_seals_do_not(world):
    h = HandoverFactory(finance=make_finance(world.branch_a))
    for kind in ("cash", "bank"):
        with pytest.raises(ValidationError, match="须填写金额"):
            HandoverItem(handover=h, kind=kind, description="x").full_clean()
    HandoverItem(handover=h, kind="seals", description="公章").full_clean()
    with pytest.raises(ValidationError, match="不能为负"):
        HandoverItem(handover=h, kind="cash", description="x", amount=Decimal("-0.01")).full_clean()


def test_signatures_added_on_the_page_complete_the_handover(world, as_user):
    finance = make_finance(world.branch_a)
    h = HandoverFactory(finance=finance)
    url = f"/finance/{finance.pk}/handovers/{h.pk}/sign/"
    r = as_user(world.staff).post(
        url,
        {
            "supervisor": "监交人",
            "from_signed_on": "2016-07-08",
            "to_signed_on": "2016-07-08",
            "supervisor_signed_on": "2016-07-07",
            "seen_version": latest_version(h),
        },
    )
    assert r.status_code == 200 and "签字日期早于交接日期" in r.content.decode()
    h.refresh_from_db()
    assert not h.is_complete
    r = as_user(world.staff).post(
        url,
        {
            "supervisor": "监交人",
            "from_signed_on": "2016-07-08",
            "to_signed_on": "2016-07-08",
            "supervisor_signed_on": "2016-07-09",
            "seen_version": latest_version(h),
        },
    )
    assert r.status_code == 302
    h.refresh_from_db()
    assert h.is_complete and h.history.count() == 2


# --- spending --------------------------------------------------------------------------------


def test_one_fen_over_the_threshold_needs_approval_and_a_date(world):
    e = ExpenditureFactory.build(
        branch=world.branch_a, amount=Decimal("2000.01"), approved_by="主任"
    )
    with pytest.raises(ValidationError) as err:
        e.full_clean()
    assert set(err.value.message_dict) == {"approved_on"}


def test_approval_on_the_day_of_spending_is_accepted(world):
    ExpenditureFactory.build(
        branch=world.branch_a,
        amount=Decimal("9000"),
        approved_by="村民代表会议",
        approved_on=D(2016, 11, 3),
    ).full_clean()


def test_an_approval_of_only_spaces_is_no_approval(world):
    e = ExpenditureFactory.build(
        branch=world.branch_a, amount=Decimal("9000"), approved_by="  ", approved_on=D(2016, 11, 1)
    )
    with pytest.raises(ValidationError, match="须有审批记录"):
        e.full_clean()


@pytest.mark.parametrize("model, field", [(Expenditure, "spent_on"), (Income, "received_on")])
def test_money_dated_in_the_future_is_refused(world, model, field):
    factory = ExpenditureFactory if model is Expenditure else IncomeFactory
    row = factory.build(branch=world.branch_a, **{field: D(2016, 12, 21)})
    with pytest.raises(ValidationError, match="不能晚于今天"):
        row.full_clean()


def test_a_debt_with_a_repayment_date_needs_a_plan(world):
    debt = DebtFactory.build(branch=world.branch_a, plan=" ", due_on=D(2017, 1, 1))
    with pytest.raises(ValidationError, match="偿还计划"):
        debt.full_clean()


def test_a_debt_incurred_in_the_future_is_refused(world):
    debt = DebtFactory.build(branch=world.branch_a, incurred_on=D(2016, 12, 21), due_on=None)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        debt.full_clean()


# --- repayments and settlements ------------------------------------------------------------------


def test_a_repayment_of_exactly_what_is_owed_clears_the_debt(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("0.03"), due_on=D(2016, 1, 1))
    for _ in range(3):
        record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("0.01"))
    assert debts_with_outstanding(world.branch_a.pk).get().outstanding == Decimal("0.00")
    with pytest.raises(FinanceError, match="超过尚欠的0.00元"):
        record_repayment(debt=debt, paid_on=D(2016, 1, 2), amount=Decimal("0.01"))


@pytest.mark.parametrize("amount", [None, Decimal("0"), Decimal("-1")])
def test_a_repayment_without_a_positive_amount_is_refused(world, amount):
    debt = DebtFactory(branch=world.branch_a)
    with pytest.raises(FinanceError, match="至少为0.01元"):
        record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=amount)
    assert not Repayment.objects.exists()


def test_a_repayment_in_the_future_is_refused(world):
    debt = DebtFactory(branch=world.branch_a)
    with pytest.raises(FinanceError, match="不能晚于今天"):
        record_repayment(debt=debt, paid_on=D(2016, 12, 21), amount=Decimal("1"))


def test_a_settlement_before_its_entry_or_over_it_is_refused(world):
    entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    with pytest.raises(FinanceError, match="不能早于"):
        record_settlement(entry=entry, settled_on=D(2016, 2, 29), amount=Decimal("1"))
    with pytest.raises(FinanceError, match="不能晚于今天"):
        record_settlement(entry=entry, settled_on=D(2016, 12, 21), amount=Decimal("1"))
    with pytest.raises(FinanceError, match="超过未结余额100.00元"):
        record_settlement(entry=entry, settled_on=D(2016, 3, 1), amount=Decimal("100.01"))
    assert not Settlement.objects.exists()


# --- reversals -------------------------------------------------------------------------------


def test_a_reversed_repayment_can_be_paid_again_in_full(world):
    debt = DebtFactory(branch=world.branch_a, principal=Decimal("50.00"))
    paid = record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("50.00"))
    reverse_record(record=paid, on=D(2016, 1, 2), reason="未到账")
    record_repayment(debt=debt, paid_on=D(2016, 1, 3), amount=Decimal("50.00"))
    assert debt_totals(world.branch_a.pk)["outstanding"] == Decimal("0.00")
    assert Repayment.objects.count() == 3


def test_a_reversed_settlement_reopens_the_entry(world):
    entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    s = record_settlement(entry=entry, settled_on=D(2016, 3, 2), amount=Decimal("100.00"))
    assert ledger_totals(world.branch_a.pk)["receivable"] == Decimal("0.00")
    reverse_record(record=s, on=D(2016, 3, 3), reason="退票")
    assert ledger_totals(world.branch_a.pk)["receivable"] == Decimal("100.00")
    assert ledger_entries(world.branch_a.pk).get().settled == Decimal("0.00")


def test_a_reversed_entry_cannot_be_settled_nor_can_its_reversal(world):
    entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    rev = reverse_record(record=entry, on=D(2016, 3, 2), reason="记错")
    for target in (entry, rev):
        with pytest.raises(FinanceError, match="已冲销的分录不能结算"):
            record_settlement(entry=target, settled_on=D(2016, 3, 3), amount=Decimal("1"))


def test_a_reversed_income_leaves_the_sheet_total_and_both_rows(world):
    income = IncomeFactory(branch=world.branch_a, amount=Decimal("0.10"))
    IncomeFactory(branch=world.branch_a, amount=Decimal("0.20"))
    rev = reverse_record(record=income, on=D(2016, 11, 2), reason="重复")
    sheet = cash_sheet(world.branch_a.pk, D(2016, 11, 1), D(2016, 11, 30))
    assert sheet.income_total == Decimal("0.20")
    assert [(r.amount, r.is_reversed, r.is_reversal) for r in sheet.incomes] == [
        (Decimal("0.10"), True, False),
        (Decimal("0.20"), False, False),
        (Decimal("-0.10"), False, True),
    ]
    assert rev.description == "更正：重复"


def test_a_reversal_of_spending_over_the_threshold_needs_no_approval(world):
    e = ExpenditureFactory(
        branch=world.branch_a,
        amount=Decimal("5000"),
        approved_by="主任",
        approved_on=D(2016, 11, 1),
    )
    rev = reverse_record(record=e, on=D(2016, 11, 5), reason="作废")
    assert rev.amount == Decimal("-5000.00") and rev.approved_by == "主任"


def test_a_reversal_in_the_future_is_refused_and_nothing_saved(world):
    e = ExpenditureFactory(branch=world.branch_a)
    with pytest.raises(FinanceError, match="不能晚于今天"):
        reverse_record(record=e, on=D(2016, 12, 21), reason="x")
    assert Expenditure.objects.count() == 1


def test_a_reversal_on_the_day_of_the_record_is_accepted(world):
    e = ExpenditureFactory(branch=world.branch_a, spent_on=D(2016, 11, 3))
    assert reverse_record(record=e, on=D(2016, 11, 3), reason="x").spent_on == D(2016, 11, 3)


def test_a_long_reason_is_cut_to_the_note_field(world):
    s_entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    rev = reverse_record(record=s_entry, on=D(2016, 3, 2), reason="很" * 300)
    assert len(rev.description) == LedgerEntry._meta.get_field("description").max_length


def test_the_database_refuses_a_second_reversal_of_the_same_row(world):
    from django.db import IntegrityError, transaction

    e = ExpenditureFactory(branch=world.branch_a)
    reverse_record(record=e, on=D(2016, 11, 4), reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.create(
            branch=world.branch_a,
            reverses=e,
            amount=Decimal("-100.00"),
            spent_on=D(2016, 11, 4),
            payee="x",
            purpose="x",
        )


def test_the_page_offers_no_correction_of_a_reversal_or_a_reversed_row(world, as_user):
    finance = make_finance(world.branch_a)
    e = ExpenditureFactory(branch=world.branch_a)
    other = ExpenditureFactory(branch=world.branch_a, spent_on=D(2016, 11, 5))
    rev = reverse_record(record=e, on=D(2016, 11, 4), reason="x")
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    assert f"/reverse/expenditure/{other.pk}/" in page
    assert f"/reverse/expenditure/{e.pk}/" not in page
    assert f"/reverse/expenditure/{rev.pk}/" not in page
    assert "冲销" in page
    page = as_user(world.leader).get(f"/finance/{finance.pk}/").content.decode()
    assert "/reverse/" not in page


def test_reversing_through_the_page_without_a_reason_saves_nothing(world, as_user):
    finance = make_finance(world.branch_a)
    e = ExpenditureFactory(branch=world.branch_a)
    client = as_user(world.staff)
    r = client.post(f"/finance/{finance.pk}/reverse/expenditure/{e.pk}/", {"on": "2016-11-04"})
    assert r.status_code == 302 and Expenditure.objects.count() == 1
    r = client.post(
        f"/finance/{finance.pk}/reverse/expenditure/{e.pk}/",
        {"on": "2016-11-01", "reason": "x"},
        follow=True,
    )
    assert "不能早于" in r.content.decode() and Expenditure.objects.count() == 1


def test_a_reversal_through_the_page_is_reported(world, as_user):
    finance = make_finance(world.branch_a)
    e = ExpenditureFactory(branch=world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/reverse/expenditure/{e.pk}/",
        {"on": "2016-11-04", "reason": "重复"},
        follow=True,
    )
    assert "已登记冲销分录" in r.content.decode()
    assert Debt.objects.count() == 0 and Expenditure.objects.count() == 2
    assert Handover.objects.count() == 0

"""Forged POST fields: another village's ids in every form (or fields the form does not
have) never reach another village's books. The parent is fixed by the URL."""

import datetime
from decimal import Decimal

import pytest

from finance.models import (
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    FinanceGroup,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    Repayment,
    Settlement,
    VillageFinance,
)
from finance.services import record_repayment, record_settlement, set_finance_group
from township.concurrency import latest_version

from ..factories import BranchFactory
from .factories import (
    CounterpartyFactory,
    DebtFactory,
    EntryFactory,
    ExpenditureFactory,
    HandoverFactory,
    IncomeFactory,
    make_finance,
)

pytestmark = pytest.mark.django_db
D = datetime.date
NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五"]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def two(world):
    """Finance A (the URL's) and finance B with a record of every kind."""
    a = make_finance(world.branch_a)
    b = make_finance(world.branch_b)
    set_finance_group(finance=b, chosen_on=D(2016, 6, 1), names=NAMES)
    party = CounterpartyFactory(branch=world.branch_b)
    entry = EntryFactory(counterparty=party)
    debt = DebtFactory(branch=world.branch_b)
    return {
        "a": a,
        "b": b,
        "handover": HandoverFactory(finance=b),
        "counterparty": party,
        "entry": entry,
        "settlement": record_settlement(entry=entry, settled_on=D(2016, 3, 2), amount=Decimal("1")),
        "debt": debt,
        "repayment": record_repayment(debt=debt, paid_on=D(2016, 1, 1), amount=Decimal("1")),
        "expenditure": ExpenditureFactory(branch=world.branch_b),
        "income": IncomeFactory(branch=world.branch_b),
    }


def _post(client, finance, kind, data):
    return client.post(f"/finance/{finance.pk}/add/{kind}/", data)


@pytest.mark.parametrize(
    "kind, field, model, data",
    [
        (
            "handover-item",
            "handover",
            HandoverItem,
            {"kind": "seals", "description": "公章", "quantity": "1"},
        ),
        (
            "entry",
            "counterparty",
            LedgerEntry,
            {"direction": "payable", "entered_on": "2016-05-01", "amount": "5", "description": "x"},
        ),
        ("settlement", "entry", Settlement, {"settled_on": "2016-05-01", "amount": "1"}),
        ("repayment", "debt", Repayment, {"paid_on": "2016-05-01", "amount": "1"}),
    ],
)
def test_a_parent_of_another_village_is_not_a_choice(world, as_user, two, kind, field, model, data):
    before = model.objects.count()
    r = _post(as_user(world.staff), two["a"], kind, {**data, field: two[field].pk})
    assert r.status_code == 200
    assert "选择一个有效的选项" in r.content.decode()
    assert model.objects.count() == before


@pytest.mark.parametrize(
    "kind, model, data, forged",
    [
        (
            "disclosure",
            Disclosure,
            {
                "kind": "finance",
                "period_kind": "month",
                "period_year": "2016",
                "period_number": "11",
                "posted_on": "2016-12-02",
                "content": "收支",
            },
            {"finance": "b"},
        ),
        (
            "handover",
            Handover,
            {"handed_on": "2016-07-01", "from_person": "甲", "to_person": "乙"},
            {"finance": "b"},
        ),
        ("counterparty", Counterparty, {"name": "新单位"}, {"branch": "branch_b"}),
        (
            "debt",
            Debt,
            {"creditor": "村民", "principal": "10", "incurred_on": "2015-01-01", "cause": "借"},
            {"branch": "branch_b"},
        ),
        (
            "expenditure",
            Expenditure,
            {"spent_on": "2016-11-01", "amount": "3", "payee": "店", "purpose": "纸"},
            {"branch": "branch_b"},
        ),
        (
            "income",
            Income,
            {"received_on": "2016-11-01", "amount": "3", "source": "租金"},
            {"branch": "branch_b"},
        ),
    ],
)
def test_a_forged_owner_field_is_ignored_and_the_row_goes_to_the_urls_village(
    world, as_user, two, kind, model, data, forged
):
    owners = {"b": two["b"].pk, "branch_b": world.branch_b.pk}
    post = {**data, **{field: owners[key] for field, key in forged.items()}}
    r = _post(as_user(world.staff), two["a"], kind, post)
    assert r.status_code == 302, r.content.decode()
    row = model.objects.latest("pk")
    if hasattr(row, "finance_id"):
        assert row.finance_id == two["a"].pk
    else:
        assert row.branch_id == world.branch_a.pk


def test_a_review_goes_to_the_urls_group_whatever_group_is_posted(world, as_user, two):
    set_finance_group(finance=two["a"], chosen_on=D(2016, 6, 1), names=NAMES)
    group_b = FinanceGroup.objects.get(finance=two["b"])
    r = _post(
        as_user(world.staff),
        two["a"],
        "review",
        {"held_on": "2016-07-01", "subject": "审账", "findings": "无", "group": group_b.pk},
    )
    assert r.status_code == 302
    assert GroupReview.objects.get().group.finance_id == two["a"].pk


def test_a_review_cannot_be_added_before_the_urls_village_has_a_group(world, as_user, two):
    r = _post(
        as_user(world.staff),
        two["a"],
        "review",
        {"held_on": "2016-07-01", "subject": "审账", "findings": "无"},
    )
    assert r.status_code == 200 and "请先登记民主理财小组" in r.content.decode()
    assert not GroupReview.objects.exists()


def test_the_handover_of_another_village_cannot_be_signed_through_this_one(world, as_user, two):
    url = f"/finance/{two['a'].pk}/handovers/{two['handover'].pk}/sign/"
    r = as_user(world.staff).post(url, {"from_signed_on": "2016-07-09"})
    assert r.status_code == 404
    two["handover"].refresh_from_db()
    assert two["handover"].from_signed_on is None


@pytest.mark.parametrize("kind", ["entry", "settlement", "repayment", "expenditure", "income"])
def test_no_record_of_another_village_can_be_reversed_through_this_one(world, as_user, two, kind):
    record = two[kind]
    model = type(record)
    before = model.objects.count()
    r = as_user(world.staff).post(
        f"/finance/{two['a'].pk}/reverse/{kind}/{record.pk}/", {"on": "2016-12-01", "reason": "x"}
    )
    assert r.status_code == 404 and model.objects.count() == before


def test_an_unknown_kind_of_reversal_is_404(world, as_user, two):
    r = as_user(world.staff).post(
        f"/finance/{two['a'].pk}/reverse/debt/{two['debt'].pk}/",
        {"on": "2016-12-01", "reason": "x"},
    )
    assert r.status_code == 404


def test_editing_cannot_move_a_rectification_to_another_village_or_year(world, as_user, two):
    r = as_user(world.staff).post(
        f"/finance/{two['a'].pk}/edit/",
        {
            "seen_version": latest_version(two["a"]),
            "branch": world.branch_b.pk,
            "year": "2015",
            "started_on": "2016-06-01",
            "accountant": "会计丙",
            "cashier": "出纳丁",
        },
    )
    assert r.status_code == 302
    two["a"].refresh_from_db()
    assert (two["a"].branch_id, two["a"].year, two["a"].accountant) == (
        world.branch_a.pk,
        2016,
        "会计丙",
    )


def test_a_checklist_item_of_an_unknown_kind_is_404(world, as_user, two):
    r = as_user(world.staff).get(f"/finance/{two['a'].pk}/items/nothing/")
    assert r.status_code == 404


def test_staff_of_another_township_get_404_on_every_form(world, as_user, two):
    client = as_user(world.other_staff)
    a = two["a"].pk
    for url in (
        f"/finance/{a}/edit/",
        f"/finance/{a}/group/",
        f"/finance/{a}/items/ledger/",
        f"/finance/{a}/add/debt/",
        f"/finance/{a}/reverse/expenditure/{two['expenditure'].pk}/",
    ):
        assert client.post(url, {}).status_code == 404, url


def test_a_rectification_cannot_be_started_for_a_non_village_branch(world, as_user):
    office = BranchFactory(township=world.township, kind="organ", name="机关支部")
    r = as_user(world.staff).post(
        "/finance/new/", {"branch": office.pk, "year": "2016", "started_on": "2016-06-01"}
    )
    assert r.status_code == 200 and not VillageFinance.objects.exists()


def test_the_same_village_and_year_cannot_be_started_twice(world, as_user, two):
    r = as_user(world.staff).post(
        "/finance/new/", {"branch": world.branch_a.pk, "year": "2016", "started_on": "2016-07-01"}
    )
    assert r.status_code == 200 and VillageFinance.objects.count() == 2

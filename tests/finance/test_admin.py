"""The finance back office: scoped lists at a fixed query cost, edits kept by the history
(with the optimistic-locking `seen_version`), amounts read-only, nothing deleted."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.models import Expenditure
from finance.services import record_settlement

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
MODELS = [
    "villagefinance",
    "financegroup",
    "disclosure",
    "handover",
    "counterparty",
    "ledgerentry",
    "settlement",
    "debt",
    "expenditure",
    "income",
]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _rows(world, n, year=2016):
    from finance.services import set_finance_group

    finance = make_finance(world.branch_a, year=year, started_on=D(year, 6, 1))
    set_finance_group(
        finance=finance, chosen_on=D(year, 6, 2), names=[f"组员{year}{i}" for i in range(5)]
    )
    for _ in range(n):
        DisclosureFactory(finance=finance)
        HandoverFactory(finance=finance)
        entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
        record_settlement(entry=entry, settled_on=D(2016, 3, 2), amount=Decimal("1.00"))
        DebtFactory(branch=world.branch_a)
        ExpenditureFactory(branch=world.branch_a)
        IncomeFactory(branch=world.branch_a)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_every_finance_changelist_costs_the_same_with_1_and_10_rows(world, as_user, model):
    client = as_user(world.staff)
    url = f"/admin/finance/{model}/"
    _rows(world, 1, year=2015)
    first, _page = _count(client, url)
    _rows(world, 9)
    assert _count(client, url)[0] == first


@pytest.mark.parametrize("model", ["debt", "expenditure", "income", "counterparty"])
def test_a_changelist_shows_only_the_staffs_own_township(world, as_user, model):
    DebtFactory(branch=world.branch_x, creditor="外乡债主")
    ExpenditureFactory(branch=world.branch_x, payee="外乡收款人")
    IncomeFactory(branch=world.branch_x, source="外乡来源")
    CounterpartyFactory(branch=world.branch_x, name="外乡单位")
    page = as_user(world.staff).get(f"/admin/finance/{model}/").content.decode()
    assert "外乡" not in page
    assert "外乡" in as_user(world.other_staff).get(f"/admin/finance/{model}/").content.decode()


def _change_data(response) -> dict:
    """What the change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def test_staff_correct_a_payee_and_the_history_keeps_the_old_one(world, as_user):
    e = ExpenditureFactory(branch=world.branch_a, payee="供销社", amount=Decimal("12.30"))
    client = as_user(world.staff)
    url = f"/admin/finance/expenditure/{e.pk}/change/"
    data = _change_data(client.get(url))
    assert data["seen_version"] == e.history.latest("history_id").history_id
    r = client.post(url, {**data, "payee": "农资店", "amount": "99999.00"})
    assert r.status_code == 302, r.content.decode()[:1500]
    e.refresh_from_db()
    assert e.payee == "农资店"
    assert e.amount == Decimal("12.30")  # read-only once saved: a correction is a new row
    latest, previous = e.history.order_by("-history_id")[:2]
    assert (latest.payee, previous.payee) == ("农资店", "供销社")
    assert latest.history_user == world.staff


def test_a_change_without_the_seen_version_is_refused_and_nothing_saved(world, as_user):
    e = ExpenditureFactory(branch=world.branch_a, payee="供销社")
    client = as_user(world.staff)
    url = f"/admin/finance/expenditure/{e.pk}/change/"
    data = _change_data(client.get(url))
    data.pop("seen_version")
    r = client.post(url, {**data, "payee": "农资店"})
    assert r.status_code == 200
    e.refresh_from_db()
    assert e.payee == "供销社"


def test_the_back_office_checks_the_approval_rule_too(world, as_user, settings):
    settings.FINANCE_APPROVAL_THRESHOLD = Decimal("2000.00")
    e = ExpenditureFactory(
        branch=world.branch_a,
        amount=Decimal("2500.00"),
        approved_by="书记",
        approved_on=D(2016, 11, 1),
    )
    client = as_user(world.staff)
    url = f"/admin/finance/expenditure/{e.pk}/change/"
    data = _change_data(client.get(url))
    r = client.post(url, {**data, "approved_by": ""})
    assert r.status_code == 200 and "须有审批记录" in r.content.decode()
    e.refresh_from_db()
    assert e.approved_by == "书记"


@pytest.mark.parametrize("user", ["leader", "secretary_a", "other_staff"])
def test_only_the_townships_staff_open_a_finance_change_page(world, as_user, user):
    e = ExpenditureFactory(branch=world.branch_a)
    r = as_user(getattr(world, user)).get(f"/admin/finance/expenditure/{e.pk}/change/")
    assert r.status_code in (302, 403, 404)
    assert r.status_code != 200


def test_no_record_of_money_can_be_deleted_in_bulk(world, as_user):
    e = ExpenditureFactory(branch=world.branch_a)
    r = as_user(world.staff).post(
        "/admin/finance/expenditure/",
        {"action": "delete_selected", "_selected_action": [e.pk], "post": "yes"},
    )
    assert r.status_code in (200, 302, 403)
    assert Expenditure.objects.filter(pk=e.pk).exists()

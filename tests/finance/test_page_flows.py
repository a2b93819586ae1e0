"""What staff do on the finance pages, step by step, and what the others may not."""

import datetime
from decimal import Decimal

import pytest

from finance.models import (
    ChecklistItem,
    Counterparty,
    Disclosure,
    FinanceGroup,
    Handover,
    HandoverItem,
    LedgerEntry,
    Settlement,
    VillageFinance,
)
from finance.services import set_finance_group
from township.concurrency import latest_version

from ..factories import BranchFactory
from .factories import CounterpartyFactory, EntryFactory, HandoverFactory, make_finance

pytestmark = pytest.mark.django_db
D = datetime.date
NAMES = "甲一\n乙二\n丙三\n丁四\n戊五\n己六"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def test_staff_start_a_rectification_with_its_six_items(world, as_user):
    r = as_user(world.staff).post(
        "/finance/new/",
        {
            "branch": world.branch_a.pk,
            "year": "2016",
            "started_on": "2016-06-01",
            "accountant": "会计甲",
            "cashier": "出纳乙",
            "approvers": "书记\n主任",
        },
        follow=True,
    )
    finance = VillageFinance.objects.get()
    assert r.redirect_chain[-1][0] == f"/finance/{finance.pk}/"
    assert "财务整治已启动。" in r.content.decode()
    assert finance.items.count() == 6 and finance.approver_list() == ["书记", "主任"]
    assert "书记、主任" in r.content.decode()


def test_starting_with_the_accountant_as_cashier_is_refused_on_the_field(world, as_user):
    r = as_user(world.staff).post(
        "/finance/new/",
        {
            "branch": world.branch_a.pk,
            "year": "2016",
            "started_on": "2016-06-01",
            "accountant": "王",
            "cashier": "王",
        },
    )
    assert r.status_code == 200 and "会计和出纳不能由同一人担任" in r.content.decode()
    assert not VillageFinance.objects.exists()


def test_the_create_page_offers_only_the_staffs_own_villages(world, as_user):
    page = as_user(world.staff).get("/finance/new/").content.decode()
    assert "甲村党支部" in page and "外乡党支部" not in page


def test_an_edit_keeps_the_old_values_in_the_history(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/edit/",
        {
            "seen_version": latest_version(finance),
            "started_on": "2016-06-01",
            "accountant": "会计丙",
            "cashier": "出纳乙",
        },
    )
    assert r.status_code == 302
    latest, previous = finance.history.order_by("-history_id")[:2]
    assert (latest.accountant, previous.accountant) == ("会计丙", "会计甲")


def test_a_checklist_item_is_finished_only_with_evidence_and_a_date(world, as_user):
    finance = make_finance(world.branch_a)
    url = f"/finance/{finance.pk}/items/ledger/"
    client = as_user(world.staff)
    seen = latest_version(finance.items.get(kind="ledger"))
    r = client.post(url, {"seen_version": seen, "status": "done"})
    assert "已完成的事项须填写佐证材料。" in r.content.decode()
    assert finance.items.get(kind="ledger").status == ChecklistItem.Status.NOT_STARTED
    r = client.post(
        url,
        {
            "seen_version": seen,
            "status": "done",
            "status_on": "2016-09-01",
            "evidence": "往来账已建立",
        },
    )
    assert r.status_code == 302
    row = VillageFinance.objects.filter(pk=finance.pk)
    from finance.selectors import finances_with_progress

    assert finances_with_progress(row).get().progress == Decimal("16.7")
    assert "1/6 · 16.7%" in client.get(f"/finance/{finance.pk}/").content.decode()


def test_the_group_page_records_and_then_shows_the_group(world, as_user):
    finance = make_finance(world.branch_a)
    client = as_user(world.staff)
    r = client.post(
        f"/finance/{finance.pk}/group/",
        # the page was read before any group was recorded: version 0
        {"chosen_on": "2016-06-18", "names": NAMES, "leader": "甲一", "seen_version": "0"},
        follow=True,
    )
    assert "民主理财小组已登记。" in r.content.decode()
    page = r.content.decode()
    assert "甲一（组长）、乙二" in page and "6名成员" in page
    form = client.get(f"/finance/{finance.pk}/group/").content.decode()
    assert "己六" in form and 'value="甲一"' in form


def test_the_group_page_refuses_the_accountant_with_a_chinese_message(world, as_user):
    finance = make_finance(world.branch_a)
    r = as_user(world.staff).post(
        f"/finance/{finance.pk}/group/",
        {"chosen_on": "2016-06-18", "names": NAMES + "\n会计甲", "seen_version": "0"},
    )
    assert "会计甲不能担任理财小组成员" in r.content.decode()
    assert not FinanceGroup.objects.exists()


def test_staff_record_a_disclosure_and_the_compliance_updates(world, as_user):
    finance = make_finance(world.branch_a, frequent_transactions=True)
    client = as_user(world.staff)
    before = client.get(f"/finance/{finance.pk}/").content.decode()
    assert "2016年10月" in before
    r = client.post(
        f"/finance/{finance.pk}/add/disclosure/",
        {
            "kind": "finance",
            "period_kind": "month",
            "period_year": "2016",
            "period_number": "10",
            "posted_on": "2016-11-03",
            "content": "十月收支",
        },
    )
    assert r.status_code == 302 and Disclosure.objects.get().finance == finance
    assert r["Location"].endswith("#disclosure")
    after = client.get(f"/finance/{finance.pk}/").content.decode()
    assert "应公开6期，已公开1期" in after


def test_staff_record_a_handover_and_its_items(world, as_user):
    finance = make_finance(world.branch_a)
    client = as_user(world.staff)
    r = client.post(
        f"/finance/{finance.pk}/add/handover/",
        {
            "handed_on": "2016-07-08",
            "reason": "换届",
            "from_person": "老会计",
            "to_person": "新会计",
            "supervisor": "包村干部",
            "from_signed_on": "2016-07-08",
            "to_signed_on": "2016-07-08",
        },
    )
    assert r.status_code == 302
    handover = Handover.objects.get()
    r = client.post(
        f"/finance/{finance.pk}/add/handover-item/",
        {"handover": handover.pk, "kind": "cash", "description": "库存现金"},
    )
    assert "现金和银行存款须填写金额。" in r.content.decode()
    r = client.post(
        f"/finance/{finance.pk}/add/handover-item/",
        {"handover": handover.pk, "kind": "cash", "description": "库存现金", "amount": "1234.50"},
    )
    assert r.status_code == 302 and HandoverItem.objects.get().amount == Decimal("1234.50")
    page = client.get(f"/finance/{finance.pk}/").content.decode()
    assert "缺少签字：监交人" in page and "现金：库存现金 1234.50 元" in page
    assert "（换届）" in page


def test_a_counterparty_is_recorded_once_per_village(world, as_user):
    finance = make_finance(world.branch_a)
    CounterpartyFactory(branch=world.branch_a, name="茶厂")
    CounterpartyFactory(branch=world.branch_b, name="砖厂")
    client = as_user(world.staff)
    r = client.post(f"/finance/{finance.pk}/add/counterparty/", {"name": " 茶厂 "})
    assert "该往来单位（个人）已在往来账中。" in r.content.decode()
    r = client.post(f"/finance/{finance.pk}/add/counterparty/", {"name": "砖厂"})
    assert r.status_code == 302
    assert Counterparty.objects.filter(name="砖厂").count() == 2


def test_staff_add_an_entry_and_settle_it_on_the_page(world, as_user):
    finance = make_finance(world.branch_a)
    party = CounterpartyFactory(branch=world.branch_a, name="茶厂")
    client = as_user(world.staff)
    r = client.post(
        f"/finance/{finance.pk}/add/entry/",
        {
            "counterparty": party.pk,
            "direction": "receivable",
            "entered_on": "2016-03-01",
            "amount": "0.30",
            "description": "租金",
        },
    )
    assert r.status_code == 302
    entry = LedgerEntry.objects.get()
    r = client.post(
        f"/finance/{finance.pk}/add/settlement/",
        {"entry": entry.pk, "settled_on": "2016-04-01", "amount": "0.31"},
    )
    assert "超过未结余额0.30元" in r.content.decode() and not Settlement.objects.exists()
    r = client.post(
        f"/finance/{finance.pk}/add/settlement/",
        {"entry": entry.pk, "settled_on": "2016-04-01", "amount": "0.10"},
    )
    assert r.status_code == 302
    page = client.get(f"/finance/{finance.pk}/").content.decode()
    assert '<td class="num" id="receivable-total">0.20</td>' in page


def test_a_reversed_entry_is_not_offered_for_settlement(world, as_user):
    finance = make_finance(world.branch_a)
    entry = EntryFactory(counterparty=CounterpartyFactory(branch=world.branch_a))
    from finance.services import reverse_record

    rev = reverse_record(record=entry, on=D(2016, 3, 2), reason="记错")
    page = as_user(world.staff).get(f"/finance/{finance.pk}/add/settlement/").content.decode()
    assert f'value="{rev.pk}"' not in page


def test_the_list_filters_by_year_and_village_name(world, as_user):
    make_finance(world.branch_a)
    make_finance(world.branch_b)
    make_finance(world.branch_a, year=2015, started_on=D(2015, 6, 1))
    client = as_user(world.staff)
    page = client.get("/finance/").content.decode()  # the latest year by default
    assert "甲村党支部" in page and "乙村党支部" in page and ">2015</td>" not in page
    page = client.get("/finance/?year=2015").content.decode()
    assert ">2015</td>" in page and "乙村党支部" not in page
    page = client.get("/finance/?year=2016&q=乙村").content.decode()
    assert "乙村党支部" in page and "甲村党支部" not in page
    page = client.get("/finance/?year=2016&q=没有").content.decode()
    assert "尚无村财务整治。" in page


@pytest.mark.parametrize("year", ["abc", "1800", "99999", ""])
def test_a_bad_year_falls_back_to_the_latest(world, as_user, year):
    make_finance(world.branch_a)
    page = as_user(world.staff).get(f"/finance/?year={year}").content.decode()
    assert "甲村党支部" in page


def test_the_list_offers_start_only_to_staff(world, as_user):
    assert "/finance/new/" in as_user(world.staff).get("/finance/").content.decode()
    for user in (world.leader, world.secretary_a):
        assert "/finance/new/" not in as_user(user).get("/finance/").content.decode()


def test_readers_see_no_edit_links_on_the_village_page(world, as_user):
    finance = make_finance(world.branch_a)
    set_finance_group(finance=finance, chosen_on=D(2016, 6, 1), names=NAMES.split())
    HandoverFactory(finance=finance)
    for user in (world.leader, world.secretary_a):
        page = as_user(user).get(f"/finance/{finance.pk}/").content.decode()
        assert "/add/" not in page and "/edit/" not in page and "/sign/" not in page
    page = as_user(world.staff).get(f"/finance/{finance.pk}/").content.decode()
    assert "/add/debt/" in page and "/edit/" in page and "/sign/" in page


def test_a_branch_of_another_kind_in_the_list_of_villages_is_not_offered(world, as_user):
    BranchFactory(township=world.township, kind="enterprise", name="茶厂党支部")
    assert "茶厂党支部" not in as_user(world.staff).get("/finance/new/").content.decode()

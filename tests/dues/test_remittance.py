"""Remittances to the township and the township's ledger: sums in the database, never more
out than in, corrections by reversing entries."""

import datetime
from decimal import Decimal

import pytest

from dues.models import Category, Remittance, TownshipEntry
from dues.selectors import branch_dues, township_ledger
from dues.services import (
    DuesError,
    branch_balance,
    record_remittance,
    record_township_entry,
    reverse_record,
)

from .factories import TODAY, assess, pay

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


@pytest.fixture
def collected(world):
    assess(world.member_a, category=Category.EMPLOYED, base="4000")  # 40.00
    pay(world.member_a, 1, 6, extra=Decimal("10.50"))  # 240.00 + 10.50
    return world.branch_a


def test_a_branch_remits_what_it_collected(collected):
    assert branch_balance(collected) == Decimal("250.50")
    record_remittance(branch=collected, amount=Decimal("200.00"), remitted_on=D(2016, 7, 1))
    record_remittance(branch=collected, amount=Decimal("50.50"), remitted_on=D(2016, 8, 1))
    assert branch_balance(collected) == Decimal("0.00")
    rows = branch_dues(type(collected).objects.filter(pk=collected.pk), 2016)
    assert rows[0].remitted == Decimal("250.50")


def test_a_branch_cannot_remit_more_than_it_holds(collected):
    with pytest.raises(DuesError, match="250.50"):
        record_remittance(branch=collected, amount=Decimal("250.51"), remitted_on=D(2016, 7, 1))
    assert not Remittance.objects.exists()


def test_a_remittance_of_nothing_is_refused(collected):
    with pytest.raises(DuesError, match="0.01"):
        record_remittance(branch=collected, amount=Decimal("0"), remitted_on=D(2016, 7, 1))


def test_the_township_ledger_sums_received_remitted_and_used(collected, world):
    record_remittance(branch=collected, amount=Decimal("250.50"), remitted_on=D(2016, 7, 1))
    kind = TownshipEntry.Kind
    record_township_entry(
        township=world.township,
        kind=kind.REMITTED,
        amount=Decimal("125.25"),
        entered_on=D(2016, 7, 15),
        purpose="上缴县委组织部",
    )
    record_township_entry(
        township=world.township,
        kind=kind.USED,
        amount=Decimal("100"),
        entered_on=D(2016, 9, 1),
        purpose="党员培训",
    )
    ledger = township_ledger(world.township, 2016)
    assert (ledger["received"], ledger["remitted"], ledger["used"]) == (
        Decimal("250.50"),
        Decimal("125.25"),
        Decimal("100.00"),
    )
    assert ledger["closing"] == Decimal("25.25")
    assert [line["balance"] for line in ledger["lines"]] == [
        Decimal("250.50"),
        Decimal("125.25"),
        Decimal("25.25"),
    ]
    assert township_ledger(world.township, 2017)["opening"] == Decimal("25.25")


def test_the_township_cannot_spend_more_than_it_holds(collected, world):
    record_remittance(branch=collected, amount=Decimal("100"), remitted_on=D(2016, 7, 1))
    with pytest.raises(DuesError, match="100.00"):
        record_township_entry(
            township=world.township,
            kind=TownshipEntry.Kind.USED,
            amount=Decimal("100.01"),
            entered_on=D(2016, 9, 1),
            purpose="培训",
        )
    assert not TownshipEntry.objects.exists()


def test_a_reversed_remittance_nets_out(collected, world):
    r = record_remittance(branch=collected, amount=Decimal("200"), remitted_on=D(2016, 7, 1))
    reverse_record(record=r, on=D(2016, 7, 2), reason="金额错误")
    assert township_ledger(world.township, 2016)["received"] == Decimal("0.00")
    assert branch_balance(collected) == Decimal("250.50")


def test_a_spent_remittance_cannot_be_reversed(collected, world):
    r = record_remittance(branch=collected, amount=Decimal("200"), remitted_on=D(2016, 7, 1))
    record_township_entry(
        township=world.township,
        kind=TownshipEntry.Kind.USED,
        amount=Decimal("150"),
        entered_on=D(2016, 9, 1),
        purpose="培训",
    )
    with pytest.raises(DuesError, match="已支出"):
        reverse_record(record=r, on=D(2016, 9, 2), reason="错")


def test_collection_rate_and_arrears_of_a_branch(collected):
    row = branch_dues(type(collected).objects.filter(pk=collected.pk), 2016)[0]
    # 40.00 a month, January to December owed by 20 December; six months paid.
    assert row.due == Decimal("480.00")
    assert row.collected == Decimal("240.00")
    assert row.arrears == Decimal("240.00")
    assert row.rate == Decimal("50.0")
    assert row.extra == Decimal("10.50")

"""The 2008 regulation's bands as data: each band at its edges, fixed amounts, and rate
tables whose bands overlap or leave gaps refused whole."""

import datetime
from decimal import Decimal

import pytest

from dues.demo import BANDS
from dues.models import Assessment, Category, RateTable
from dues.services import DuesError, save_rate_table

from .factories import assess

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "base", "monthly"),
    [
        (Category.EMPLOYED, "0", "0.01"),
        (Category.EMPLOYED, "3000", "15.00"),
        (Category.EMPLOYED, "3000.01", "30.00"),
        (Category.EMPLOYED, "5000", "50.00"),
        (Category.EMPLOYED, "5000.01", "75.00"),
        (Category.EMPLOYED, "10000", "150.00"),
        (Category.EMPLOYED, "10000.01", "200.00"),
        (Category.RETIRED, "5000", "25.00"),
        (Category.RETIRED, "5000.01", "50.00"),
        (Category.RETIRED, "1999", "10.00"),
    ],
)
def test_each_band_at_its_edges(world, category, base, monthly):
    a = assess(world.member_a, category=category, base=base)
    assert a.monthly == Decimal(monthly)
    assert a.base == Decimal(base)


def test_farmers_pay_between_two_jiao_and_one_yuan(world):
    assert assess(world.member_a, category=Category.FARMER).monthly == Decimal("0.20")
    assert assess(world.member_a, category=Category.FARMER, monthly="1.00").monthly == Decimal(
        "1.00"
    )
    with pytest.raises(DuesError, match="0.20 到 1.00"):
        assess(world.member_a, category=Category.FARMER, monthly="1.50")


def test_students_and_those_on_relief_pay_two_jiao(world):
    a = assess(world.member_a, category=Category.LOW_INCOME)
    assert a.monthly == Decimal("0.20") and a.base is None


def test_an_employed_member_needs_a_base(world):
    with pytest.raises(DuesError, match="税后"):
        assess(world.member_a, category=Category.EMPLOYED)
    assert not Assessment.objects.exists()


def test_probationary_members_owe_from_the_month_they_were_admitted(world):
    world.member_a.joined_on = datetime.date(2016, 5, 18)
    world.member_a.full_member_on = None
    world.member_a.save()
    assert assess(world.member_a).first_month == 5


def test_a_member_admitted_later_is_not_assessed(world):
    world.member_a.joined_on = datetime.date(2017, 2, 1)
    world.member_a.full_member_on = None
    world.member_a.save()
    with pytest.raises(DuesError, match="尚未入党"):
        assess(world.member_a)


def test_without_a_rate_table_nothing_is_assessed(world):
    from dues.services import assess_member

    with pytest.raises(DuesError, match="党费收缴标准"):
        assess_member(member=world.member_a, year=2016, category=Category.FARMER)


def _bands(**change):
    rows = [
        {
            "category": c,
            "income_above": Decimal(a),
            "income_up_to": None if u is None else Decimal(u),
            "percent": None if p is None else Decimal(p),
            "fixed_min": None if lo is None else Decimal(lo),
            "fixed_max": None if hi is None else Decimal(hi),
        }
        for c, a, u, p, lo, hi in BANDS
    ]
    for index, values in change.items():
        rows[int(index[1:])].update(values)
    return rows


def _save(world, bands):
    return save_rate_table(
        township=world.township, title="标准", valid_from=datetime.date(2017, 1, 1), bands=bands
    )


def test_the_regulations_table_is_accepted(world):
    table = _save(world, _bands())
    assert table.bands.count() == len(BANDS)


def test_overlapping_bands_are_refused(world):
    with pytest.raises(DuesError, match="重叠"):
        _save(world, _bands(b1={"income_above": Decimal("2500")}))
    assert not RateTable.objects.exists()


def test_a_gap_between_bands_is_refused(world):
    with pytest.raises(DuesError, match="空档"):
        _save(world, _bands(b1={"income_above": Decimal("3500")}))
    assert not RateTable.objects.exists()


def test_a_top_band_with_a_limit_is_refused(world):
    with pytest.raises(DuesError, match="空档"):
        _save(world, _bands(b3={"income_up_to": Decimal("20000")}))


def test_bands_must_start_at_zero(world):
    with pytest.raises(DuesError, match="0 元"):
        _save(world, _bands(b4={"income_above": Decimal("100")}))


def test_a_category_without_bands_is_refused(world):
    with pytest.raises(DuesError, match="没有"):
        _save(world, _bands()[:-1])


def test_a_band_with_both_a_rate_and_a_fixed_amount_is_refused(world):
    with pytest.raises(DuesError, match="比例或固定金额"):
        _save(world, _bands(b0={"fixed_min": Decimal("1"), "fixed_max": Decimal("2")}))

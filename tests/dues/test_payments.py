"""Collection: whole months, the exact dues, advance up to six months, by quarter with the
branch's consent, arrears paid later, months never paid twice, reversals; bad input leaves
nothing saved."""

import datetime
from decimal import Decimal

import pytest

from dues.models import Category, Payment, QuarterlyConsent
from dues.services import DuesError, paid_months, reverse_record

from .factories import TODAY, assess, pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


@pytest.fixture
def employed(world):
    assess(world.member_a, category=Category.EMPLOYED, base="4000")  # 40.00 a month
    return world.member_a


def test_a_payment_for_months_is_recorded_to_the_fen(employed):
    p = pay(employed, 1, 3, amount="120.00")
    assert p.amount == Decimal("120.00") and p.monthly == Decimal("40.00")
    assert paid_months(employed, 2016) == {1, 2, 3}


def test_arrears_are_paid_later(employed):
    pay(employed, 1, 6, paid_on=datetime.date(2016, 11, 30))
    assert paid_months(employed, 2016) == set(range(1, 7))


def test_an_amount_beyond_the_dues_is_refused(employed):
    with pytest.raises(DuesError, match="超过"):
        pay(employed, 1, 1, amount="40.01")
    assert not Payment.objects.exists()


def test_less_than_the_dues_is_refused(employed):
    with pytest.raises(DuesError, match="整月"):
        pay(employed, 1, 2, amount="79.99")


def test_a_negative_amount_is_refused(employed):
    with pytest.raises(DuesError, match="负数"):
        pay(employed, 1, 1, amount="-40")
    assert not Payment.objects.exists()


def test_a_voluntary_extra_is_kept_apart(employed):
    p = pay(employed, 1, 1, extra=Decimal("100.00"))
    assert p.total == Decimal("140.00")


def test_months_already_paid_are_refused(employed):
    pay(employed, 1, 3)
    with pytest.raises(DuesError, match="3月已交"):
        pay(employed, 3, 4)
    assert Payment.objects.count() == 1


def test_six_months_in_advance_but_not_seven(employed):
    pay(employed, 1, 12)
    assess(employed, year=2017, category=Category.EMPLOYED, base="4000")
    pay(employed, 1, 6, year=2017)  # December + six months
    with pytest.raises(DuesError, match="六个月"):
        pay(employed, 7, 7, year=2017)


def test_a_quarter_at_once_needs_the_branchs_consent(employed, world):
    with pytest.raises(DuesError, match="同意"):
        pay(employed, 4, 6, by_quarter=True)
    QuarterlyConsent.objects.create(branch=world.branch_a, year=2016, decided_on=TODAY)
    assert pay(employed, 4, 6, by_quarter=True).by_quarter
    with pytest.raises(DuesError, match="一个季度"):
        pay(employed, 8, 10, by_quarter=True)


def test_months_before_admission_are_not_owed(world):
    world.member_a.joined_on = datetime.date(2016, 5, 18)
    world.member_a.full_member_on = None
    world.member_a.save()
    assess(world.member_a)
    with pytest.raises(DuesError, match="5月"):
        pay(world.member_a, 4, 5)
    pay(world.member_a, 5, 5)


def test_a_member_without_an_assessment_cannot_pay(world):
    with pytest.raises(DuesError, match="核定"):
        pay(world.member_a, 1, 1, amount="1")


def test_a_receipt_number_is_used_once_per_branch(employed, world):
    pay(employed, 1, 1, receipt_no="A-1")
    assess(world.member_b)
    pay(world.member_b, 1, 1, receipt_no="A-1")  # another branch's book
    with pytest.raises(DuesError, match="A-1"):
        pay(employed, 2, 2, receipt_no="A-1")


def test_a_reversal_frees_the_months_and_keeps_both_rows(employed):
    p = pay(employed, 1, 3)
    copy = reverse_record(record=p, on=TODAY, reason="收据号填错")
    assert copy.amount == Decimal("-120.00") and copy.reverses == p
    assert paid_months(employed, 2016) == set()
    assert Payment.objects.count() == 2
    pay(employed, 1, 3)
    with pytest.raises(DuesError, match="已冲销"):
        reverse_record(record=p, on=TODAY, reason="again")
    with pytest.raises(DuesError, match="本身不能再冲销"):
        reverse_record(record=copy, on=TODAY, reason="again")


def test_a_future_payment_date_is_refused(employed):
    with pytest.raises(DuesError, match="晚于今天"):
        pay(employed, 1, 1, paid_on=datetime.date(2016, 12, 21))

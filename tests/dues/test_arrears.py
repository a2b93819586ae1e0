"""Arrears: each member's unpaid months, the flag at three months, 党章 Article 9's six
consecutive months without good reason, and the one 自行脱党 risk list."""

import datetime

import pytest

from dues.models import Category, GoodReason
from dues.selectors import leaving_risk, member_dues
from dues.services import reverse_record
from members.models import Member

from .factories import TODAY, assess, pay

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def _row(member, year=2016):
    return member_dues(Member.objects.filter(pk=member.pk), year)[0]


def test_each_members_unpaid_months(world):
    assess(world.member_a)
    pay(world.member_a, 1, 9)
    row = _row(world.member_a)
    assert row.unpaid_months == [10, 11, 12]
    assert row.months[:9] == ["paid"] * 9
    assert row.in_arrears and not row.article_9
    assert row.arrears_amount == row.assessment.monthly * 3


def test_two_months_are_not_yet_flagged(world):
    assess(world.member_a)
    pay(world.member_a, 1, 10)
    assert not _row(world.member_a).in_arrears


def test_six_consecutive_months_give_the_article_9_warning(world):
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    row = _row(world.member_a)
    assert row.run == 6 and row.article_9


def test_a_good_reason_breaks_the_six_months(world):
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    GoodReason.objects.create(
        member=world.member_a,
        month_from=D(2016, 8, 1),
        month_to=D(2016, 8, 1),
        reason="住院治疗",
        decided_on=D(2016, 9, 1),
    )
    row = _row(world.member_a)
    assert row.months[7] == "excused"
    assert row.run == 4 and not row.article_9


def test_the_run_crosses_the_new_year(world, settings):
    settings.TOWNSHIP_TODAY = D(2017, 2, 10)
    assess(world.member_a)
    assess(world.member_a, year=2017)
    pay(world.member_a, 1, 8)
    assert _row(world.member_a, 2017).run == 6  # September to February


def test_months_before_admission_are_not_arrears(world):
    world.member_a.joined_on = D(2016, 10, 1)
    world.member_a.full_member_on = None
    world.member_a.save()
    assess(world.member_a)
    row = _row(world.member_a)
    assert row.months[:9] == [""] * 9 and row.unpaid == 3


def test_a_reversed_payment_is_owed_again(world):
    assess(world.member_a, category=Category.LOW_INCOME)
    p = pay(world.member_a, 1, 12)
    assert _row(world.member_a).unpaid == 0
    reverse_record(record=p, on=TODAY, reason="错记")
    assert _row(world.member_a).unpaid == 12


def test_the_risk_list_joins_unpaid_dues_and_organisational_life(world):
    from branches.models import Attendance, Meeting

    # member_a: attended a meeting last month but paid nothing since June.
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="members", date=D(2016, 11, 20), topic="学习", status="recorded"
    )
    Attendance.objects.create(meeting=meeting, member=world.member_a, present=True)
    # member_b: dues paid, but no organisational life or contact for six months.
    assess(world.member_b)
    pay(world.member_b, 1, 12)
    members = Member.objects.filter(branch__township=world.township)
    risks = {r["member"].pk: r for r in leaving_risk(members)}
    assert risks[world.member_a.pk]["dues_flag"] and not risks[world.member_a.pk]["silent"]
    assert risks[world.member_b.pk]["silent"] and not risks[world.member_b.pk]["dues_flag"]


def test_a_member_with_a_good_reason_and_life_is_not_at_risk(world):
    from branches.models import Attendance, Meeting

    assess(world.member_a)
    pay(world.member_a, 1, 6)
    GoodReason.objects.create(
        member=world.member_a,
        month_from=D(2016, 7, 1),
        month_to=D(2016, 12, 1),
        reason="外出务工，已委托家属补交",
        decided_on=D(2016, 7, 1),
    )
    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="members", date=D(2016, 11, 20), topic="学习", status="recorded"
    )
    Attendance.objects.create(meeting=meeting, member=world.member_a, present=True)
    members = Member.objects.filter(pk=world.member_a.pk)
    assert leaving_risk(members) == []

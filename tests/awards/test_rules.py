"""Eligibility, quotas, stage order and objections, through the services."""

import datetime

import pytest
from django.db import IntegrityError

from awards.models import DisciplineRecord, Nomination, Objection
from awards.services import (
    AwardError,
    assess_nomination,
    nominate,
    record_decision,
    record_objection,
    resolve_objection,
    start_notice,
)
from members.models import Member
from tests.factories import MemberFactory

from .factories import categories, nomination, open_round, round_at_notice

D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _nominate(world, member, category="优秀共产党员", by=None):
    round = open_round(world.township)
    return round, nominate(
        round=round,
        category=categories(world.township)[category],
        member=member,
        deeds="带头致富",
        by=by or world.staff,
    )


def test_it_nominates_an_eligible_member(world):
    round, n = _nominate(world, world.member_a, by=world.secretary_a)
    assert n.stage == Nomination.Stage.NOMINATED and n.nominating_branch == world.branch_a


@pytest.mark.parametrize("standing", [Member.Standing.SUSPENDED, Member.Standing.RESERVED])
def test_a_member_whose_standing_is_not_normal_is_refused(world, standing):
    Member.objects.filter(pk=world.member_a.pk).update(standing=standing)
    world.member_a.refresh_from_db()
    with pytest.raises(AwardError, match="党籍状态"):
        _nominate(world, world.member_a)
    assert not Nomination.objects.exists()


def test_a_member_who_left_is_refused(world):
    Member.objects.filter(pk=world.member_a.pk).update(
        left_on=D(2016, 3, 1), leave_reason="transfer"
    )
    world.member_a.refresh_from_db()
    with pytest.raises(AwardError):
        _nominate(world, world.member_a)


def test_a_member_under_discipline_on_the_day_is_refused(world):
    DisciplineRecord.objects.create(
        member=world.member_a, kind="warning", started_on=D(2016, 6, 1), ended_on=D(2017, 6, 1)
    )
    with pytest.raises(AwardError, match="党纪处分"):
        _nominate(world, world.member_a)


@pytest.mark.parametrize(
    "started, ended, refused",
    [
        (D(2016, 12, 20), None, True),  # begins on the day of the nomination
        (D(2016, 12, 21), None, False),  # begins the day after
        (D(2016, 6, 1), D(2016, 12, 20), True),  # ends on the day: still under it
        (D(2016, 6, 1), D(2016, 12, 19), False),  # ended the day before
    ],
)
def test_discipline_counts_on_its_first_and_last_day(world, started, ended, refused):
    """Issue 16 item 4 at its boundary: under discipline on the day of the nomination."""
    DisciplineRecord.objects.create(
        member=world.member_a, kind="warning", started_on=started, ended_on=ended
    )
    if refused:
        with pytest.raises(AwardError, match="党纪处分"):
            _nominate(world, world.member_a)
        assert not Nomination.objects.exists()
    else:
        assert _nominate(world, world.member_a)[1].pk


def test_a_discipline_that_has_ended_does_not_count(world):
    DisciplineRecord.objects.create(
        member=world.member_a, kind="warning", started_on=D(2014, 6, 1), ended_on=D(2015, 6, 1)
    )
    _nominate(world, world.member_a)


def test_a_probationary_member_cannot_be_an_outstanding_party_member(world):
    probationary = MemberFactory(
        branch=world.branch_a, full_member_on=None, joined_on=D(2016, 7, 1)
    )
    with pytest.raises(AwardError, match="预备党员"):
        _nominate(world, probationary)
    round = open_round(world.township, year=2018)
    nominate(
        round=round,
        category=categories(world.township)["致富带头人"],
        member=probationary,
        deeds="事迹",
        by=world.staff,
    )


def test_one_nomination_per_person_per_category_per_year(world):
    round, _ = _nominate(world, world.member_a)
    with pytest.raises(AwardError, match="已被推荐"):
        nominate(
            round=round,
            category=categories(world.township)["优秀共产党员"],
            member=world.member_a,
            deeds="又一次",
            by=world.staff,
        )
    assert Nomination.objects.count() == 1


def test_the_database_refuses_a_duplicate_too(world):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    nomination(round, c, member=world.member_a)
    with pytest.raises(IntegrityError):
        nomination(round, c, member=world.member_a)


def test_a_secretary_nominates_only_from_their_branch(world):
    with pytest.raises(AwardError, match="本支部"):
        _nominate(world, world.member_b, by=world.secretary_a)


def test_a_member_category_needs_a_member_and_a_branch_category_a_branch(world):
    round = open_round(world.township)
    c = categories(world.township)
    with pytest.raises(AwardError):
        nominate(
            round=round,
            category=c["先进基层党组织"],
            member=world.member_a,
            deeds="x",
            by=world.staff,
        )
    with pytest.raises(AwardError):
        nominate(
            round=round,
            category=c["优秀共产党员"],
            branch=world.branch_a,
            deeds="x",
            by=world.staff,
        )


def test_nominations_are_refused_outside_the_window(world, settings):
    settings.TOWNSHIP_TODAY = D(2017, 6, 1)
    with pytest.raises(AwardError, match="已截止"):
        _nominate(world, world.member_a)


def test_wealth_leaders_need_staff_confirmation_to_pass(world):
    round, n = _nominate(world, world.member_a, category="致富带头人")
    with pytest.raises(AwardError, match="确认"):
        assess_nomination(
            nomination=n, passed=True, notes="好", confirmed=False, on=D(2016, 12, 20)
        )
    n = assess_nomination(nomination=n, passed=True, notes="好", confirmed=True, on=D(2016, 12, 20))
    assert n.stage == Nomination.Stage.ASSESSED and n.confirmed


def test_no_notice_before_every_nomination_is_assessed(world):
    round, n = _nominate(world, world.member_a)
    with pytest.raises(AwardError, match="考察"):
        start_notice(round=round, starts_on=D(2017, 6, 12))
    round.refresh_from_db()
    assert round.notice_starts_on is None


def test_the_notice_moves_assessed_nominations_and_leaves_the_failed(world, settings):
    round, n = _nominate(world, world.member_a)
    _r, other = (
        round,
        nominate(
            round=round,
            category=categories(world.township)["优秀共产党员"],
            member=world.member_b,
            deeds="x",
            by=world.staff,
        ),
    )
    assess_nomination(nomination=n, passed=True, notes="好", confirmed=False, on=D(2016, 12, 20))
    assess_nomination(
        nomination=other, passed=False, notes="不足", confirmed=False, on=D(2016, 12, 20)
    )
    settings.TOWNSHIP_TODAY = D(2017, 6, 12)
    start_notice(round=round, starts_on=D(2017, 6, 12))
    n.refresh_from_db()
    other.refresh_from_db()
    assert n.stage == Nomination.Stage.NOTICE and n.on_notice
    assert other.stage == Nomination.Stage.REJECTED and not other.on_notice


def test_no_decision_before_the_notice_ends(world, settings):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))  # ends Tue 2016-10-11
    chosen = list(round.nominations.all())
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    with pytest.raises(AwardError, match="公示"):
        record_decision(
            round=round, chosen=chosen, decided_on=D(2016, 10, 11), document_number="1号"
        )
    round.refresh_from_db()
    assert round.decided_on is None
    record_decision(round=round, chosen=chosen, decided_on=D(2016, 10, 12), document_number="1号")
    assert set(round.nominations.values_list("stage", flat=True)) == {Nomination.Stage.COMMENDED}


def test_the_quota_is_respected_at_decision_time(world, settings):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    round.quotas.filter(category__name="优秀共产党员").update(number=1)
    with pytest.raises(AwardError, match="名额"):
        record_decision(
            round=round,
            chosen=list(round.nominations.all()),
            decided_on=D(2016, 10, 20),
            document_number="1号",
        )
    assert not round.nominations.filter(stage=Nomination.Stage.COMMENDED).exists()
    one = round.nominations.filter(category__name="优秀共产党员").first()
    record_decision(round=round, chosen=[one], decided_on=D(2016, 10, 20), document_number="1号")
    assert round.nominations.filter(stage=Nomination.Stage.COMMENDED).count() == 1
    assert round.nominations.filter(stage=Nomination.Stage.REJECTED).count() == 2


def test_objections_only_during_the_notice(world):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))  # to 2016-10-11
    n = round.nominations.first()
    with pytest.raises(AwardError, match="公示期间"):
        record_objection(nomination=n, received_on=D(2016, 10, 12), content="意见")
    with pytest.raises(AwardError, match="公示期间"):
        record_objection(nomination=n, received_on=D(2016, 9, 29), content="意见")
    record_objection(nomination=n, received_on=D(2016, 10, 9), content="意见")
    assert Objection.objects.count() == 1


def test_an_unresolved_objection_blocks_the_decision(world):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    n = round.nominations.first()
    objection = record_objection(nomination=n, received_on=D(2016, 10, 10), content="意见")
    chosen = list(round.nominations.all())
    with pytest.raises(AwardError, match="异议"):
        record_decision(
            round=round, chosen=chosen, decided_on=D(2016, 10, 20), document_number="1号"
        )
    resolve_objection(
        objection=objection,
        outcome="dismissed",
        resolution="经核实不属实",
        resolved_on=D(2016, 10, 12),
    )
    record_decision(round=round, chosen=chosen, decided_on=D(2016, 10, 20), document_number="1号")


def test_an_upheld_objection_withdraws_the_nomination(world):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    n = round.nominations.first()
    objection = record_objection(nomination=n, received_on=D(2016, 10, 10), content="意见")
    resolve_objection(
        objection=objection, outcome="upheld", resolution="属实", resolved_on=D(2016, 10, 12)
    )
    n.refresh_from_db()
    assert n.stage == Nomination.Stage.REJECTED
    with pytest.raises(AwardError):
        record_decision(round=round, chosen=[n], decided_on=D(2016, 10, 20), document_number="1号")

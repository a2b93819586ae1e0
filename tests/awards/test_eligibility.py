"""Commendation eligibility (issue 16, item 4): 先进基层党组织 not for a branch graded 较差 or
软弱涣散 that year or the year before; nobody lost contact, rated 不合格 or under discipline;
优秀党务工作者 only for full members in a Party-work post."""

import datetime

import pytest

from awards.models import Nomination
from awards.services import AwardError, nominate
from branches.models import BranchGrade
from members.models import Appraisal, Member
from tests.factories import GradeFactory, MemberFactory, PositionFactory

from .factories import categories, open_round

D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def put_forward(world, *, category, member=None, branch=None, year=2017):
    round = open_round(world.township, year=year)
    return nominate(
        round=round,
        category=categories(world.township)[category],
        member=member,
        branch=branch,
        deeds="事迹突出",
        by=world.staff,
    )


# --- 先进基层党组织 ----------------------------------------------------------------------


@pytest.mark.parametrize("year", [2016, 2017])
def test_a_branch_graded_poor_that_year_or_the_year_before_is_refused(world, year):
    GradeFactory(branch=world.branch_a, year=year, grade=BranchGrade.Grade.POOR)
    with pytest.raises(AwardError, match="较差"):
        put_forward(world, category="先进基层党组织", branch=world.branch_a)
    assert not Nomination.objects.exists()


def test_a_branch_named_weak_and_lax_the_year_before_is_refused(world):
    GradeFactory(
        branch=world.branch_a, year=2016, grade=BranchGrade.Grade.AVERAGE, weak_and_lax=True
    )
    with pytest.raises(AwardError, match="软弱涣散"):
        put_forward(world, category="先进基层党组织", branch=world.branch_a)


def test_a_poor_grade_two_years_before_does_not_count(world):
    GradeFactory(branch=world.branch_a, year=2015, grade=BranchGrade.Grade.POOR, weak_and_lax=True)
    GradeFactory(branch=world.branch_a, year=2016, grade=BranchGrade.Grade.AVERAGE)
    assert put_forward(world, category="先进基层党组织", branch=world.branch_a).pk


# --- Members -------------------------------------------------------------------------


def test_a_member_who_lost_contact_is_refused(world):
    Member.objects.filter(pk=world.member_a.pk).update(
        is_lost_contact=True, lost_contact_since=D(2016, 1, 1)
    )
    world.member_a.refresh_from_db()
    with pytest.raises(AwardError, match="失去联系"):
        put_forward(world, category="优秀共产党员", member=world.member_a)


@pytest.mark.parametrize("year, refused", [(2015, False), (2016, True), (2017, True)])
def test_a_member_rated_unqualified_that_year_or_the_year_before_is_refused(world, year, refused):
    Appraisal.objects.create(
        member=world.member_a, branch=world.branch_a, year=year, result="unqualified"
    )
    if refused:
        with pytest.raises(AwardError, match="不合格"):
            put_forward(world, category="致富带头人", member=world.member_a)
    else:
        put_forward(world, category="致富带头人", member=world.member_a)


# --- 优秀党务工作者 ------------------------------------------------------------------------


def test_a_party_work_award_needs_a_party_work_post(world):
    with pytest.raises(AwardError, match="党务工作岗位"):
        put_forward(world, category="优秀党务工作者", member=world.member_a)


def test_a_branch_committee_member_may_be_a_party_work_nominee(world):
    PositionFactory(member=world.member_a, position="publicity", term_start=D(2014, 3, 20))
    assert put_forward(world, category="优秀党务工作者", member=world.member_a).pk


def test_a_post_left_before_the_nomination_does_not_count(world):
    PositionFactory(member=world.member_a, term_start=D(2011, 3, 20), left_on=D(2016, 3, 1))
    with pytest.raises(AwardError, match="党务工作岗位"):
        put_forward(world, category="优秀党务工作者", member=world.member_a)


def test_a_township_party_work_cadre_may_be_a_party_work_nominee(world):
    cadre = MemberFactory(branch=world.branch_a, job="乡党委组织干事")
    assert put_forward(world, category="优秀党务工作者", member=cadre).pk


def test_a_probationary_secretary_is_not_a_party_work_nominee(world):
    probationary = MemberFactory(
        branch=world.branch_a, full_member_on=None, joined_on=D(2016, 7, 1), job="党建指导员"
    )
    with pytest.raises(AwardError, match="预备党员"):
        put_forward(world, category="优秀党务工作者", member=probationary)


def test_the_party_work_category_is_marked_in_the_defaults(world):
    c = categories(world.township)["优秀党务工作者"]
    assert c.party_work_only and c.full_members_only

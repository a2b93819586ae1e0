"""/county/ counts organisational life in the database (issue 20 item 4): the same missed
periods and branches behind as org_life_compliance() works out branch by branch, including
its rule that a members' meeting or 民主评议 below quorum does not count as held."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Attendance, Branch, Meeting
from branches.selectors import org_life_compliance
from overview.county import county_comparison, org_life_missed_by_township
from township.models import Township

from ..factories import BranchFactory, MemberFactory

pytestmark = pytest.mark.django_db


def expected(year):
    by_township = {}
    for row in org_life_compliance(Branch.objects.active(), year):
        missed = sum(len(k.missed) for k in row.kinds)
        got = by_township.setdefault(row.branch.township_id, [0, 0])
        got[0] += missed
        got[1] += bool(missed)
    return {k: tuple(v) for k, v in by_township.items()}


def attend(meeting, members, present, voting=True):
    for member, here in zip(members, present, strict=True):
        Attendance.objects.create(meeting=meeting, member=member, present=here, voting=voting)


def scatter_meetings(world, seed):
    """Meetings of every kind on random days, recorded or planned, in two townships; the
    voting kinds (members' meeting, 民主评议) with random attendance, so some reach the
    quorum and some do not."""
    rng = random.Random(seed)
    branches = [world.branch_a, world.branch_b, world.branch_x]
    branches += [BranchFactory(township=world.township) for _ in range(2)]
    kinds = [k for k, _ in Meeting.Kind.choices]
    for branch in branches:
        members = [MemberFactory(branch=branch) for _ in range(3)]
        for _ in range(rng.randint(0, 40)):
            day = datetime.date(2016, rng.randint(1, 12), rng.randint(1, 28))
            meeting = Meeting.objects.create(
                branch=branch,
                kind=rng.choice(kinds),
                date=day,
                topic="学习",
                status=rng.choice(["recorded", "recorded", "planned"]),
            )
            if meeting.kind in Meeting.VOTING_KINDS:
                for member in rng.sample(members, rng.randint(0, len(members))):
                    Attendance.objects.create(
                        meeting=meeting,
                        member=member,
                        present=rng.random() < 0.6,
                        voting=rng.random() < 0.8,
                    )
    # A branch that met in every period of every kind, voting kinds with a quorum (nothing
    # missed), and one in 2015 only.
    full = BranchFactory(township=world.township)
    full_members = [MemberFactory(branch=full) for _ in range(3)]
    for month in range(1, 13):
        for kind in kinds:
            meeting = Meeting.objects.create(
                branch=full,
                kind=kind,
                date=datetime.date(2016, month, 5),
                topic="全",
                status="recorded",
            )
            if kind in Meeting.VOTING_KINDS:
                attend(meeting, full_members, [True, True, False])
    # A branch whose members' meetings and 民主评议 were all below quorum: recorded, yet
    # every period of those kinds is missed.
    short = BranchFactory(township=world.other_township)
    short_members = [MemberFactory(branch=short) for _ in range(2)]
    for month in (2, 5, 8, 11):
        for kind in Meeting.VOTING_KINDS:
            meeting = Meeting.objects.create(
                branch=short,
                kind=kind,
                date=datetime.date(2016, month, 5),
                topic="不足",
                status="recorded",
            )
            attend(meeting, short_members, [True, False])
    last_year = BranchFactory(township=world.other_township)
    meeting = Meeting.objects.create(
        branch=last_year,
        kind="members",
        date=datetime.date(2015, 3, 1),
        topic="往年",
        status="recorded",
    )
    attend(meeting, [MemberFactory(branch=last_year)], [True])


@pytest.mark.parametrize("today", [datetime.date(2016, 12, 20), datetime.date(2016, 5, 3)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_count_agrees_with_the_branch_by_branch_rules(world, settings, today, seed):
    settings.TOWNSHIP_TODAY = today
    scatter_meetings(world, seed)
    got = org_life_missed_by_township(Branch.objects.active(), 2016)
    assert got == expected(2016)
    assert any(missed for missed, _ in got.values())


def test_a_past_year_owes_every_period_and_a_future_year_none(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    scatter_meetings(world, 4)
    assert org_life_missed_by_township(Branch.objects.active(), 2015) == expected(2015)
    assert org_life_missed_by_township(Branch.objects.active(), 2017) == {
        t: (0, 0) for t in expected(2017)
    }


def test_the_county_rows_carry_the_counts_in_a_fixed_number_of_queries(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    scatter_meetings(world, 5)
    with CaptureQueriesContext(connection) as ctx:
        rows = county_comparison(Township.objects.order_by("name"), 2016)
    few = len(ctx.captured_queries)
    want = expected(2016)
    for row in rows:
        assert (row.missed_meetings, row.branches_behind) == want[row.township.pk]
    for _ in range(3):
        scatter_meetings(world, 6)
    with CaptureQueriesContext(connection) as ctx:
        county_comparison(Township.objects.order_by("name"), 2016)
    assert len(ctx.captured_queries) == few


def test_a_branch_with_party_groups_is_counted_per_group_as_branch_by_branch(world, settings):
    """Issue 16 item 9: 党小组会 owed by each group, the database count agreeing."""
    from branches.models import PartyGroup

    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    scatter_meetings(world, 7)
    first = PartyGroup.objects.create(branch=world.branch_a, name="第一党小组")
    second = PartyGroup.objects.create(
        branch=world.branch_a, name="第二党小组", founded_on=datetime.date(2016, 6, 1)
    )
    for month in range(1, 12):
        for g in (first, second):
            Meeting.objects.create(
                branch=world.branch_a,
                kind="group",
                party_group=g,
                date=datetime.date(2016, month, 8),
                topic="小组学习",
                status="recorded",
            )
    Meeting.objects.filter(party_group=second, date__month=9).delete()  # one group one short
    got = org_life_missed_by_township(Branch.objects.active(), 2016)
    assert got == expected(2016)
    row = next(r for r in org_life_compliance(Branch.objects.filter(pk=world.branch_a.pk), 2016))
    kind = next(k for k in row.kinds if k.kind == "group")
    assert kind.missed == ["第二党小组9月"]

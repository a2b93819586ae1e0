"""Organisational-life ties counted in the database (issue 20 item 4): the tie's figures and
the county comparison built on them are exactly those of the branch-by-branch rule
(org_life_compliance(), what the branch pages and the township dashboard show), on data with
every kind of meeting, a members' meeting below quorum, a late entry (补录, still held),
Party groups and periods still running; and /county/ costs the same queries for 2 townships
as for 5."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Attendance, Branch, Meeting, PartyGroup
from branches.selectors import org_life_compliance, org_life_tally
from overview.county import county_comparison
from plans.models import Task, TaskStatus, Tie
from plans.ties import TieResult, _pct, apply_ties
from tests.factories import BranchFactory, MemberFactory, TownshipFactory
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory
from township.models import Township

pytestmark = pytest.mark.django_db
D = datetime.date
KINDS = [k for k, _label in Meeting.Kind.choices]


def meeting(branch, kind, day, members=(), present=(), group=None):
    m = Meeting.objects.create(
        branch=branch,
        kind=kind,
        date=day,
        topic="学习",
        status="recorded",
        party_group=group,
        # Entered on the day (on time) unless a test says otherwise.
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18))),
    )
    for member, here in zip(members, present, strict=True):
        Attendance.objects.create(meeting=m, member=member, present=here, voting=True)
    return m


def every_period(branch, months=range(1, 13), skip=()):
    """A quorate meeting of every kind in each month (except the (kind, month) in skip)."""
    members = [MemberFactory(branch=branch) for _ in range(3)]
    for month in months:
        for kind in KINDS:
            if (kind, month) not in skip:
                meeting(branch, kind, D(2016, month, 5), members, [True, True, False])
    return members


def build(township):
    """Branches of one township, each in a different state; one org-life task per branch
    under a measure due in June (overdue when not done) and one due at the year's end."""
    full = BranchFactory(township=township)
    every_period(full)
    # All held, but the third quarter's members' meeting was below quorum: that quarter is
    # missed, as on the branch page.
    short = BranchFactory(township=township)
    members = every_period(short, skip={("members", m) for m in (7, 8, 9)})
    meeting(short, "members", D(2016, 8, 9), members, [True, False, False])
    # All held, March's committee meeting entered months later (补录): late, still held.
    late = BranchFactory(township=township)
    every_period(late, skip={("committee", 3)})
    entered = meeting(late, "committee", D(2016, 3, 20))
    Meeting.objects.filter(pk=entered.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2016, 9, 1, 10))
    )
    # Party groups: the branch's own 党小组会 do not count, its groups' do; one group
    # founded mid-year misses September.
    grouped = BranchFactory(township=township)
    every_period(grouped)
    first = PartyGroup.objects.create(branch=grouped, name="第一党小组")
    second = PartyGroup.objects.create(branch=grouped, name="第二党小组", founded_on=D(2016, 6, 1))
    for month in range(1, 13):
        meeting(grouped, "group", D(2016, month, 8), group=first)
        if month >= 6 and month != 9:
            meeting(grouped, "group", D(2016, month, 8), group=second)
    # Half a year only, and nothing at all.
    half = BranchFactory(township=township)
    every_period(half, months=range(1, 7))
    empty = BranchFactory(township=township)
    plan = PlanFactory(township=township, year=2016)
    june = MeasureFactory(plan=plan, deadline=D(2016, 6, 30))
    year_end = MeasureFactory(plan=plan, deadline=D(2016, 12, 31))
    branches = [full, short, late, grouped, half, empty]
    for branch in branches:
        for measure in (june, year_end):
            TaskFactory(measure=measure, branch=branch, tie=Tie.ORG_LIFE)
    return branches


def old_result(task, rows, on):
    """The tie as plans/ties.py computed it before, from org_life_compliance()'s rows."""
    year = task.measure.plan.year
    row = rows.get(task.branch_id)
    required = sum(k.required for k in row.kinds) if row else 0
    missed = sum(len(k.missed) for k in row.kinds) if row else 0
    pending = sum(k.pending for k in row.kinds) if row else 0
    held = required - missed - pending
    done = bool(required) and not missed and not pending
    return TieResult(
        percent=_pct(held, required),
        done=done,
        done_on=min(D(year, 12, 31), on) if done else None,
        url=reverse("branches:meetings", args=[task.branch_id]) + f"?year={year}",
        summary=_("%(held)s of %(required)s required meetings held, %(missed)s missed")
        % {"held": held, "required": required, "missed": missed},
    )


def branch_rows(year=2016):
    return {r.branch.pk: r for r in org_life_compliance(Branch.objects.order_by("pk"), year)}


@pytest.fixture
def data(world):
    return build(world.township) + build(world.other_township)


# The boundaries too: nothing elapsed yet, the last day of a quarter (still running) and
# the day after it (elapsed), the year's last day.
@pytest.mark.parametrize(
    "on",
    [
        D(2016, 12, 20),
        D(2016, 5, 3),
        D(2017, 2, 1),
        D(2016, 1, 1),
        D(2016, 9, 30),
        D(2016, 10, 1),
        D(2016, 12, 31),
    ],
)
def test_the_tally_is_the_branch_pages_count_branch_by_branch(data, settings, on):
    settings.TOWNSHIP_TODAY = on
    rows = branch_rows()
    tallies = org_life_tally(Branch.objects.all(), 2016)
    assert set(tallies) == set(rows)
    for pk, row in rows.items():
        tally = tallies[pk]
        assert (tally.township_id, tally.required, tally.missed, tally.pending) == (
            row.branch.township_id,
            sum(k.required for k in row.kinds),
            sum(len(k.missed) for k in row.kinds),
            sum(k.pending for k in row.kinds),
        ), row.branch.name


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
@pytest.mark.parametrize("on", [D(2016, 5, 3), D(2016, 9, 30), D(2016, 10, 1), D(2016, 12, 20)])
def test_a_quarters_tally_is_the_branch_pages_count_of_that_quarter(data, settings, on, quarter):
    """The homes count the branches behind in this quarter from the tally (issue 20: the
    county's home listed every branch's compliance to count them)."""
    settings.TOWNSHIP_TODAY = on
    rows = {
        r.branch.pk: r for r in org_life_compliance(Branch.objects.order_by("pk"), 2016, quarter)
    }
    tallies = org_life_tally(Branch.objects.all(), 2016, quarter)
    assert set(tallies) == set(rows)
    for pk, row in rows.items():
        assert (tallies[pk].required, tallies[pk].missed, tallies[pk].pending) == (
            sum(k.required for k in row.kinds),
            sum(len(k.missed) for k in row.kinds),
            sum(k.pending for k in row.kinds),
        ), (row.branch.name, quarter)


@pytest.mark.parametrize("on", [D(2016, 12, 20), D(2016, 5, 3), D(2017, 2, 1)])
def test_the_tie_and_the_county_figures_are_those_of_the_old_path(data, settings, on):
    settings.TOWNSHIP_TODAY = on
    rows = branch_rows()
    tasks = apply_ties(Task.objects.select_related("measure__plan").order_by("pk"), on=on)
    assert len(tasks) == 24
    expected = {}
    for task in tasks:
        old = old_result(task, rows, on)
        assert task.tie_result == old, (task.branch.name, task.measure.deadline)
        # The county's figures from the old results, township by township.
        task._tie_result = old
        counts = expected.setdefault(task.measure.plan.township_id, [0, 0, 0])
        counts[0] += 1
        status = task.status(on)
        counts[1] += status == TaskStatus.DONE
        counts[2] += status == TaskStatus.OVERDUE
    got = {
        r.township.pk: [r.tasks, r.done, r.overdue]
        for r in county_comparison(Township.objects.order_by("name"), 2016)
        if r.tasks
    }
    assert got == expected
    if on == D(2016, 12, 20):
        # The data tells the cases apart: done (full, late entry), behind (below quorum,
        # a group short, half a year, nothing) and overdue for June.
        done = {t.branch_id for t in tasks if t.tie_result.done}
        assert done == {data[0].pk, data[2].pk, data[6].pk, data[8].pk}
        late = next(k for k in rows[data[2].pk].kinds if k.kind == "committee")
        assert late.late == 1
        assert all(n[1] == 4 and n[2] == 4 for n in got.values())


def test_the_county_costs_the_same_queries_for_two_townships_as_for_five(data, settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            county_comparison(Township.objects.order_by("name"), 2016)
        return len(ctx.captured_queries)

    few = queries()
    for name in ("红星乡", "东风乡", "长岭乡"):
        build(TownshipFactory(name=name))
    assert Township.objects.count() == 5
    assert queries() == few


def test_the_tally_costs_the_same_queries_with_or_without_party_groups(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    every_period(world.branch_a)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            org_life_tally(Branch.objects.all(), 2016)
        return len(ctx.captured_queries)

    without = queries()
    group = PartyGroup.objects.create(branch=world.branch_a, name="第一党小组")
    meeting(world.branch_a, "group", D(2016, 3, 8), group=group)
    assert queries() == without

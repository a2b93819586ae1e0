"""党小组 as a record (issue 16, item 9): groups inside a branch with a leader and members;
党小组会 counted per group, monthly."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.groups import group_compliance
from branches.models import Branch, Meeting, PartyGroup, PartyGroupMember
from tests.factories import MemberFactory

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def group(world, name="第一党小组", **kwargs):
    g = PartyGroup.objects.create(branch=world.branch_a, name=name, **kwargs)
    PartyGroupMember.objects.create(group=g, member=MemberFactory(branch=world.branch_a))
    return g


def met(g, day):
    return Meeting.objects.create(
        branch=g.branch,
        kind="group",
        party_group=g,
        date=day,
        topic="学习",
        status=Meeting.Status.RECORDED,
    )


def rows(world, year=2016):
    return {
        r.group.name: r for r in group_compliance(Branch.objects.filter(pk=world.branch_a.pk), year)
    }


def test_each_group_is_counted_on_its_own(world):
    first, second = group(world), group(world, "第二党小组")
    for month in range(1, 13):
        met(first, D(2016, month, 5))
    met(second, D(2016, 1, 5))
    found = rows(world)
    assert found["第一党小组"].missed == [] and found["第一党小组"].held == 12
    assert len(found["第二党小组"].missed) == 10  # February to November
    assert found["第二党小组"].pending == 1  # December is still running


def test_a_group_founded_during_the_year_owes_no_earlier_month(world):
    g = group(world, founded_on=D(2016, 10, 1))
    met(g, D(2016, 10, 8))
    assert rows(world)["第一党小组"].missed == ["11月"]


def test_two_meetings_in_a_month_count_once(world):
    g = group(world)
    met(g, D(2015, 3, 1))
    met(g, D(2015, 3, 20))
    assert rows(world, 2015)["第一党小组"].held == 1


def test_a_member_is_in_one_group_only(world):
    g = group(world)
    member = g.memberships.get().member
    with pytest.raises(IntegrityError):
        PartyGroupMember.objects.create(group=group(world, "第二党小组"), member=member)


def test_the_leader_and_members_belong_to_the_branch(world):
    g = PartyGroup(branch=world.branch_a, name="第三党小组", leader=world.member_b)
    with pytest.raises(ValidationError):
        g.full_clean()
    with pytest.raises(ValidationError):
        PartyGroupMember(group=group(world), member=world.member_b).full_clean()


def test_a_meeting_of_another_branchs_group_is_refused(world):
    g = group(world)
    meeting = Meeting(
        branch=world.branch_b, kind="group", party_group=g, date=D(2016, 3, 1), topic="x"
    )
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_the_branch_page_shows_the_groups(world, as_user):
    g = group(world, leader=world.member_a)
    met(g, D(2016, 1, 5))
    text = as_user(world.secretary_a).get(reverse("branches:detail", args=[world.branch_a.pk]))
    text = text.content.decode()
    table = text[text.index("年党小组及党小组会") :].split("</table>")[0]
    assert "第一党小组" in table and "张三" in table


def test_the_count_costs_the_same_queries_for_one_and_many_groups(world):
    group(world)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            group_compliance(Branch.objects.filter(pk=world.branch_a.pk), 2016)
        return len(ctx.captured_queries)

    one = count()
    for i in range(5):
        met(group(world, f"小组{i}"), D(2016, 2, 1))
    assert count() == one

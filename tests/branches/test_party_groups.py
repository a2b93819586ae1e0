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


# 党小组会 compliance of the branch counted per group (issue 16, item 9).


def group_kind(world, year=2016):
    from branches.selectors import org_life_compliance

    row = org_life_compliance(Branch.objects.filter(pk=world.branch_a.pk), year)[0]
    return next(k for k in row.kinds if k.kind == "group")


def every_month(g, last=11):
    for month in range(1, last + 1):
        met(g, D(2016, month, 5))


def test_the_branch_is_as_required_only_when_every_group_is(world):
    first, second, third = (group(world, n) for n in ("第一党小组", "第二党小组", "第三党小组"))
    every_month(first)
    every_month(second)
    every_month(third, last=10)  # one group one month short
    kind = group_kind(world)
    assert not kind.ok and kind.missed == ["第三党小组11月"]
    assert kind.groups_summary == "2/3 个党小组按要求"
    assert "第三党小组 10/12" in kind.groups_detail
    met(third, D(2016, 11, 30))
    kind = group_kind(world)
    assert kind.ok and kind.groups_summary == "3/3 个党小组按要求"
    assert kind.state == "on_track"  # December is still running


def test_another_groups_meeting_does_not_count_for_a_group(world):
    first, _second = group(world), group(world, "第二党小组")
    every_month(first)
    assert group_kind(world).missed[0] == "第二党小组1月"
    # A branch-level 党小组会 without a group no longer makes up for any group.
    Meeting.objects.create(
        branch=world.branch_a, kind="group", date=D(2016, 1, 9), topic="x", status="recorded"
    )
    assert group_kind(world).missed[0] == "第二党小组1月"


def test_a_branch_without_groups_keeps_the_per_branch_count(world):
    for month in range(1, 12):
        Meeting.objects.create(
            branch=world.branch_a,
            kind="group",
            date=D(2016, month, 5),
            topic="x",
            status="recorded",
        )
    kind = group_kind(world)
    assert kind.groups is None and kind.ok and kind.held == 11 and kind.required == 12


def test_a_dissolved_group_owes_nothing_after_it_was_dissolved(world):
    g = group(world, dissolved_on=D(2016, 6, 10))
    every_month(g, last=5)
    assert group_kind(world).ok


def test_the_branch_page_and_dashboard_show_the_count_per_group(world, as_user):
    first, _second = group(world), group(world, "第二党小组")
    every_month(first)
    page = as_user(world.staff).get(reverse("branches:detail", args=[world.branch_a.pk]))
    assert "1/2 个党小组按要求" in page.content.decode()
    page = as_user(world.leader).get(reverse("dashboard"))
    assert "1/2 个党小组按要求" in page.content.decode()


def _meeting_post(world, **extra):
    from .test_meetings import _post

    data = _post(world.branch_a, present=[world.member_a.pk], kind="group", **extra)
    return as_post(data)


def as_post(data):
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_requires_the_group_when_the_branch_has_groups(world, as_user):
    g = group(world)
    client = as_user(world.secretary_a)
    url = reverse("branches:meeting-new", args=[world.branch_a.pk])
    page = client.get(url).content.decode()
    assert 'name="party_group"' in page and "第一党小组" in page
    response = client.post(url, _meeting_post(world))
    assert response.status_code == 200 and "请注明是哪个党小组" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(url, _meeting_post(world, party_group=g.pk))
    assert response.status_code == 302
    assert Meeting.objects.get().party_group == g


def test_the_group_is_dropped_from_a_meeting_of_another_kind(world, as_user):
    g = group(world)
    url = reverse("branches:meeting-new", args=[world.branch_a.pk])
    data = _meeting_post(world, party_group=g.pk)
    data["kind"] = "committee"
    assert as_user(world.secretary_a).post(url, data).status_code == 302
    assert Meeting.objects.get().party_group is None


def test_a_branch_without_groups_is_not_asked_for_one(world, as_user):
    url = reverse("branches:meeting-new", args=[world.branch_a.pk])
    client = as_user(world.secretary_a)
    assert 'name="party_group"' not in client.get(url).content.decode()
    assert client.post(url, _meeting_post(world)).status_code == 302


def test_the_meetings_export_names_the_group(world, as_user):
    import io

    from openpyxl import load_workbook

    met(group(world), D(2016, 3, 5))
    response = as_user(world.staff).get(
        reverse("branches:meetings-export", args=[world.branch_a.pk]), {"year": 2016}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if "党小组" in r)
    assert values[-1][header.index("党小组")] == "第一党小组"

"""The mobile-member list (issue 20 item 2): the same members and flags as the six-month
rules give one member at a time, found without a lookup per member."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Meeting
from branches.services import save_meeting
from members.models import ContactLog, Member
from members.selectors import attach_activity, members_with_activity, mobility_flags
from tests.factories import MemberFactory

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)  # six months ago: 2016-06-20


@pytest.fixture
def varied(world):
    """One member for each way of being silent or not."""
    branch = world.branch_a
    made = {
        "never": MemberFactory(branch=branch, name="从未参加"),
        "old_contact": MemberFactory(branch=branch, name="旧联系", last_contact_on=d(2016, 6, 19)),
        "recent_contact": MemberFactory(
            branch=branch, name="近联系", last_contact_on=d(2016, 6, 20)
        ),
        "attended": MemberFactory(branch=branch, name="参会"),
        "attended_long_ago": MemberFactory(branch=branch, name="早参会"),
        "absent": MemberFactory(branch=branch, name="缺席"),
        "logged": MemberFactory(branch=branch, name="有记录"),
        "logged_long_ago": MemberFactory(branch=branch, name="早记录"),
        "new": MemberFactory(
            branch=branch, name="新党员", joined_on=d(2016, 7, 1), full_member_on=None
        ),
    }
    save_meeting(
        meeting=Meeting(branch=branch, kind="lecture", date=d(2016, 6, 20), topic="党课"),
        record=True,
        present_ids={made["attended"].pk},
    )
    save_meeting(
        meeting=Meeting(branch=branch, kind="lecture", date=d(2016, 3, 1), topic="党课"),
        record=True,
        present_ids={made["attended_long_ago"].pk, made["attended"].pk},
    )
    save_meeting(
        meeting=Meeting(branch=branch, kind="lecture", date=d(2016, 11, 1), topic="党课"),
        record=True,
        present_ids=set(),
    )
    ContactLog.objects.create(member=made["logged"], date=d(2016, 7, 1), how="phone", what="电话")
    ContactLog.objects.create(
        member=made["logged_long_ago"], date=d(2016, 1, 1), how="phone", what="电话"
    )
    return made


def listed(client, query=""):
    response = client.get(reverse("members:mobile") + query)
    assert response.status_code == 200
    return {m.pk for m in response.context["page"]}


def test_the_silent_filter_lists_exactly_the_members_the_six_month_rule_flags(
    varied, world, as_user
):
    client = as_user(world.staff)
    every = Member.objects.filter(branch__township=world.township)
    flagged = {m.pk for m in members_with_activity(every) if mobility_flags(m)["six_months_silent"]}
    assert {
        varied[k].pk for k in ("never", "old_contact", "attended_long_ago", "absent")
    } <= flagged
    assert not flagged & {varied[k].pk for k in ("recent_contact", "attended", "logged", "new")}
    assert listed(client, "?flag=silent") == flagged


def test_the_page_shows_the_same_dates_as_one_member_at_a_time(varied, world, as_user):
    client = as_user(world.staff)
    response = client.get(reverse("members:mobile") + "?flag=silent")
    for member in response.context["page"]:
        one = members_with_activity(Member.objects.filter(pk=member.pk)).get()
        assert (member.last_attended, member.last_logged) == (one.last_attended, one.last_logged)
        assert member.flags == mobility_flags(one)
    assert "2016-03-01" in response.content.decode() or "2016年3月1日" in response.content.decode()


def test_attach_activity_reads_every_date_in_one_query(varied):
    members = list(Member.objects.filter(pk__in=[m.pk for m in varied.values()]))
    with CaptureQueriesContext(connection) as ctx:
        attach_activity(members)
    assert len(ctx.captured_queries) == 1
    got = {m.name: (m.last_attended, m.last_logged) for m in members}
    assert got["参会"] == (d(2016, 6, 20), None)
    assert got["早记录"] == (None, d(2016, 1, 1))
    assert got["缺席"] == (None, None)
    assert attach_activity([]) == []


def test_no_query_of_the_list_looks_up_one_member_at_a_time(varied, world, as_user):
    """A correlated subquery names the outer member table inside the attendance or contact
    subquery; the list must use uncorrelated (hashed) subqueries and one grouped query."""
    client = as_user(world.leader)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("members:mobile")).status_code == 200
    outer = re.compile(rf'U\d+\."member_id" = \(?"{Member._meta.db_table}"\."id"')
    for query in ctx.captured_queries:
        sql = query["sql"]
        assert not outer.search(sql[sql.find("(SELECT") :]), sql


def test_the_list_costs_the_same_queries_for_few_and_many_members(varied, world, as_user):
    client = as_user(world.staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("members:mobile")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(60):  # more than a page
        MemberFactory(branch=world.branch_b, name=f"沉默{i}")
    assert count() == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_silent_subqueries_stay_hashed_when_attendances_outgrow_work_mem(world, as_user):
    """Issue 20: with many attendances since the limit (a county of 100 townships) the ids
    active since then outgrew work_mem and PostgreSQL scanned them again for every member
    ("NOT (SubPlan 1)"), minutes a page. The ids are distinct, one per member: with the
    smallest memory for hashing (work_mem 64 kB, hash_mem_multiplier 1) and 40 members at 100
    meetings each (4,000 attendances), every subquery of the list is still hashed, never a
    plain per-row SubPlan."""
    from branches.models import Attendance

    members = [MemberFactory(branch=world.branch_a) for _ in range(40)]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            branch=world.branch_a,
            kind="lecture",
            date=d(2016, 7, 1) + datetime.timedelta(days=i),
            topic="党课",
            status=Meeting.Status.RECORDED,
        )
        for i in range(100)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, member=member, present=True, voting=True)
        for m in meetings
        for member in members
    )
    client = as_user(world.staff)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE branches_attendance")
        cursor.execute("ANALYZE branches_meeting")
        cursor.execute("ANALYZE members_member")
        cursor.execute("SET LOCAL work_mem = '64kB'")
        cursor.execute("SET LOCAL hash_mem_multiplier = 1")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("members:mobile")).status_code == 200
    listing = [q["sql"] for q in ctx.captured_queries if "branches_attendance" in q["sql"]]
    assert listing
    with connection.cursor() as cursor:
        for sql in listing:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert not re.search(r"\(SubPlan \d+\)", plan), plan


def test_a_meeting_attended_in_another_township_counts_for_every_reader(world, as_user):
    """The township's list reads only its own members' attendances, but any meeting they
    attended counts, whichever branch held it: the rule gives the same members to the
    township's staff and to the county."""
    from township.models import Role

    from ..factories import UserFactory

    # A member of the other township's branch attended its lecture in September, then
    # moved to branch A: that lecture is their organisational life, for A's readers too.
    away = MemberFactory(branch=world.branch_x, name="外出参会")
    stayed_silent = MemberFactory(branch=world.branch_a, name="一直沉默")
    save_meeting(
        meeting=Meeting(branch=world.branch_x, kind="lecture", date=d(2016, 9, 1), topic="党课"),
        record=True,
        present_ids={away.pk},
    )
    Member.objects.filter(pk=away.pk).update(branch=world.branch_a)
    county = UserFactory(username="xian_mobile")
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county=world.township.county)
    township = f"?flag=silent&township={world.township.pk}"
    for reader in (world.staff, county):
        silent = listed(as_user(reader), township)
        assert stayed_silent.pk in silent and away.pk not in silent


def test_a_townships_list_reads_only_its_members_attendances(world, as_user):
    client = as_user(world.staff)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("members:mobile")).status_code == 200
    # The filter and the count: the attendances since the limit as a subquery (aliased).
    listing = [q["sql"] for q in ctx.captured_queries if 'FROM "branches_attendance" V' in q["sql"]]
    assert len(listing) == 2
    for sql in listing:
        # The attendances' subquery is limited by the members' branches (the reader's).
        inner = sql.split('FROM "branches_attendance" V', 1)[1].split("members_contactlog")[0]
        assert re.search(r'V\d+\."branch_id" IN \(SELECT', inner), sql

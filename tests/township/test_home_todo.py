"""The staff's and leadership's home is a to-do list (issue 19, item 1): each thing waiting is
a count with a link to the list filtered to exactly those rows; nothing to do, one line
saying so. Built on purpose-made data: every count is known in advance."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Objection
from branches.models import Meeting
from plans.models import ResponsibilityLetter
from tests.awards.factories import round_at_notice
from tests.dues.factories import assess, pay
from tests.factories import BranchFactory, MemberFactory
from tests.finance.factories import HandoverFactory, make_finance
from tests.plans.factories import LetterFactory, MeasureFactory, PlanFactory, TaskFactory
from transfers.models import TransferOut

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2016, 12, 20)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def _letter_out(member, number, valid_until):
    return TransferOut.objects.create(
        township=member.branch.township,
        member=member,
        year=2016,
        number=number,
        issued_on=D(2016, 10, 1),
        destination="中共某县某镇委员会",
        reason="外出务工",
        dues_paid_to=D(2016, 9, 1),
        valid_until=valid_until,
    )


def _things_to_do(world, branch, *, number=1):
    """One or more of every kind of thing waiting, in `branch`; also things that are done
    (and must not count) in branch B."""
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan, deadline=D(2016, 6, 30))
    TaskFactory(branch=branch, measure=measure)  # overdue
    TaskFactory(branch=branch, measure=measure)  # overdue
    TaskFactory(branch=branch, measure=measure, is_done=True, done_on=D(2016, 6, 1))
    TaskFactory(
        branch=branch, measure=MeasureFactory(plan=plan, deadline=D(2017, 6, 30))
    )  # not due yet
    MemberFactory(branch=branch, joined_on=D(2015, 11, 1), full_member_on=None)  # due
    MemberFactory(branch=branch, joined_on=D(2016, 3, 1), full_member_on=None)  # not yet
    finance = make_finance(branch)
    HandoverFactory(finance=finance)  # no signature at all
    HandoverFactory(finance=finance)  # the same village: still one village
    LetterFactory(branch=branch, signed_on=None)
    LetterFactory(branch=branch, kind=ResponsibilityLetter.Kind.INTEGRITY, signed_on=None)
    Meeting.objects.create(  # entered on TODAY, two months after: a late entry
        branch=branch, kind="committee", date=D(2016, 10, 5), topic="支委会", status="recorded"
    )
    member = MemberFactory(branch=branch)
    assess(member)  # nothing paid: in arrears
    _letter_out(member, number, D(2016, 12, 1))  # receipt overdue
    _letter_out(MemberFactory(branch=branch), number + 1, D(2017, 1, 31))  # still valid


def _nothing_to_do_in_b(world):
    finance = make_finance(world.branch_b)
    d = D(2016, 7, 8)
    HandoverFactory(
        finance=finance,
        supervisor="纪检",
        from_signed_on=d,
        to_signed_on=d,
        supervisor_signed_on=d,
    )
    LetterFactory(branch=world.branch_b)  # signed
    assess(world.member_b)
    pay(world.member_b, 1, 12)


@pytest.fixture
def busy(world):
    _things_to_do(world, world.branch_a)
    _nothing_to_do_in_b(world)
    round = round_at_notice(world)
    first, second, third = round.nominations.order_by("pk")
    Objection.objects.create(nomination=first, received_on=D(2016, 12, 16), content="有意见")
    Objection.objects.create(nomination=first, received_on=D(2016, 12, 17), content="又有意见")
    Objection.objects.create(
        nomination=second,
        received_on=D(2016, 12, 16),
        content="有意见",
        resolved_on=D(2016, 12, 18),
        outcome=Objection.Outcome.DISMISSED,
    )
    world.round = round
    return world


def _todo(client):
    page = client.get("/")
    assert page.status_code == 200
    todos = page.context["todos"]
    assert len(todos) == 1
    return page.content.decode(), {item.url: item for item in todos[0].items}


def _item(items, fragment):
    found = [item for url, item in items.items() if fragment in url]
    assert len(found) == 1, (fragment, list(items))
    return found[0]


def _rows_on(client, url, count_rows):
    page = client.get(url)
    assert page.status_code == 200, url
    return count_rows(page.context)


ROW_COUNTS = {
    "status=overdue": lambda c: sum(len(m.tasks) for m in c["progress"].measures),
    "status=conversion_due": lambda c: len(c["page"]),
    "handovers=unsigned": lambda c: len(c["page"]),
    "objections=open": lambda c: len(c["page"]),
    "unsigned=1": lambda c: len(c["rows"]),
    "late=open": lambda c: sum(len(row.entries) for row in c["late"]),
    "arrears=1": lambda c: len(c["rows"]),
    "overdue=1": lambda c: len(c["page"]),
}

EXPECTED = {
    "status=overdue": (2, "甲村党支部：2 项任务已逾期"),
    "status=conversion_due": (1, "1 名预备党员预备期已满，待讨论转正"),
    "handovers=unsigned": (1, "2016年：1 个村的财务交接缺少签字"),
    "objections=open": (1, "2017年：1 名推荐对象有公示异议尚未处理"),
    "unsigned=1": (1, "1 个支部的目标责任书尚未签订"),
    # The meeting, and the three handovers (dated July, entered in December).
    "late=open": (4, "4 条补录待核实"),
    "arrears=1": (1, "1 个支部欠缴党费"),
    "overdue=1": (1, "1 份组织关系介绍信回执逾期未退回"),
}


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_each_count_is_right_and_its_link_lists_exactly_those_rows(busy, as_user, role):
    client = as_user(getattr(busy, role))
    page, items = _todo(client)
    assert len(items) == len(EXPECTED)
    for fragment, (count, words) in EXPECTED.items():
        item = _item(items, fragment)
        assert item.count == count, fragment
        assert words in page, words
        assert f'href="{item.url.replace("&", "&amp;")}"' in page
        assert _rows_on(client, item.url, ROW_COUNTS[fragment]) == count, fragment


def test_the_township_offices_own_overdue_tasks_are_listed_apart(busy, as_user):
    plan = PlanFactory(township=busy.township, year=2016)
    TaskFactory(branch=None, measure=MeasureFactory(plan=plan, deadline=D(2016, 9, 30)))
    client = as_user(busy.staff)
    page, items = _todo(client)
    item = _item(items, "branch=0&")
    assert item.count == 1 and "乡机关：1 项任务已逾期" in page
    assert _rows_on(client, item.url, ROW_COUNTS["status=overdue"]) == 1


def test_the_filtered_lists_say_what_they_show_and_how_to_see_all(busy, as_user):
    client = as_user(busy.staff)
    _page, items = _todo(client)
    for item in items.values():
        page = client.get(item.url).content.decode()
        status = re.search(r"status=(\w+)", item.url)
        if status:
            # The plan page and the member list show the status chosen in their own filter.
            assert f'value="{status[1]}" selected' in page
            continue
        assert "仅显示" in page and "显示全部" in page, item.url


def test_nothing_to_do_shows_one_line_and_no_counts(world, as_user):
    for user in (world.staff, world.leader):
        page = as_user(user).get("/")
        assert page.context["todos"][0].items == []
        text = page.content.decode()
        assert "目前没有待办事项" in text
        assert "项任务已逾期" not in text and "条补录待核实" not in text


def test_secretaries_and_county_users_get_no_to_do_list(busy, as_user):
    from tests.factories import UserFactory
    from township.models import Role

    assert as_user(busy.secretary_a).get("/").context["todos"] == []
    county = UserFactory(username="xianwei")
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county=busy.township.county)
    page = as_user(county).get("/")
    assert page.context["todos"] == [] and "待办事项" not in page.content.decode()


def test_another_townships_things_are_not_counted(busy, as_user):
    page = as_user(busy.other_staff).get("/")
    assert page.context["todos"][0].items == []


def test_the_home_costs_the_same_queries_however_much_is_waiting(world, as_user):
    client = as_user(world.staff)
    _things_to_do(world, world.branch_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for i in range(4):
        _things_to_do(world, BranchFactory(township=world.township), number=10 + 2 * i)
    _nothing_to_do_in_b(world)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/")
    items = page.context["todos"][0].items
    assert [i.count for i in items if "status=overdue" in i.url] == [2] * 5
    assert re.search(r"5 个支部欠缴党费", page.content.decode())
    assert len(many) == len(few)

"""The staff's and leadership's home is a to-do list (issue 19, item 1): each thing waiting is
a count with a link to the list filtered to exactly those rows; nothing to do, one line
saying so. Built on purpose-made data: every count is known in advance."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import BranchFactory
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

from .todo_data import TODAY, make_busy, nothing_to_do_in_b, things_to_do

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = TODAY


@pytest.fixture
def busy(world):
    return make_busy(world)


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
    "overdue=1": (1, "1份介绍信超过有效期未返回回执"),
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
    things_to_do(world, world.branch_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for i in range(4):
        things_to_do(world, BranchFactory(township=world.township), number=10 + 2 * i)
    nothing_to_do_in_b(world)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/")
    items = page.context["todos"][0].items
    assert [i.count for i in items if "status=overdue" in i.url] == [2] * 5
    assert re.search(r"5 个支部欠缴党费", page.content.decode())
    assert len(many) == len(few)

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Task

from .factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def plan(world):
    plan = PlanFactory(township=world.township, title="青山乡2016年实施方案")
    measure = MeasureFactory(
        plan=plan, number=1, title="规范抓好党内组织生活", deadline=D(2016, 12, 31)
    )
    TaskFactory(branch=world.branch_a, measure=measure, title="甲村流动党员管理", percent=40)
    TaskFactory(branch=world.branch_b, measure=measure, title="乙村流动党员管理")
    TaskFactory(branch=None, measure=measure, title="乡机关排查应建未建")
    return plan


def test_staff_see_every_task_and_the_progress(world, client, plan):
    client.force_login(world.staff)
    page = client.get("/plans/2016/").content.decode()
    assert "规范抓好党内组织生活" in page
    assert (
        "甲村流动党员管理" in page and "乙村流动党员管理" in page and "乡机关排查应建未建" in page
    )
    assert "13.3%" in page  # (40 + 0 + 0) / 3


def test_a_secretary_sees_only_their_branchs_tasks(world, client, plan):
    client.force_login(world.secretary_a)
    page = client.get("/plans/2016/").content.decode()
    assert "甲村流动党员管理" in page
    assert "乙村流动党员管理" not in page and "乡机关排查应建未建" not in page
    assert "40.0%" in page  # their own progress


def test_filters_by_branch_status_and_measure(world, client, plan):
    client.force_login(world.leader)
    page = client.get(f"/plans/2016/?branch={world.branch_b.pk}").content.decode()
    assert "乙村流动党员管理" in page and "甲村流动党员管理" not in page
    page = client.get("/plans/2016/?status=in_progress").content.decode()
    assert "甲村流动党员管理" in page and "乙村流动党员管理" not in page
    page = client.get("/plans/2016/?branch=0").content.decode()
    assert "乡机关排查应建未建" in page and "甲村流动党员管理" not in page
    other = MeasureFactory(plan=plan, number=2, title="务实履好党建责任")
    page = client.get(f"/plans/2016/?measure={other.pk}").content.decode()
    assert "务实履好党建责任" in page and "甲村流动党员管理" not in page
    assert client.get("/plans/2016/?branch=x&status=bogus&measure=';--").status_code == 200


def test_a_year_without_a_plan_is_404(world, client, plan):
    client.force_login(world.staff)
    assert client.get("/plans/2015/").status_code == 404


def test_the_index_lists_the_plans(world, client, plan):
    client.force_login(world.secretary_a)
    page = client.get("/plans/").content.decode()
    assert "青山乡2016年实施方案" in page


def test_the_task_page_shows_the_history(world, client, plan):
    task = Task.objects.get(title="甲村流动党员管理")
    client.force_login(world.secretary_a)
    client.post(
        f"/plans/tasks/{task.pk}/update/",
        {"version": task.version, "text": "建立台账", "percent": 50, "on": "2016-12-01"},
    )
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "建立台账" in page and "2016年12月1日" in page and "50%" in page


def _bulk_tasks(measure, branch, n):
    Task.objects.bulk_create(
        [
            Task(
                measure=measure,
                branch=branch,
                title=f"任务{i}",
                responsible="书记",
                percent=i % 100,
                due_on=D(2016, 12, 1) + datetime.timedelta(days=i % 60),
            )
            for i in range(n)
        ]
    )


def test_the_plan_page_costs_the_same_queries_for_5_and_500_tasks(world, client):
    plan = PlanFactory(township=world.township)
    measure = MeasureFactory(plan=plan, number=1, deadline=D(2016, 12, 31))
    other = MeasureFactory(plan=plan, number=2, deadline=D(2016, 6, 30))
    _bulk_tasks(measure, world.branch_a, 5)
    few = {}
    for who in (world.staff, world.secretary_a):
        client.force_login(who)
        few[who] = count_queries(client, "/plans/2016/")
    _bulk_tasks(measure, world.branch_a, 250)
    _bulk_tasks(other, world.branch_b, 245)
    assert Task.objects.count() == 500
    for who in (world.staff, world.secretary_a):
        client.force_login(who)
        assert count_queries(client, "/plans/2016/") == few[who]


def test_the_secretarys_home_lists_open_tasks_overdue_first_then_due_soon(world, client):
    plan = PlanFactory(township=world.township)
    measure = MeasureFactory(plan=plan, number=1, deadline=D(2017, 6, 30))
    TaskFactory(branch=world.branch_a, measure=measure, title="以后的任务")
    TaskFactory(
        branch=world.branch_a, measure=measure, title="快到期的任务", due_on=D(2016, 12, 30)
    )
    TaskFactory(branch=world.branch_a, measure=measure, title="逾期的任务", due_on=D(2016, 11, 30))
    TaskFactory(
        branch=world.branch_a,
        measure=measure,
        title="完成的任务",
        is_done=True,
        done_on=D(2016, 5, 1),
    )
    TaskFactory(branch=world.branch_b, measure=measure, title="别的支部的任务")
    client.force_login(world.secretary_a)
    page = client.get("/").content.decode()
    assert "完成的任务" not in page and "别的支部的任务" not in page
    assert page.index("逾期的任务") < page.index("快到期的任务") < page.index("以后的任务")
    assert "已逾期" in page


def test_the_secretarys_home_costs_the_same_queries_for_5_and_500_tasks(world, client):
    plan = PlanFactory(township=world.township)
    measure = MeasureFactory(plan=plan, number=1, deadline=D(2016, 12, 31))
    _bulk_tasks(measure, world.branch_a, 5)
    client.force_login(world.secretary_a)
    few = count_queries(client, "/")
    _bulk_tasks(measure, world.branch_a, 495)
    assert count_queries(client, "/") == few


def test_staff_break_a_measure_into_one_task_per_branch(world, client, plan):
    measure = plan.measures.get()
    url = f"/plans/measures/{measure.pk}/tasks/new/"
    client.force_login(world.staff)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "签订目标责任书",
            "responsible": "支部书记",
            "branches": [world.branch_a.pk, world.branch_b.pk],
            "include_office": "on",
        },
    )
    assert response.status_code == 302
    made = Task.objects.filter(title="签订目标责任书")
    assert sorted(t.branch_id or 0 for t in made) == sorted(
        [world.branch_a.pk, world.branch_b.pk, 0]
    )
    assert all(t.due_date() == D(2016, 12, 31) for t in made)  # inherited


def test_fan_out_rejects_no_target_and_another_townships_branch(world, client, plan):
    measure = plan.measures.get()
    url = f"/plans/measures/{measure.pk}/tasks/new/"
    client.force_login(world.staff)
    before = Task.objects.count()
    page = client.post(url, {"title": "x", "responsible": "y"}).content.decode()
    assert "请至少选择一个党支部或乡机关" in page
    client.post(url, {"title": "x", "responsible": "y", "branches": [world.branch_x.pk]})
    assert Task.objects.count() == before
    client.force_login(world.leader)
    assert (
        client.post(url, {"title": "x", "responsible": "y", "include_office": "on"}).status_code
        == 403
    )
    assert Task.objects.count() == before


def test_the_progress_form_fills_in_today_as_a_phone_date_picker_reads_it(world, client, plan):
    """type=date inputs only accept YYYY-MM-DD: the Chinese 2016/12/20 left them empty."""
    task = Task.objects.get(title="甲村流动党员管理")
    client.force_login(world.secretary_a)
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert 'type="date" name="on" value="2016-12-20"' in page

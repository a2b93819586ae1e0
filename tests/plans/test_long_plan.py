"""The plan page at 500 tasks: ten per measure and collapsed summaries, one measure a page
of fifty at a time; the Excel export of the tasks in the current filter."""

import datetime
import io

import openpyxl
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


def _bulk(measure, branch, n, prefix):
    Task.objects.bulk_create(
        Task(
            measure=measure,
            branch=branch,
            title=f"{prefix}{i:03d}",
            responsible="书记",
            percent=i % 100,
            due_on=D(2016, 12, 1) + datetime.timedelta(days=i % 60),
        )
        for i in range(n)
    )


@pytest.fixture
def big(world):
    plan = PlanFactory(township=world.township)
    first = MeasureFactory(plan=plan, number=1, title="规范组织生活", deadline=D(2016, 12, 31))
    second = MeasureFactory(plan=plan, number=2, title="分类定级", deadline=D(2016, 6, 30))
    _bulk(first, world.branch_a, 300, "甲")
    _bulk(second, world.branch_b, 200, "乙")
    return plan, first, second


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content


def test_the_whole_plan_shows_ten_tasks_per_measure_in_collapsed_summaries(world, client, big):
    plan, first, second = big
    client.force_login(world.staff)
    page = client.get("/plans/2016/").content.decode()
    assert "甲009" in page and "甲010" not in page
    assert "乙009" in page and "乙010" not in page
    assert page.count("<tr>") == 2 * 10 + 2  # ten rows and a header per measure
    assert "查看本措施全部300项任务" in page and "查看本措施全部200项任务" in page
    assert f"measure={first.pk}" in page
    # Many rows: measures start collapsed, their summary still gives the figures.
    assert f'id="measure-{first.pk}" open' not in page
    assert "已逾期" in page


def test_one_measure_pages_fifty_tasks_at_a_time(world, client, big):
    plan, first, second = big
    client.force_login(world.leader)
    page = client.get(f"/plans/2016/?measure={first.pk}").content.decode()
    assert "甲049" in page and "甲050" not in page and "乙000" not in page
    assert "第1页，共6页" in page
    assert f'id="measure-{first.pk}" open' in page
    page = client.get(f"/plans/2016/?measure={first.pk}&page=6").content.decode()
    assert "甲299" in page and "甲249" not in page
    page = client.get(f"/plans/2016/?measure={first.pk}&page=999").content.decode()
    assert "甲299" in page  # past the end: the last page
    page = client.get(f"/plans/2016/?measure={first.pk}&page=x").content.decode()
    assert "甲000" in page


def test_filters_narrow_the_rows_and_few_rows_are_shown_open(world, client, big):
    plan, first, second = big
    TaskFactory(
        measure=first,
        branch=world.branch_a,
        title="独一无二",
        percent=100,
        is_done=True,
        done_on=D(2016, 12, 1),
    )
    client.force_login(world.staff)
    page = client.get("/plans/2016/?status=done").content.decode()
    assert "独一无二" in page and f'id="measure-{first.pk}" open' in page
    assert "查看本措施全部" not in page


def test_a_small_plan_shows_every_task_open(world, client):
    plan = PlanFactory(township=world.township)
    measure = MeasureFactory(plan=plan, number=1, deadline=D(2016, 12, 31))
    _bulk(measure, world.branch_a, 8, "小")
    client.force_login(world.staff)
    page = client.get("/plans/2016/").content.decode()
    assert "小007" in page and f'id="measure-{measure.pk}" open' in page
    assert "查看本措施全部" not in page and "pagination" not in page


def test_the_paged_measure_costs_the_same_queries_for_5_and_500_tasks(world, client):
    plan = PlanFactory(township=world.township)
    first = MeasureFactory(plan=plan, number=1, deadline=D(2016, 12, 31))
    second = MeasureFactory(plan=plan, number=2, deadline=D(2016, 6, 30))
    _bulk(first, world.branch_a, 5, "甲")
    client.force_login(world.staff)
    few, _ = _queries(client, f"/plans/2016/?measure={first.pk}&page=1")
    few_export, _ = _queries(client, "/plans/2016/export/")
    _bulk(first, world.branch_a, 300, "丙")
    _bulk(second, world.branch_b, 195, "乙")
    many, page = _queries(client, f"/plans/2016/?measure={first.pk}&page=2")
    assert many == few and "丙" in page.decode()
    assert _queries(client, "/plans/2016/export/")[0] == few_export


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def small(world):
    plan = PlanFactory(township=world.township, title="青山乡2016年实施方案")
    measure = MeasureFactory(plan=plan, number=1, title="整顿", deadline=D(2016, 6, 30))
    TaskFactory(measure=measure, branch=world.branch_a, title='=HYPERLINK("http://x")', percent=40)
    TaskFactory(
        measure=measure,
        branch=world.branch_b,
        title="乙村整顿",
        is_done=True,
        done_on=D(2016, 6, 1),
        percent=100,
    )
    TaskFactory(measure=measure, branch=None, title="乡机关督导")
    return plan


def test_the_export_has_chinese_headers_every_task_and_escapes_formulas(world, client, small):
    client.force_login(world.staff)
    response = client.get("/plans/2016/export/")
    assert "2016%E5%B9%B4" in response["Content-Disposition"]  # 2016年…xlsx
    rows = _sheet(response)
    assert "青山乡2016年实施方案" in rows[0][0]
    assert rows[1][:7] == ["措施", "任务", "党支部", "责任人", "完成时限", "状态", "完成进度（%）"]
    data = {row[1]: row for row in rows[2:]}
    assert set(data) == {'\'=HYPERLINK("http://x")', "乙村整顿", "乡机关督导"}
    done = data["乙村整顿"]
    assert done[0] == "（一） 整顿" and done[2] == "乙村党支部" and done[5] == "已完成"
    assert done[6] == 100 and done[7].date() == D(2016, 6, 1)
    assert data["乡机关督导"][2] == "乡机关" and data["乡机关督导"][5] == "已逾期"
    assert data["乡机关督导"][4].date() == D(2016, 6, 30)


def test_the_export_follows_the_filter_and_the_users_scope(world, client, small):
    client.force_login(world.staff)
    rows = _sheet(client.get(f"/plans/2016/export/?branch={world.branch_b.pk}"))
    assert [row[1] for row in rows[2:]] == ["乙村整顿"]
    rows = _sheet(client.get("/plans/2016/export/?status=overdue"))
    assert sorted(row[1] for row in rows[2:]) == ['\'=HYPERLINK("http://x")', "乡机关督导"]
    client.force_login(world.secretary_b)
    rows = _sheet(client.get("/plans/2016/export/"))
    assert [row[1] for row in rows[2:]] == ["乙村整顿"]


def test_the_plan_page_links_the_export_with_its_filter(world, client, small):
    client.force_login(world.staff)
    page = client.get("/plans/2016/?status=overdue").content.decode()
    assert "导出Excel" in page and "/plans/2016/export/?status=overdue" in page

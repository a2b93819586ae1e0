"""measure_overview(): the dashboard's measures block, counted like the plan page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Measure, Task
from plans.selectors import measure_overview

from .factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def plan(world):
    plan = PlanFactory(township=world.township)
    june = MeasureFactory(plan=plan, number=1, title="整顿软弱涣散", deadline=D(2016, 6, 30))
    TaskFactory(
        measure=june,
        branch=world.branch_a,
        title="甲村整顿",
        is_done=True,
        done_on=D(2016, 6, 1),
        percent=100,
    )
    TaskFactory(measure=june, branch=world.branch_b, title="乙村整顿", percent=50)
    TaskFactory(measure=june, branch=None, title="乡机关督导", due_on=D(2016, 5, 31))
    end = MeasureFactory(plan=plan, number=2, title="分类定级", deadline=D(2016, 12, 31))
    TaskFactory(measure=end, branch=world.branch_a, title="甲村定级", percent=20)
    TaskFactory(measure=end, branch=world.branch_b, title="乙村定级")
    MeasureFactory(plan=plan, number=3, title="尚未分解", deadline=D(2016, 12, 31))
    # Another township's plan of the same year is none of this overview's business.
    TaskFactory(branch=world.branch_x, title="外乡任务", due_on=D(2016, 1, 1))
    return plan


def test_each_measure_has_its_counts_percent_and_overdue_tasks_named(world, plan):
    overview = measure_overview(world.township, 2016)
    assert overview.plan == plan and overview.year == 2016
    first, second, empty = overview.rows
    assert first.measure.title == "整顿软弱涣散"
    assert (first.total, first.done, first.on_track, first.overdue) == (3, 1, 0, 2)
    assert first.percent_done == Decimal("33.3")
    assert first.progress == Decimal("50.0")  # (100 + 50 + 0) / 3
    # Overdue tasks, earliest due first, with their branch (乡机关 for the office).
    assert [(t.title, t.branch_name, t.due) for t in first.overdue_tasks] == [
        ("乡机关督导", "乡机关", D(2016, 5, 31)),
        ("乙村整顿", "乙村党支部", D(2016, 6, 30)),
    ]
    assert first.overdue_tasks[1].pk == Task.objects.get(title="乙村整顿").pk
    assert (second.total, second.done, second.on_track, second.overdue) == (2, 0, 2, 0)
    assert second.percent_done == Decimal("0.0") and second.overdue_tasks == ()
    assert (empty.total, empty.percent_done, empty.progress) == (0, Decimal("0.0"), Decimal("0.0"))


def test_the_plans_figures_sum_the_measures(world, plan):
    totals = measure_overview(world.township, 2016).totals
    assert totals.measure is None
    assert (totals.total, totals.done, totals.on_track, totals.overdue) == (5, 1, 2, 2)
    assert totals.percent_done == Decimal("20.0")
    assert totals.progress == Decimal("30.0")  # mean of the measures with tasks: (50 + 10) / 2
    assert [t.title for t in totals.overdue_tasks] == ["乡机关督导", "乙村整顿"]
    assert "外乡任务" not in {
        t.title for row in measure_overview(world.township, 2016).rows for t in row.overdue_tasks
    }


def test_the_numbers_agree_with_the_plan_page(world, client, plan):
    client.force_login(world.leader)
    page = client.get("/plans/2016/").content.decode()
    overview = measure_overview(world.township, 2016)
    shown = re.findall(
        r"平均进度 ([\d.]+)% · 已完成 (\d+) 项（完成率 [\d.]+%）· 按期推进 (\d+) · 已逾期 (\d+)",
        page,
    )
    assert shown == [
        (str(r.progress), str(r.done), str(r.on_track), str(r.overdue)) for r in overview.rows
    ]
    assert f"{overview.totals.progress}%" in page


def test_status_follows_today(world, plan, settings):
    settings.TOWNSHIP_TODAY = D(2016, 5, 1)
    rows = measure_overview(world.township, 2016).rows
    assert rows[0].overdue == 0 and rows[0].on_track == 2
    later = measure_overview(world.township, 2016, on=D(2017, 1, 2)).rows
    assert later[1].overdue == 2


def test_a_year_without_a_plan_gives_an_empty_overview(world, plan):
    overview = measure_overview(world.township, 2015)
    assert overview.plan is None and overview.rows == ()
    assert (overview.totals.total, overview.totals.percent_done) == (0, Decimal("0.0"))


def _bulk(measure, branch, n):
    Task.objects.bulk_create(
        Task(
            measure=measure,
            branch=branch,
            title=f"任务{i}",
            responsible="书记",
            percent=i % 100,
            due_on=D(2016, 11, 1) + datetime.timedelta(days=i % 90),
        )
        for i in range(n)
    )


def test_a_fixed_number_of_queries_whatever_the_number_of_tasks(world):
    plan = PlanFactory(township=world.township)
    first = MeasureFactory(plan=plan, number=1, deadline=D(2016, 12, 31))
    second = MeasureFactory(
        plan=plan, number=2, deadline_kind=Measure.DeadlineKind.LONG_TERM, deadline=None
    )
    _bulk(first, world.branch_a, 5)
    with CaptureQueriesContext(connection) as small:
        few = measure_overview(world.township, 2016)
    _bulk(first, world.branch_b, 300)
    _bulk(second, None, 200)
    with CaptureQueriesContext(connection) as large:
        many = measure_overview(world.township, 2016)
        overdue = [t.branch_name for row in many.rows for t in row.overdue_tasks]
    assert len(small.captured_queries) == len(large.captured_queries) == 3
    assert few.totals.total == 5 and many.totals.total == 505
    assert overdue and many.totals.overdue == len(overdue)


# --- One figure, one meaning (issue 19, item 11) ------------------------------------------
# 平均进度 is the mean of the tasks' percent complete (measures weighed alike); 完成率 is the
# share of tasks done. Here 5 tasks, 1 done: 完成率 20.0%, 平均进度 (50 + 10) / 2 = 30.0%.


def test_the_plan_page_labels_mean_progress_and_completion_rate_apart(world, client, plan):
    client.force_login(world.leader)
    page = client.get("/plans/2016/").content.decode()
    assert "平均进度 30.0% · 共 5 项任务，已完成 1 项（完成率 20.0%），逾期 2 项" in page
    assert "平均进度 50.0% · 已完成 1 项（完成率 33.3%）" in page  # the first measure
    assert "已完成 30.0%" not in page  # the old label of the mean progress
    assert 'aria-label="平均进度" aria-valuenow="30.0"' in page


def test_the_dashboard_labels_them_the_same_way(world, client, plan):
    client.force_login(world.leader)
    page = client.get("/dashboard/?year=2016").content.decode()
    assert "共5项任务：已完成1项（完成率20.0%），按期推进2项，逾期2项；平均进度30.0%。" in page
    assert "<th>平均进度</th>" in page and "总体进度" not in page


def test_the_annual_report_labels_them_the_same_way(world, client, plan):
    from tests.pdf_utils import pdf_text

    client.force_login(world.leader)
    text = re.sub(r"\s+", "", pdf_text(client.get("/reports/annual/2016/").content))
    assert "已完成1项（完成率20.0%），按期推进2项，逾期2项，平均进度30.0%。" in text
    assert "已完成1项（完成率33.3%），逾期2项，平均进度50.0%。" in text
    assert "总体进度" not in text

"""Starting next year's plan from this one: what is carried over, what is ticked, what is
left behind; idempotent; staff only; every new row in the history."""

import datetime

import pytest

from plans.models import Measure, Plan, Task
from plans.services import PlanError, start_next_year
from tests.factories import BranchFactory

from .factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date
LONG, YEARLY, DATE = (
    Measure.DeadlineKind.LONG_TERM,
    Measure.DeadlineKind.YEARLY,
    Measure.DeadlineKind.DATE,
)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def plan(world):
    plan = PlanFactory(
        township=world.township,
        title="青山乡2016年基层党组织建设实施方案",
        guiding="以邓小平理论为指导",
        problems="一是组织生活不规范",
    )
    end_of_year = MeasureFactory(plan=plan, number=1, title="分类定级", deadline=D(2016, 12, 31))
    june = MeasureFactory(plan=plan, number=2, title="整顿软弱涣散", deadline=D(2016, 6, 30))
    long_term = MeasureFactory(
        plan=plan, number=3, title="规范组织生活", deadline_kind=LONG, deadline=None, body="一是"
    )
    july_first = MeasureFactory(
        plan=plan, number=4, title="七一表彰", deadline_kind=YEARLY, deadline=D(2016, 7, 1)
    )
    TaskFactory(measure=end_of_year, branch=world.branch_a, title="定级甲村")
    TaskFactory(measure=june, branch=world.branch_b, title="整顿乙村", percent=60)
    TaskFactory(
        measure=long_term,
        branch=world.branch_a,
        title="甲村流动党员台账",
        description="每季度联系一次",
        responsible="甲村书记",
        due_on=D(2016, 10, 1),
        is_done=True,
        done_on=D(2016, 9, 20),
        percent=100,
    )
    TaskFactory(measure=long_term, branch=None, title="乡机关排查", percent=30)
    gone = BranchFactory(township=world.township, name="已撤销党支部", dissolved_on=D(2016, 8, 1))
    TaskFactory(measure=long_term, branch=gone, title="撤销支部的台账")
    TaskFactory(measure=july_first, branch=world.branch_b, title="乙村七一", percent=40)
    return plan


def _next(plan):
    return Plan.objects.get(township=plan.township, year=plan.year + 1)


def test_recurring_measures_carry_over_with_their_tasks_and_a_ticked_dated_one_moves_a_year(
    world, plan
):
    june = plan.measures.get(number=2)
    new = start_next_year(plan=plan, by=world.staff, dated_measure_ids=[june.pk])

    assert new.year == 2017 and new.township == world.township
    assert new.title == "青山乡2017年基层党组织建设实施方案"
    assert new.guiding == "以邓小平理论为指导" and new.problems == "一是组织生活不规范"
    measures = {m.number: m for m in new.measures.all()}
    assert sorted(measures) == [2, 3, 4]  # the unticked dated measure 1 stays behind
    assert (measures[2].deadline_kind, measures[2].deadline) == (DATE, D(2017, 6, 30))
    assert (measures[3].deadline_kind, measures[3].deadline) == (LONG, None)
    assert measures[3].body == "一是"
    assert (measures[4].deadline_kind, measures[4].deadline) == (YEARLY, D(2017, 7, 1))

    tasks = {t.title: t for t in Task.objects.filter(measure__plan=new)}
    # Dated measures' work was for their date: no tasks copied; dissolved branches left out.
    assert sorted(tasks) == ["乙村七一", "乡机关排查", "甲村流动党员台账"]
    ledger = tasks["甲村流动党员台账"]
    assert ledger.branch == world.branch_a and ledger.measure == measures[3]
    assert (ledger.description, ledger.responsible) == ("每季度联系一次", "甲村书记")
    assert (ledger.is_done, ledger.done_on, ledger.percent) == (False, None, 0)
    assert ledger.due_on == D(2017, 10, 1)  # its own date, a year on
    office = tasks["乡机关排查"]
    assert office.branch is None and office.percent == 0
    assert office.due_date() == D(2017, 12, 31)  # the new year's checkpoint
    assert tasks["乙村七一"].due_date() == D(2017, 7, 1)
    assert tasks["乙村七一"].status(D(2017, 1, 5)) == "not_started"

    # The old plan is untouched.
    assert Task.objects.filter(measure__plan=plan).count() == 6
    assert Task.objects.get(title="甲村流动党员台账", measure__plan=plan).is_done


def test_without_ticks_only_recurring_measures_go_on(world, plan):
    new = start_next_year(plan=plan, by=world.staff)
    assert sorted(new.measures.values_list("number", flat=True)) == [3, 4]


def test_every_new_row_has_its_history_written_by_the_staff_member(world, plan):
    new = start_next_year(plan=plan, by=world.staff, dated_measure_ids=[])
    record = new.history.get()
    assert record.history_type == "+" and record.history_user == world.staff
    measure_history = Measure.history.filter(plan_id=new.pk)
    assert measure_history.count() == 2
    assert {h.history_user for h in measure_history} == {world.staff}
    task_ids = set(Task.objects.filter(measure__plan=new).values_list("pk", flat=True))
    task_history = Task.history.filter(id__in=task_ids)
    assert set(task_history.values_list("id", flat=True)) == task_ids
    assert {h.history_user for h in task_history} == {world.staff}
    assert {h.history_change_reason for h in task_history} == {"由2016年度实施方案生成"}


def test_a_second_start_is_refused_politely_and_changes_nothing(world, plan):
    start_next_year(plan=plan, by=world.staff)
    counts = (Plan.objects.count(), Measure.objects.count(), Task.objects.count())
    with pytest.raises(PlanError, match="2017年度实施方案已存在"):
        start_next_year(plan=plan, by=world.staff)
    assert (Plan.objects.count(), Measure.objects.count(), Task.objects.count()) == counts


def test_only_the_townships_staff_may_start_it(world, plan):
    for user in (world.leader, world.secretary_a, world.other_staff):
        with pytest.raises(PlanError):
            start_next_year(plan=plan, by=user)
    assert not Plan.objects.filter(year=2017).exists()


def test_the_confirmation_page_lists_what_goes_on_and_the_dated_measures_to_tick(
    world, client, plan
):
    client.force_login(world.staff)
    page = client.get(f"/plans/next-year/{plan.pk}/").content.decode()
    assert "开始2017年度实施方案" in page
    assert "青山乡2017年基层党组织建设实施方案" in page
    assert "（三） 规范组织生活" in page and "检查节点 2017年12月31日" in page and "2项任务" in page
    assert "（四） 七一表彰" in page and "检查节点 2017年7月1日" in page
    assert 'name="dated_measures"' in page and "2016年6月30日 → 2017年6月30日" in page
    assert not Plan.objects.filter(year=2017).exists()  # a GET changes nothing


def test_staff_post_the_form_and_land_on_the_new_plan(world, client, plan):
    june = plan.measures.get(number=2)
    client.force_login(world.staff)
    response = client.post(
        f"/plans/next-year/{plan.pk}/start/", {"dated_measures": [june.pk]}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/plans/2017/?township={world.township.pk}"
    page = response.content.decode()
    assert "2017年度实施方案已生成：3项措施，3项任务。" in page
    assert "甲村流动党员台账" in page
    assert _next(plan).measures.filter(number=2, deadline=D(2017, 6, 30)).exists()


def test_a_second_post_is_refused_with_a_message_and_the_page_says_it_exists(world, client, plan):
    client.force_login(world.staff)
    client.post(f"/plans/next-year/{plan.pk}/start/", {})
    tasks = Task.objects.count()
    response = client.post(f"/plans/next-year/{plan.pk}/start/", {}, follow=True)
    page = response.content.decode()
    assert "2017年度实施方案已存在，未作任何复制。" in page
    assert 'name="dated_measures"' not in page  # no form to start it again
    assert Task.objects.count() == tasks and Plan.objects.filter(year=2017).count() == 1


def test_ticking_a_measure_that_is_not_a_dated_one_of_this_plan_is_refused(world, client, plan):
    client.force_login(world.staff)
    recurring = plan.measures.get(number=3)
    foreign = MeasureFactory(plan=PlanFactory(township=world.township, year=2015))
    for bad in (recurring.pk, foreign.pk, "x"):
        response = client.post(f"/plans/next-year/{plan.pk}/start/", {"dated_measures": [bad]})
        assert response.status_code == 400
        assert "不在可用的选项中" in response.content.decode()
    assert not Plan.objects.filter(year=2017).exists()


def test_leadership_and_secretaries_get_403_and_other_townships_404(world, client, plan):
    for user, code in (
        (world.leader, 403),
        (world.secretary_a, 403),
        (world.other_staff, 404),
        (world.nobody, 404),
    ):
        client.force_login(user)
        assert client.get(f"/plans/next-year/{plan.pk}/").status_code == code
        assert client.post(f"/plans/next-year/{plan.pk}/start/", {}).status_code == code
    assert not Plan.objects.filter(year=2017).exists()


def test_the_plan_page_offers_the_start_to_staff_until_next_year_exists(world, client, plan):
    link = f"/plans/next-year/{plan.pk}/"
    client.force_login(world.leader)
    assert link not in client.get("/plans/2016/").content.decode()
    client.force_login(world.staff)
    assert link in client.get("/plans/2016/").content.decode()
    start_next_year(plan=plan, by=world.staff)
    assert link not in client.get("/plans/2016/").content.decode()


def test_no_year_past_2100(world):
    last = PlanFactory(township=world.township, year=2100, title="2100年实施方案")
    with pytest.raises(PlanError, match="1949"):
        start_next_year(plan=last, by=world.staff)

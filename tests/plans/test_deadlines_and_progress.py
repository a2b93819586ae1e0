import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.models import Measure, Task, TaskStatus
from plans.selectors import plan_progress, rolled_up

from .factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    return settings.TOWNSHIP_TODAY


def test_a_task_inherits_its_measures_deadline_unless_given_its_own(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 6, 30))
    inherited = TaskFactory(branch=world.branch_a, measure=measure)
    own = TaskFactory(branch=world.branch_b, measure=measure, due_on=D(2016, 5, 15))
    assert inherited.due_date() == D(2016, 6, 30)
    assert own.due_date() == D(2016, 5, 15)
    measure.deadline = D(2016, 12, 31)
    measure.save()
    inherited.refresh_from_db()
    assert inherited.due_date() == D(2016, 12, 31)


def test_overdue_is_derived_from_today_and_never_stored(world, settings):
    task = TaskFactory(branch=world.branch_a, percent=40)  # measure due 2016-06-30
    settings.TOWNSHIP_TODAY = D(2016, 6, 30)
    assert task.status() == TaskStatus.IN_PROGRESS
    settings.TOWNSHIP_TODAY = D(2016, 7, 1)
    assert task.status() == TaskStatus.OVERDUE
    task.is_done, task.done_on = True, D(2016, 7, 5)
    assert task.status() == TaskStatus.DONE  # late, but done


def test_status_not_started_and_in_progress(world, fixed_today):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2017, 3, 1))
    task = TaskFactory(branch=world.branch_a, measure=measure)
    assert task.status() == TaskStatus.NOT_STARTED
    assert task.status_label() == "待开展"
    task.percent = 10
    assert task.status() == TaskStatus.IN_PROGRESS


def test_due_soon_means_within_fourteen_days(world, fixed_today):
    plan = PlanFactory(township=world.township)
    soon = TaskFactory(
        branch=world.branch_a, measure=MeasureFactory(plan=plan, deadline=D(2017, 1, 3))
    )
    later = TaskFactory(
        branch=world.branch_a, measure=MeasureFactory(plan=plan, deadline=D(2017, 1, 4))
    )
    today = TaskFactory(
        branch=world.branch_a, measure=MeasureFactory(plan=plan, deadline=D(2016, 12, 20))
    )
    late = TaskFactory(
        branch=world.branch_a, measure=MeasureFactory(plan=plan, deadline=D(2016, 12, 19))
    )
    assert soon.is_due_soon() and today.is_due_soon()
    assert not later.is_due_soon()
    assert not late.is_due_soon() and late.status() == TaskStatus.OVERDUE


def test_long_term_tasks_are_due_every_31_december(world, settings):
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township),
        deadline_kind=Measure.DeadlineKind.LONG_TERM,
        deadline=None,
    )
    task = TaskFactory(branch=world.branch_a, measure=measure, percent=50)
    assert task.due_date() == D(2016, 12, 31)
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    assert task.is_due_soon()
    settings.TOWNSHIP_TODAY = D(2017, 1, 1)
    assert task.status() == TaskStatus.OVERDUE  # "long term" is not "never due"
    task.is_done, task.done_on = True, D(2017, 1, 10)
    assert task.status() == TaskStatus.DONE
    assert task.due_date() == D(2018, 12, 31)
    settings.TOWNSHIP_TODAY = D(2018, 3, 1)
    assert task.status() == TaskStatus.NOT_STARTED  # the new year's checkpoint is open
    settings.TOWNSHIP_TODAY = D(2019, 1, 1)
    assert task.status() == TaskStatus.OVERDUE


def test_yearly_tasks_recur_on_their_day(world, settings):
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township),
        deadline_kind=Measure.DeadlineKind.YEARLY,
        deadline=D(2016, 7, 1),
    )
    task = TaskFactory(branch=world.branch_a, measure=measure)
    assert task.due_date() == D(2016, 7, 1)
    task.is_done, task.done_on = True, D(2016, 7, 1)
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    assert task.status() == TaskStatus.DONE
    assert task.due_date() == D(2017, 7, 1)
    settings.TOWNSHIP_TODAY = D(2017, 6, 25)
    assert task.status() == TaskStatus.NOT_STARTED and task.is_due_soon()
    settings.TOWNSHIP_TODAY = D(2017, 7, 2)
    assert task.status() == TaskStatus.OVERDUE
    assert measure.checkpoint_in(2018) == D(2018, 7, 1)


def test_measure_deadline_rules():
    with pytest.raises(ValidationError) as error:
        Measure(deadline_kind=Measure.DeadlineKind.LONG_TERM, deadline=D(2016, 1, 1)).clean()
    assert "deadline" in error.value.message_dict
    with pytest.raises(ValidationError):
        Measure(deadline_kind=Measure.DeadlineKind.DATE, deadline=None).clean()
    with pytest.raises(ValidationError):
        Measure(deadline_kind=Measure.DeadlineKind.YEARLY, deadline=None).clean()


def test_a_task_cannot_take_another_townships_branch(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township))
    task = Task(measure=measure, branch=world.branch_x, title="x", responsible="y")
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "branch" in error.value.message_dict


def test_progress_rolls_up_from_tasks_to_measures_to_the_plan(world, fixed_today):
    plan = PlanFactory(township=world.township)
    first = MeasureFactory(plan=plan, number=1)
    second = MeasureFactory(plan=plan, number=2)
    MeasureFactory(plan=plan, number=3)  # no tasks: left out of the plan's mean
    TaskFactory(branch=world.branch_a, measure=first, percent=50)
    TaskFactory(
        branch=world.branch_b, measure=first, is_done=True, done_on=D(2016, 6, 1), percent=60
    )
    TaskFactory(branch=world.branch_a, measure=second, percent=20)
    TaskFactory(branch=None, measure=second, percent=0)
    TaskFactory(branch=world.branch_b, measure=second, percent=1)
    progress = plan_progress(plan, Task.objects.all())
    rows = {row.measure.number: row for row in progress.measures}
    assert str(rows[1].progress) == "75.0"  # (50 + 100) / 2: a finished task counts 100
    assert str(rows[2].progress) == "7.0"  # (20 + 0 + 1) / 3
    assert str(rows[3].progress) == "0.0" and not rows[3].all_tasks
    assert str(progress.progress) == "41.0"  # (75 + 7) / 2
    assert (rows[1].done, rows[1].overdue) == (1, 1)
    assert (rows[2].overdue, rows[2].on_track) == (3, 0)
    assert progress.task_count == 5
    assert str(rolled_up([])) == "0.0"


def test_filters_narrow_the_rows_but_not_the_progress(world, fixed_today):
    plan = PlanFactory(township=world.township)
    measure = MeasureFactory(plan=plan, deadline=D(2017, 3, 1))
    TaskFactory(
        branch=world.branch_a, measure=measure, percent=100, is_done=True, done_on=D(2016, 5, 1)
    )
    TaskFactory(branch=world.branch_b, measure=measure, percent=0)
    office = TaskFactory(branch=None, measure=measure, percent=30)
    progress = plan_progress(plan, Task.objects.all(), branch_id=world.branch_b.pk)
    assert [t.branch for t in progress.measures[0].tasks] == [world.branch_b]
    assert str(progress.measures[0].progress) == "43.3"
    progress = plan_progress(plan, Task.objects.all(), branch_id=0)
    assert progress.measures[0].tasks == [office]
    progress = plan_progress(plan, Task.objects.all(), status=TaskStatus.DONE)
    assert [t.branch for t in progress.measures[0].tasks] == [world.branch_a]

"""The county counts task statuses from plain rows (plans.selectors.TaskRow, issue 20): each
row's status and due date are the model's, for every kind of deadline, done or not, own
date or the measure's, and tied to records or not."""

import datetime

import pytest

from plans.models import Measure, Plan, Task, TaskStatus, Tie
from plans.selectors import TaskRow, task_rows
from plans.ties import apply_ties
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def tasks(world):
    plan = PlanFactory(township=world.township, year=2016)
    by_date = MeasureFactory(plan=plan, deadline=D(2016, 6, 30))
    later = MeasureFactory(plan=plan, deadline=D(2017, 3, 31))
    long_term = MeasureFactory(
        plan=plan, deadline_kind=Measure.DeadlineKind.LONG_TERM, deadline=None
    )
    yearly = MeasureFactory(
        plan=plan, deadline_kind=Measure.DeadlineKind.YEARLY, deadline=D(2016, 7, 1)
    )
    branch = world.branch_a
    made = [
        TaskFactory(measure=by_date, branch=branch),  # overdue
        TaskFactory(measure=later, branch=branch, percent=40),  # in progress
        TaskFactory(measure=later, branch=branch),  # not started
        TaskFactory(measure=by_date, branch=branch, is_done=True, done_on=D(2016, 5, 1)),
        TaskFactory(measure=by_date, branch=branch, due_on=D(2016, 12, 31)),  # own date
        TaskFactory(measure=long_term, branch=branch, is_done=True, done_on=D(2015, 12, 1)),
        TaskFactory(measure=long_term, branch=branch),
        TaskFactory(measure=yearly, branch=branch, is_done=True, done_on=D(2016, 7, 1)),
        TaskFactory(measure=yearly, branch=None),  # the township office's
        TaskFactory(measure=by_date, branch=branch, tie=Tie.LETTERS),  # no letters: open
        TaskFactory(measure=later, branch=branch, tie=Tie.ORG_LIFE),
    ]
    return made


@pytest.mark.parametrize("on", [D(2016, 5, 3), D(2016, 12, 20), D(2017, 2, 1)])
def test_a_rows_status_and_due_date_are_the_models(tasks, settings, on):
    settings.TOWNSHIP_TODAY = on
    models = {t.pk: t for t in apply_ties(Task.objects.select_related("measure__plan"), on=on)}
    plans = {p.pk: p for p in Plan.objects.all()}
    measures = {m.pk: m for m in Measure.objects.all()}
    for measure in measures.values():
        measure.plan = plans[measure.plan_id]
    rows = apply_ties(task_rows(Task.objects.all(), measures), on=on)
    assert sorted(r.pk for r in rows) == sorted(models)
    statuses = set()
    for row in rows:
        model = models[row.pk]
        assert isinstance(row, TaskRow)
        assert (row.status(on), row.due_date(), row.progress) == (
            model.status(on),
            model.due_date(),
            model.progress,
        ), model.title
        statuses.add(row.status(on))
    # The data reaches every status on the busiest day, so the comparison means something.
    if on == D(2016, 12, 20):
        assert statuses == set(TaskStatus.values)


def test_the_county_reads_tasks_without_model_instances(tasks, settings, monkeypatch):
    """county_comparison() builds no Task instance (the point of TaskRow)."""
    from overview.county import county_comparison
    from township.models import Township

    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    built = []
    original = Task.from_db.__func__

    def counting(cls, *args, **kwargs):
        built.append(cls)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Task, "from_db", classmethod(counting))
    row = next(
        r
        for r in county_comparison(
            Township.objects.filter(pk=tasks[0].measure.plan.township_id), 2016
        )
        if r.tasks
    )
    assert row.tasks == len(tasks)
    assert built == []

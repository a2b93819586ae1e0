"""Reads the plan page, the home page, the calendar feed and (later) the dashboard share.

Statuses depend on today, so they are computed in Python over rows loaded in one query:
each page costs the same number of queries whatever the number of tasks."""

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from township.dates import today
from township.figures import percent
from township.permissions import scope_of

from .models import Measure, Plan, Task, TaskStatus, TaskTiming
from .ties import apply_ties


def tasks_for_pages(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with what every list shows: measure, plan, branch, last update date."""
    # Meta.ordering does not apply to a GROUP BY query: the order is said here.
    return (
        tasks.select_related("measure__plan", "branch")
        .annotate(last_update_on=Max("updates__on"), update_count=Count("updates"))
        .order_by(*Task._meta.ordering)
    )


@dataclass(slots=True, eq=False)  # eq=False: hashed by identity, as apply_ties() keys them
class TaskRow(TaskTiming):
    """A task as plain values: what apply_ties() reads and what its status needs, without a
    model instance (the county comparison counts a thousand tasks; task_rows())."""

    pk: int
    measure_id: int
    branch_id: int | None
    due_on: datetime.date | None
    is_done: bool
    done_on: datetime.date | None
    percent: int
    tie: str
    target_reserve: int | None
    target_village_officials: int | None
    target_double_strong: int | None
    measure: Measure | None = None
    _tie_result: object = None


#: The stored fields, in TaskRow's order (its measure and tie result are set, not read).
_ROW_FIELDS = [f.name for f in fields(TaskRow) if f.name not in ("measure", "_tie_result")]


def task_rows(tasks: QuerySet[Task], measures: dict[int, Measure]) -> list[TaskRow]:
    """`tasks` as TaskRows in no particular order, each with its measure from `measures` (read
    once by the caller, with their plans: a few measures are shared by many tasks). One
    query."""
    return [
        TaskRow(*values, measure=measures[values[1]])
        for values in tasks.order_by().values_list(*_ROW_FIELDS)
    ]


def rolled_up(tasks) -> Decimal:
    """Progress of a set of tasks: the mean of their percents, a finished task counting 100."""
    tasks = list(tasks)
    return percent(sum(t.progress for t in tasks), 100 * len(tasks))


@dataclass
class MeasureProgress:
    measure: Measure
    tasks: list = field(default_factory=list)  # the tasks shown (after filters)
    all_tasks: list = field(default_factory=list)  # the tasks counted (visible ones)

    @property
    def progress(self) -> Decimal:
        return rolled_up(self.all_tasks)

    def count(self, status: str) -> int:
        return sum(1 for t in self.all_tasks if t.current_status == status)

    @property
    def done(self) -> int:
        return self.count(TaskStatus.DONE)

    @property
    def overdue(self) -> int:
        return self.count(TaskStatus.OVERDUE)

    @property
    def on_track(self) -> int:
        return len(self.all_tasks) - self.done - self.overdue

    @property
    def percent_done(self) -> Decimal:
        """完成率: the share of tasks done (not the mean progress above)."""
        return percent(self.done, len(self.all_tasks))


@dataclass
class PlanProgress:
    plan: Plan
    measures: list[MeasureProgress]

    @property
    def progress(self) -> Decimal:
        """The plan's progress: the mean of its measures' (measures without tasks left out),
        so a measure with many branch tasks does not outweigh the others."""
        counted = [m.progress for m in self.measures if m.all_tasks]
        if not counted:
            return Decimal("0.0")
        return (sum(counted) / len(counted)).quantize(Decimal("0.1"))

    @property
    def task_count(self) -> int:
        return sum(len(m.all_tasks) for m in self.measures)

    @property
    def overdue(self) -> int:
        return sum(m.overdue for m in self.measures)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.measures)

    @property
    def on_track(self) -> int:
        return sum(m.on_track for m in self.measures)

    @property
    def percent_done(self) -> Decimal:
        """完成率: the share of the plan's tasks done (not the mean progress above)."""
        return percent(self.done, self.task_count)


#: The plan page's filter for the dashboard's 按期推进 column: open and not overdue (not
#: started before the deadline, or in progress), as MeasureProgress.on_track counts.
ON_TRACK_FILTER = "on_track"


def _matches(status: str, current: str) -> bool:
    if status == ON_TRACK_FILTER:
        return current in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
    return current == status


def plan_progress(
    plan: Plan,
    tasks: QuerySet[Task],
    *,
    branch_id: int | None = None,
    status: str = "",
    measure_id: int | None = None,
    on: datetime.date | None = None,
) -> PlanProgress:
    """Each measure of the plan with its tasks and progress. `tasks` are the ones the user
    may see; the filters narrow the rows shown, not the progress counted."""
    on = on or today()
    rows = {m.pk: MeasureProgress(m) for m in plan.measures.order_by("number")}
    # Tied tasks take their progress from their records: computed for the page at once.
    for task in apply_ties(tasks_for_pages(tasks.filter(measure__plan=plan)), on=on):
        task.current_status = task.status(on)
        task.due = task.due_date()
        task.due_soon = task.is_due_soon(on)
        row = rows[task.measure_id]
        row.all_tasks.append(task)
        # branch_id 0 stands for the township office (tasks without a branch).
        if branch_id is not None and task.branch_id != (branch_id or None):
            continue
        if status and not _matches(status, task.current_status):
            continue
        row.tasks.append(task)
    measures = list(rows.values())
    if measure_id:
        for row in measures:
            if row.measure.pk != measure_id:
                row.tasks = []
    return PlanProgress(plan, measures)


def _urgency(task: Task, on: datetime.date):
    status = task.status(on)
    due = task.due_date() or datetime.date.max
    if status == TaskStatus.OVERDUE:
        return (0, due, task.pk)
    if task.is_due_soon(on):
        return (1, due, task.pk)
    return (2, due, task.pk)


def open_tasks_for_secretary(user, *, on: datetime.date | None = None) -> list[Task]:
    """The open tasks of the user's branches: overdue first, then due within 14 days, then
    the others, each group by due date. One query."""
    on = on or today()
    branches = scope_of(user).secretary_branches
    if not branches:
        return []
    tasks = [
        t
        for t in apply_ties(tasks_for_pages(Task.objects.filter(branch_id__in=branches)), on=on)
        if t.status(on) != TaskStatus.DONE
    ]
    for task in tasks:
        task.current_status = task.status(on)
        task.due = task.due_date()
        task.due_soon = task.is_due_soon(on)
    return sorted(tasks, key=lambda t: _urgency(t, on))


def calendar_tasks(user, *, on: datetime.date | None = None) -> list[Task]:
    """The deadlines a user answers for: a secretary's branch tasks; staff, every task of
    their township. Finished tasks are left out."""
    on = on or today()
    scope = scope_of(user)
    if scope.superuser:
        qs = Task.objects.all()
    else:
        qs = Task.objects.filter(
            Q(measure__plan__township_id__in=scope.staff_townships)
            | Q(branch_id__in=scope.secretary_branches)
        )
    tasks = apply_ties(qs.select_related("measure__plan", "branch").order_by("pk"), on=on)
    return [t for t in tasks if t.status(on) != TaskStatus.DONE]


# --- the leadership dashboard ---------------------------------------------------------


@dataclass(frozen=True)
class OverdueTask:
    pk: int
    title: str
    branch_name: str  # 乡机关 for the township office's tasks
    due: datetime.date


@dataclass(frozen=True)
class MeasureFigures:
    """One measure's (or, with measure None, the whole plan's) task counts."""

    measure: Measure | None
    total: int
    done: int
    on_track: int  # open and not overdue (not started or in progress)
    overdue: int
    percent_done: Decimal  # done / total, township.figures.percent
    progress: Decimal  # the plan page's progress bar: mean percent complete
    overdue_tasks: tuple[OverdueTask, ...] = ()


@dataclass(frozen=True)
class MeasureOverview:
    plan: Plan | None  # None: the township has no plan that year (rows empty, figures 0)
    year: int
    rows: tuple[MeasureFigures, ...]
    totals: MeasureFigures


def _figures(measure, counts, tasks, progress) -> MeasureFigures:
    """`counts` is the plan page's MeasureProgress or PlanProgress: the same counting."""
    overdue = [t for t in tasks if t.current_status == TaskStatus.OVERDUE]
    return MeasureFigures(
        measure=measure,
        total=len(tasks),
        done=counts.done,
        on_track=counts.on_track,
        overdue=counts.overdue,
        percent_done=percent(counts.done, len(tasks)),
        progress=progress,
        overdue_tasks=tuple(
            OverdueTask(
                pk=t.pk,
                title=t.title,
                branch_name=t.branch.name if t.branch else _("township office"),
                due=t.due,
            )
            for t in sorted(overdue, key=lambda t: (t.due, t.pk))
        ),
    )


def measure_overview(township, year: int, *, on: datetime.date | None = None) -> MeasureOverview:
    """The dashboard's measures block: per measure of the township's `year` plan, the tasks
    done / on track / overdue with the overdue ones named, and the plan's figures. Every task
    of the township counts (the caller checks the user reads the township). Statuses come
    from plan_progress(), the plan page's own roll-up, so both show the same numbers.
    Three queries whatever the number of tasks (plan, measures, tasks)."""
    on = on or today()
    plan = Plan.objects.filter(township=township, year=year).first()
    if plan is None:
        empty = PlanProgress(None, [])
        return MeasureOverview(None, year, (), _figures(None, empty, [], empty.progress))
    progress = plan_progress(plan, Task.objects.all(), on=on)
    rows = tuple(_figures(m.measure, m, m.all_tasks, m.progress) for m in progress.measures)
    every = [t for m in progress.measures for t in m.all_tasks]
    return MeasureOverview(plan, year, rows, _figures(None, progress, every, progress.progress))

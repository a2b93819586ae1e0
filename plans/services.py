"""Writes on tasks: fan-out to branches, progress, completion, reopening; calendar tokens.

Every write to a task carries the version the user saw. The row is changed by one
UPDATE ... WHERE version = n: when somebody saved in between, nothing is written and
TaskConflict tells the second person to look at the current state."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.models import Branch
from township.dates import LAST_YEAR, add_years, is_year, today, year_range_message
from township.permissions import is_staff_of
from township.uploads import shortened_name

from .models import (
    CalendarToken,
    Measure,
    Plan,
    ResponsibilityLetter,
    Task,
    TaskEvidence,
    TaskUpdate,
    new_calendar_token,
)


class TaskError(Exception):
    """A rule about tasks was broken; the message is for the user."""


class TaskConflict(TaskError):
    """The task changed since the user loaded it."""


class PlanError(Exception):
    """A rule about plans was broken; the message is for the user."""


@transaction.atomic
def fan_out_task(
    *,
    measure: Measure,
    branches,
    title: str,
    responsible: str,
    description: str = "",
    due_on: datetime.date | None = None,
    include_office: bool = False,
    evidence_required: bool = False,
    tie: str = "",
    counts: dict | None = None,
) -> list[Task]:
    """One task per branch (and one for the township office when asked): each branch reports
    and finishes its own part. A tie makes each task follow its branch's records; `targets`
    (target_reserve, target_village_officials, target_double_strong) set a cadre-team
    task's yearly counts."""
    township_id = measure.plan.township_id
    targets = list(branches) + ([None] if include_office else [])
    if not targets:
        raise TaskError(_("Choose at least one branch or the township office."))
    tasks = []
    for branch in targets:
        if branch is not None and branch.township_id != township_id:
            raise TaskError(_("The branch belongs to another township."))
        task = Task(
            measure=measure,
            branch=branch,
            title=title,
            description=description,
            responsible=responsible,
            due_on=due_on,
            evidence_required=evidence_required,
            tie=tie,
            **(counts or {}),
        )
        task.full_clean()
        task.save()
        tasks.append(task)
    return tasks


def _refuse_if_tied(task: Task) -> None:
    """A tied task's progress is computed from its records: nobody types it."""
    if task.is_tied:
        raise TaskError(
            _(
                "This task's progress is computed from its records (%(tie)s): it cannot be "
                "typed or marked done by hand. Update the records instead."
            )
            % {"tie": task.get_tie_display()}
        )


def _write(task: Task, version: int, by, **values) -> Task:
    """The optimistic-locking write: one UPDATE that only succeeds on the version seen."""
    changed = Task.objects.filter(pk=task.pk, version=version).update(
        version=F("version") + 1, **values
    )
    if not changed:
        raise TaskConflict(
            _(
                "Somebody else changed this task in the meantime. Here is its current state; "
                "nothing of yours was saved, please enter it again."
            )
        )
    task.refresh_from_db()
    # UPDATE bypasses the history signals: record the new state explicitly.
    Task.history.bulk_history_create([task], update=True, default_user=by)
    return task


@transaction.atomic
def post_task_update(
    *,
    task: Task,
    by,
    version: int,
    text: str,
    percent: int,
    on: datetime.date | None = None,
    files=(),
) -> TaskUpdate:
    """Record progress (what was done, percent, date, evidence files already validated)."""
    on = on or today()
    _refuse_if_tied(task)
    if task.is_done:
        raise TaskError(_("The task is done. Staff can reopen it."))
    if not 0 <= percent <= 100:
        raise TaskError(_("The percent must be between 0 and 100."))
    if on > today():
        raise TaskError(_("The date cannot be in the future."))
    _write(task, version, by, percent=percent)
    update = TaskUpdate.objects.create(task=task, author=by, on=on, text=text, percent=percent)
    for upload in files:
        TaskEvidence.objects.create(
            update=update,
            file=upload,
            original_name=shortened_name(upload.name, 200),
            size=upload.size,
        )
    return update


@transaction.atomic
def mark_task_done(
    *, task: Task, by, version: int, text: str, on: datetime.date | None = None, files=()
) -> Task:
    """Close a task with a closing note (what was achieved), and evidence files where the
    task asks for them: a task does not reach 已完成 and the annual report by one click."""
    on = on or today()
    _refuse_if_tied(task)
    if task.is_done:
        raise TaskError(_("The task is already done."))
    if on > today():
        raise TaskError(_("The date cannot be in the future."))
    if not text.strip():
        raise TaskError(_("Say what was achieved before marking the task done."))
    if (
        task.evidence_required
        and not files
        and not TaskEvidence.objects.filter(update__task=task).exists()
    ):
        raise TaskError(_("This task needs evidence (a photo, a scan or a document) to be done."))
    _write(task, version, by, is_done=True, done_on=on, percent=100)
    update = TaskUpdate.objects.create(
        task=task,
        author=by,
        on=on,
        kind=TaskUpdate.Kind.DONE,
        text=text.strip(),
        percent=100,
    )
    for upload in files:
        TaskEvidence.objects.create(
            update=update, file=upload, original_name=upload.name[:200], size=upload.size
        )
    return task


@transaction.atomic
def reopen_task(*, task: Task, by, version: int, reason: str, percent: int | None = None) -> Task:
    """Staff reopen a finished task; the reason stays in its history."""
    if not task.is_done:
        raise TaskError(_("Only a finished task can be reopened."))
    if not reason.strip():
        raise TaskError(_("Give the reason for reopening."))
    percent = 90 if percent is None else percent
    _write(task, version, by, is_done=False, done_on=None, percent=percent)
    TaskUpdate.objects.create(
        task=task,
        author=by,
        on=today(),
        kind=TaskUpdate.Kind.REOPENED,
        text=reason.strip(),
        percent=percent,
    )
    return task


@transaction.atomic
def issue_letters(*, year: int, township_ids) -> int:
    """Create the missing letters (all three kinds) of `year` for every active branch of
    the townships; existing letters are left alone. Returns how many were created."""
    if not is_year(year):
        raise TaskError(year_range_message())
    have = set(
        ResponsibilityLetter.objects.filter(
            year=year, branch__township_id__in=township_ids
        ).values_list("branch_id", "kind")
    )
    created = 0
    for branch in Branch.objects.active().filter(township_id__in=township_ids):
        for kind in ResponsibilityLetter.Kind:
            if (branch.pk, kind.value) not in have:
                ResponsibilityLetter.objects.create(branch=branch, year=year, kind=kind)
                created += 1
    return created


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def reset_calendar_token(*, user) -> CalendarToken:
    """A new secret: the old calendar address stops working at once."""
    token = calendar_token_for(user)
    token.token = new_calendar_token()
    token.save(update_fields=["token", "created_at"])
    return token


def next_year_title(plan: Plan) -> str:
    """The title with its year moved on: 青山乡2016年实施方案 -> 青山乡2017年实施方案."""
    return plan.title.replace(str(plan.year), str(plan.year + 1))


@transaction.atomic
def start_next_year(*, plan: Plan, by, dated_measure_ids=()) -> Plan:
    """Next year's plan made from this one, so that a new year starts without copying by hand.

    The title (its year moved on), guiding text and problems are copied. Long-term and
    yearly measures carry over (a yearly one with the new year's checkpoint) together with
    their tasks, re-created for the same branches (dissolved branches left out) and the
    township office, not done, at 0%, a task's own due date moved on by a year. Measures due
    by a date are copied only when their id is in `dated_measure_ids`, their deadline moved
    on by a year and without tasks (their work was for that date). Staff of the plan's
    township only; refused when next year's plan exists. Every new row gets its history
    record, written by `by`."""
    if not is_staff_of(by, plan.township_id):
        raise PlanError(_("Only the township's organisation staff can start a new year."))
    year = plan.year + 1
    if year > LAST_YEAR:
        raise PlanError(year_range_message())
    exists = _("The %(year)s plan already exists; nothing was copied.") % {"year": year}
    if Plan.objects.filter(township_id=plan.township_id, year=year).exists():
        raise PlanError(exists)
    reason = _("Started from the %(year)s plan") % {"year": plan.year}
    new = Plan(
        township_id=plan.township_id,
        year=year,
        title=next_year_title(plan),
        guiding=plan.guiding,
        problems=plan.problems,
    )
    new._history_user = by
    new._change_reason = reason
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:  # somebody started it at the same moment
        raise PlanError(exists) from None

    chosen = {int(pk) for pk in dated_measure_ids}
    measures = list(plan.measures.order_by("number"))
    copies, carried = [], []
    for measure in measures:
        if measure.is_recurring:
            deadline = None
            if measure.deadline_kind == Measure.DeadlineKind.YEARLY:
                deadline = measure.checkpoint_in(year)
            carried.append(measure)
        elif measure.pk in chosen:
            deadline = add_years(measure.deadline, 1) if measure.deadline else None
        else:
            continue
        copies.append(
            Measure(
                plan=new,
                number=measure.number,
                title=measure.title,
                body=measure.body,
                deadline_kind=measure.deadline_kind,
                deadline=deadline,
            )
        )
    bulk_create_with_history(copies, Measure, default_user=by, default_change_reason=reason)
    by_number = {m.number: m for m in new.measures.all()}

    number_of = {m.pk: m.number for m in carried}
    old_tasks = (
        Task.objects.filter(measure__in=carried)
        .filter(Q(branch__isnull=True) | Q(branch__dissolved_on__isnull=True))
        .order_by("pk")
    )
    tasks = [
        Task(
            measure=by_number[number_of[task.measure_id]],
            branch_id=task.branch_id,
            title=task.title,
            description=task.description,
            responsible=task.responsible,
            due_on=add_years(task.due_on, 1) if task.due_on else None,
        )
        for task in old_tasks
    ]
    bulk_create_with_history(tasks, Task, default_user=by, default_change_reason=reason)
    return new

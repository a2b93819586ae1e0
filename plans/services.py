"""Writes on tasks: fan-out to branches, progress, completion, reopening; calendar tokens.

Every write to a task carries the version the user saw. The row is changed by one
UPDATE ... WHERE version = n: when somebody saved in between, nothing is written and
TaskConflict tells the second person to look at the current state."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from township.dates import today

from .models import (
    CalendarToken,
    Measure,
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
) -> list[Task]:
    """One task per branch (and one for the township office when asked): each branch reports
    and finishes its own part."""
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
        )
        task.full_clean()
        task.save()
        tasks.append(task)
    return tasks


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
            update=update, file=upload, original_name=upload.name[:200], size=upload.size
        )
    return update


@transaction.atomic
def mark_task_done(
    *, task: Task, by, version: int, text: str = "", on: datetime.date | None = None
) -> Task:
    on = on or today()
    if task.is_done:
        raise TaskError(_("The task is already done."))
    if on > today():
        raise TaskError(_("The date cannot be in the future."))
    _write(task, version, by, is_done=True, done_on=on, percent=100)
    TaskUpdate.objects.create(
        task=task,
        author=by,
        on=on,
        kind=TaskUpdate.Kind.DONE,
        text=text or _("Marked done."),
        percent=100,
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
    from branches.models import Branch

    if not 1949 <= year <= 2100:
        raise TaskError(_("Enter a year between 1949 and 2100."))
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

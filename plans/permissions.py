"""Who may see and change plans, tasks and letters.

Staff and leadership read every task of their township; a branch secretary reads only their
own branch's tasks (township-office tasks are not theirs). Staff and the branch's secretary
post progress; only staff reopen a task or edit letters. Outside scope 404, read-only 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from branches.models import Branch
from township.models import Township
from township.permissions import is_staff_of, scope_of

from .models import Plan, ResponsibilityLetter, Task, TaskEvidence


def plan_townships_of(user) -> QuerySet[Township]:
    """The townships whose plans the user reads: their own, or their branch's."""
    scope = scope_of(user)
    if scope.superuser:
        return Township.objects.all()
    return Township.objects.filter(
        Q(pk__in=scope.reading_townships)
        | Q(pk__in=Branch.objects.filter(pk__in=scope.secretary_branches).values("township_id"))
    )


def plans_visible_to(user) -> QuerySet[Plan]:
    return Plan.objects.filter(township__in=plan_townships_of(user))


def tasks_visible_to(user) -> QuerySet[Task]:
    scope = scope_of(user)
    if scope.superuser:
        return Task.objects.all()
    return Task.objects.filter(
        Q(measure__plan__township_id__in=scope.reading_townships)
        | Q(branch_id__in=scope.secretary_branches)
    )


def can_update_task(user, task: Task) -> bool:
    """Post progress or mark done: township staff, or the secretary of the task's branch."""
    scope = scope_of(user)
    return is_staff_of(user, task.measure.plan.township_id) or (
        task.branch_id is not None and task.branch_id in scope.secretary_branches
    )


def can_reopen_task(user, task: Task) -> bool:
    return is_staff_of(user, task.measure.plan.township_id)


def can_confirm_late_updates(user, task: Task) -> bool:
    """Late progress reports (补录) are confirmed by the township's staff after checking."""
    return is_staff_of(user, task.measure.plan.township_id)


def get_task_for_user(user, pk: int, *, write: bool = False) -> Task:
    task = get_object_or_404(
        tasks_visible_to(user).select_related("measure__plan__township", "branch"), pk=pk
    )
    if write and not can_update_task(user, task):
        raise PermissionDenied
    return task


def get_evidence_for_user(user, pk: int) -> TaskEvidence:
    return get_object_or_404(
        TaskEvidence.objects.filter(update__task__in=tasks_visible_to(user)), pk=pk
    )


def letters_visible_to(user) -> QuerySet[ResponsibilityLetter]:
    scope = scope_of(user)
    if scope.superuser:
        return ResponsibilityLetter.objects.all()
    return ResponsibilityLetter.objects.filter(
        Q(branch__township_id__in=scope.reading_townships)
        | Q(branch_id__in=scope.secretary_branches)
    )


def can_edit_letter(user, letter: ResponsibilityLetter) -> bool:
    return is_staff_of(user, letter.branch.township_id)


def get_letter_for_user(user, pk: int, *, write: bool = False) -> ResponsibilityLetter:
    letter = get_object_or_404(letters_visible_to(user).select_related("branch__township"), pk=pk)
    if write and not can_edit_letter(user, letter):
        raise PermissionDenied
    return letter

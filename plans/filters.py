"""The filter of a plan's tasks, shared by the plan page and its Excel export
(township/filters.py)."""

from django import forms

from township.filters import FilterForm, IdField

from .models import TaskStatus
from .selectors import ON_TRACK_FILTER, plan_progress


class TaskFilterForm(FilterForm):
    """The branch (0: the township office's own tasks; none: every task), the status and one
    measure. A task's status depends on the day and its ties, so the rows are narrowed in
    `plan_progress`, not in the query: `progress(plan, tasks)` rather than `filter_qs`."""

    branch = IdField()
    # on_track: the dashboard's 按期推进 column (not started or in progress, not overdue).
    status = forms.ChoiceField(
        choices=[*TaskStatus.choices, (ON_TRACK_FILTER, ON_TRACK_FILTER)], initial=""
    )
    measure = IdField()

    def progress(self, plan, tasks):
        return plan_progress(
            plan,
            tasks,
            branch_id=self.cleaned_data["branch"],
            status=self.cleaned_data["status"],
            measure_id=self.cleaned_data["measure"],
        )

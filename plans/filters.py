"""The plans' list filters (township/filters.py): a plan's tasks, shared by the plan page and
its Excel export, and the responsibility letters."""

from django import forms
from django.utils.translation import gettext_lazy as _

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


class LetterFilterForm(FilterForm):
    """The responsibility letters of a year: a township (for a user who reads several) and
    unsigned=1, the home page's to-do link: the branches holding a letter not yet signed."""

    township = IdField(label=_("township"))
    unsigned = forms.BooleanField(required=False)

    def filter_qs(self, branches):
        if self.cleaned_data["township"] is not None:
            branches = branches.filter(township_id=self.cleaned_data["township"])
        return branches

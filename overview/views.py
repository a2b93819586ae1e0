from django.shortcuts import render

from branches.models import Branch
from branches.permissions import branches_visible_to
from branches.selectors import (
    branches_with_figures,
    org_life_compliance,
    org_life_tally,
    rule_warnings,
)
from plans.selectors import open_tasks_for_secretary
from township.dates import today
from township.permissions import is_leadership_or_staff, scope_of, townships_visible_to
from transfers.permissions import letters_out_visible_to
from transfers.selectors import overdue_letters

from .todo import todo_townships, township_todo


def home(request):
    """What this user should look at next, by role."""
    scope = scope_of(request.user)
    my_branches = list(
        branches_with_figures(
            branches_visible_to(request.user).filter(pk__in=scope.secretary_branches)
        )
    )
    for branch in my_branches:
        branch.warnings = rule_warnings(branch)
    # Meetings of this quarter: a secretary's own still to hold or already missed; staff and
    # leadership see how many branches are behind. Two queries for all of them.
    day = today()
    quarter = (day.month - 1) // 3 + 1
    meetings_due = []
    if my_branches:
        for row in org_life_compliance(
            Branch.objects.filter(pk__in=[b.pk for b in my_branches]), day.year, quarter
        ):
            due = [k for k in row.kinds if k.missed or k.pending]
            if due:
                meetings_due.append((row.branch, due))
    behind = receipts_overdue = None
    if is_leadership_or_staff(request.user):
        # Only how many: counted in the database (the county reads a thousand branches).
        tallies = org_life_tally(
            branches_visible_to(request.user).active().filter(pk__in=_reading_branches(scope)),
            day.year,
            quarter,
        )
        behind = sum(1 for tally in tallies.values() if tally.missed)
        receipts_overdue = overdue_letters(letters_out_visible_to(request.user)).count()
    # Staff and leadership: what waits in each township they work in, with links.
    todos = [township_todo(request.user, t) for t in todo_townships(request.user, scope)]
    return render(
        request,
        "township/home.html",
        {
            "today": today(),
            "townships": townships_visible_to(request.user),
            "my_branches": my_branches,
            "my_tasks": open_tasks_for_secretary(request.user),
            "meetings_due": meetings_due,
            "quarter": quarter,
            "branches_behind": behind,
            "receipts_overdue": receipts_overdue,
            "todos": todos,
            "several_todos": len(todos) > 1,
            "has_role": scope.has_role,
        },
    )


def _reading_branches(scope):
    """Branches of the townships the user reads as staff or leadership (not merely as a
    secretary): a subquery, so no extra query."""
    from django.db.models import Q

    if scope.superuser:
        return Branch.objects.values("pk")
    return Branch.objects.filter(Q(township_id__in=scope.reading_townships)).values("pk")

from django.db.models import OuterRef, Subquery
from django.shortcuts import render

from members.permissions import can_see_personal_data
from township.dates import today
from township.decorators import role_required

from .models import BranchGrade
from .permissions import (
    branches_visible_to,
    can_edit_branch_record,
    can_see_rule_checks,
    get_branch_for_user,
)
from .selectors import branches_with_figures, grade_distribution, graded_years, rule_warnings


def _year_param(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is None or not 1949 <= year <= 2100:
        year = years[0] if years else today().year
    return year


@role_required
def branch_list(request):
    visible = branches_visible_to(request.user)
    years = graded_years(visible)
    year = _year_param(request, years)
    grade_of_year = BranchGrade.objects.filter(branch=OuterRef("pk"), year=year)
    branches = list(
        branches_with_figures(visible.active()).annotate(
            year_grade=Subquery(grade_of_year.values("grade")[:1]),
            year_weak=Subquery(grade_of_year.values("weak_and_lax")[:1]),
        )
    )
    grade_labels = dict(BranchGrade.Grade.choices)
    rows = []
    for branch in branches:
        rows.append(
            {
                "branch": branch,
                "grade": grade_labels.get(branch.year_grade, ""),
                "weak": branch.year_weak,
                "warnings": rule_warnings(branch)
                if can_see_rule_checks(request.user, branch)
                else [],
            }
        )
    return render(
        request,
        "branches/list.html",
        {
            "rows": rows,
            "year": year,
            "years": years,
            "distribution": grade_distribution(visible, year),
        },
    )


def branch_detail(request, pk: int):
    branch = get_branch_for_user(request.user, pk)
    branch = branches_with_figures(type(branch).objects.filter(pk=branch.pk)).get()
    members = list(branch.members.current().order_by("joined_on", "id"))
    show_personal = bool(members) and can_see_personal_data(request.user, members[0])
    positions = branch.positions.filter(left_on__isnull=True).select_related("member")
    return render(
        request,
        "branches/detail.html",
        {
            "branch": branch,
            "positions": positions,
            "members": members,
            "show_personal": show_personal,
            "grades": branch.grades.all(),
            "rectifications": branch.rectifications.all(),
            "warnings": rule_warnings(branch) if can_see_rule_checks(request.user, branch) else [],
            "can_edit": can_edit_branch_record(request.user, branch),
        },
    )

"""The leadership dashboard: one screen of the township's progress and risks, by year.

Every section comes from the apps' own selectors, the same the annual report reads, so
the screen and the printed report agree. Each section costs a fixed number of queries.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from awards.selectors import commendations_of_year
from branches.models import Branch, Rectification
from branches.selectors import grade_distribution, org_life_compliance
from dues.selectors import dues_overview
from finance.selectors import finance_overview
from members.models import Applicant, Member
from members.selectors import member_structure, pipeline_by_stage
from plans.models import TaskStatus
from plans.selectors import measure_overview

from .dates import today, year_param
from .decorators import readers_only
from .models import Township
from .permissions import townships_visible_to


def grading_section(branches, year: int) -> dict:
    this_year = grade_distribution(branches, year)
    last_year = grade_distribution(branches, year - 1)
    previous = {row.key: row.count for row in last_year.rows}
    previous["weak"] = last_year.weak.count
    rows = [
        {"row": row, "change": row.count - previous[row.key] if last_year.total else None}
        for row in [*this_year.rows, this_year.weak]
    ]
    rectifications = list(
        Rectification.objects.filter(branch__in=branches, year=year).select_related("branch")
    )
    return {
        "distribution": this_year,
        "rows": rows,
        "has_last_year": bool(last_year.total),
        "rectifications": rectifications,
    }


def org_life_section(branches, year: int) -> dict:
    """Compliance for the year and for its current quarter (Q4 for a past year)."""
    day = today()
    quarter = (day.month - 1) // 3 + 1 if year == day.year else 4
    yearly = org_life_compliance(branches, year)
    quarterly = {row.branch.pk: row for row in org_life_compliance(branches, year, quarter)}
    rows = [
        {
            "branch": row.branch,
            "kinds": row.kinds,
            "missed_year": sum(len(k.missed) for k in row.kinds),
            "missed_quarter": sum(len(k.missed) for k in quarterly[row.branch.pk].kinds),
            "missed_labels": [f"{k.label}（{'、'.join(k.missed)}）" for k in row.kinds if k.missed],
        }
        for row in yearly
    ]
    kinds = [(k.kind, k.label) for k in yearly[0].kinds] if yearly else []
    return {"quarter": quarter, "rows": rows, "kinds": kinds}


def township_dashboard(township: Township, year: int) -> dict:
    branches = Branch.objects.filter(township=township).active()
    members = Member.objects.filter(branch__township=township)
    return {
        "township": township,
        "year": year,
        "measures": measure_overview(township, year),
        "grading": grading_section(branches, year),
        "org_life": org_life_section(branches, year),
        "members": member_structure(members),
        "pipeline": pipeline_by_stage(Applicant.objects.filter(branch__township=township)),
        "commendations": commendations_of_year(township, year),
        "finance": finance_overview(township, year),
        "dues": dues_overview(township, year),
    }


def chart_data(data: dict) -> dict:
    """The figures the charts draw, as plain JSON (the tables beside them show the same)."""
    grading = data["grading"]["distribution"]
    members = data["members"]
    measures = data["measures"]
    return {
        "measures": {
            "categories": [m.measure.numeral for m in measures.rows],
            "series": [
                {"name": str(TaskStatus.DONE.label), "data": [m.done for m in measures.rows]},
                {"name": str(_("on track")), "data": [m.on_track for m in measures.rows]},
                {"name": str(TaskStatus.OVERDUE.label), "data": [m.overdue for m in measures.rows]},
            ],
        },
        "grading": [{"name": str(r.label), "value": r.count} for r in grading.rows],
        "ages": [{"name": str(r["label"]), "value": r["count"]} for r in members["age_bands"]],
        "education": [{"name": str(r["label"]), "value": r["count"]} for r in members["education"]],
        "org_life": [
            {"name": row["branch"].short_name or row["branch"].name, "value": row["missed_year"]}
            for row in data["org_life"]["rows"]
        ],
        "pipeline": [{"name": str(r["label"]), "value": r["count"]} for r in data["pipeline"]],
    }


@readers_only
def dashboard(request):
    townships = townships_visible_to(request.user)
    township_id = request.GET.get("township", "")
    if township_id.isdigit():
        township = get_object_or_404(townships, pk=int(township_id))
    else:
        township = townships.first()
        if township is None:
            raise PermissionDenied
    data = township_dashboard(township, year_param(request.GET.get("year"), today().year))
    return render(
        request,
        "township/dashboard.html",
        {
            **data,
            "charts": chart_data(data),
            "townships": townships,
            "years": range(today().year, 2009, -1),
        },
    )

"""The leadership dashboard: one screen of the township's progress and risks, by year.

Every section comes from the apps' own selectors, the same the annual report reads, so
the screen and the printed report agree. Each section costs a fixed number of queries.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards.models import Round
from awards.selectors import commendations_of_year
from branches.models import Branch, BranchGrade, Meeting, Rectification
from branches.selectors import grade_distribution, org_life_compliance
from dues.models import Assessment
from dues.selectors import dues_overview
from finance.models import VillageFinance
from finance.selectors import finance_overview
from members.models import Applicant, Member
from members.selectors import member_structure, pipeline_by_stage
from plans.models import Plan, TaskStatus
from plans.selectors import measure_overview
from township.dataversion import cached, data_version
from township.dates import today
from township.decorators import readers_only
from township.filters import chosen_township
from township.models import Township
from township.permissions import is_staff_of, townships_visible_to
from township.states import State

from .consistency import contradictions
from .filters import DashboardFilterForm
from .late_entries import late_entries_by_branch, unconfirmed_late_entries


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


def years_with_data(townships) -> list[int]:
    """The years that have a plan, grades or records (recorded meetings, a commendation
    round, a finance rectification, Party dues assessed) in the township (or townships),
    newest first: the year menus offer these. Six queries."""
    return sorted(
        {year for years in years_by_township(townships).values() for year in years},
        reverse=True,
    )


def years_by_township(townships) -> dict[int, list[int]]:
    """{township id: years_with_data() of that township}, for many townships in the same
    six queries (the reports page lists every township a county reads). A township without
    any year is left out."""
    if isinstance(townships, Township):
        townships = [townships.pk]
    found: dict[int, set[int]] = {}
    sources = [
        Plan.objects.filter(township__in=townships).values_list("township_id", "year"),
        BranchGrade.objects.filter(branch__township__in=townships).values_list(
            "branch__township_id", "year"
        ),
        Meeting.objects.filter(branch__township__in=townships, status=Meeting.Status.RECORDED)
        .annotate(y=ExtractYear("date"))
        .values_list("branch__township_id", "y"),
        Round.objects.filter(township__in=townships).values_list("township_id", "year"),
        VillageFinance.objects.filter(branch__township__in=townships).values_list(
            "branch__township_id", "year"
        ),
        Assessment.objects.filter(member__branch__township__in=townships).values_list(
            "member__branch__township_id", "year"
        ),
    ]
    for rows in sources:
        for township_id, year in rows.order_by().distinct():
            found.setdefault(township_id, set()).add(year)
    return {pk: sorted(years, reverse=True) for pk, years in found.items()}


def members_as_of(year: int) -> datetime.date | None:
    """A past year's members are counted as of its 31 December; the current year's now."""
    return datetime.date(year, 12, 31) if year < today().year else None


def members_list_base(year: int) -> str:
    """The member list's address up to the township's key: `…?as_of=2015-12-31&` for a
    past year, `…?` for this one (the county appends each township's)."""
    on = members_as_of(year)
    return (
        reverse("members:list") + "?" + (urlencode({"as_of": on.isoformat()}) + "&" if on else "")
    )


def members_list_url(township: Township, year: int) -> str:
    """The member list filtered to the members the year's figures count: the township's,
    and for a past year those on its 31 December (the list's `as_of`). Each figure adds its
    own filter (member_structure's `query`)."""
    return f"{members_list_base(year)}township={township.pk}"


def township_dashboard(township: Township, year: int) -> dict:
    branches = Branch.objects.filter(township=township).active()
    members = Member.objects.filter(branch__township=township)
    return {
        "members_list": members_list_url(township, year),
        "township": township,
        "year": year,
        "members_on": members_as_of(year),
        "measures": measure_overview(township, year),
        "grading": grading_section(branches, year),
        "org_life": org_life_section(branches, year),
        "late": late_entries_by_branch(branches, year, township),
        "late_days": settings.LATE_ENTRY_DAYS,
        # A past year counts who was a member on its last day (Member.objects.members_on).
        "members": member_structure(members, on=members_as_of(year)),
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
                {"name": str(State.ON_TRACK.label), "data": [m.on_track for m in measures.rows]},
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
    township = chosen_township(request.user, request.GET.get("township")) or townships.first()
    if township is None:
        raise PermissionDenied
    # One read of the data version for the whole request: the year menu, the figures, the
    # contradictions and the figures' HTML are kept under it (a read-only view).
    version = data_version()
    # The year menu, like the figures, is kept under the data version (six queries saved).
    years = cached(("years", township.pk), lambda: years_with_data(township), version=version)
    default = today().year if not years or today().year in years else years[0]
    form = DashboardFilterForm(request.GET, user=request.user, year_by_default=default)
    form.warn(request)
    year = form.cleaned_data["year"]
    if year not in years:
        # 该年度无数据: say so rather than show zeros (or today's members) for that year.
        return render(
            request,
            "township/dashboard_no_data.html",
            {
                "township": township,
                "year": year,
                "townships": townships,
                "years": years,
                "no_data": True,
            },
        )
    # Three quarters of the page's time was computing its figures (profiled, issue 20): they
    # are cached under the data version, which every committed write changes.
    data = cached(
        ("dashboard", township.pk, year),
        lambda: township_dashboard(township, year),
        version=version,
    )
    late_open = form.cleaned_data["late"] == "open"
    if late_open:
        # The home page's to-do: only the late entries awaiting confirmation (the cached
        # figures are left as they are).
        data = {**data, "late": unconfirmed_late_entries(data["late"])}
    # Staff fix records: they see the contradictions between them (leadership read figures).
    staff = is_staff_of(request.user, township.pk)
    late_note = _("late entries awaiting confirmation") if late_open else ""

    def figures_html():
        # Once the figures were cached, the contradictions (some twenty queries) were two
        # thirds of a staff request and the template most of the rest (profiled, issue 20):
        # the section's HTML is kept under the data version too, per township, year, staff
        # or not and the late-entry filter (all it depends on).
        context = {
            **data,
            "charts": chart_data(data),
            "consistency": contradictions(township) if staff else None,
            "late_note": late_note,
        }
        return render_to_string("township/_dashboard_figures.html", context, request)

    figures = cached(
        ("dashboard-html", township.pk, year, staff, late_open), figures_html, version=version
    )
    return render(
        request,
        "township/dashboard.html",
        {
            **data,
            "figures": mark_safe(figures),  # noqa: S308 - our own template's output
            "townships": townships,
            "years": years,
            "late_note": late_note,
        },
    )

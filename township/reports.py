"""The printable reports (PDF, A4): the annual report and the branch profile.

Fed by the same selectors as the dashboard and the branch page, so the printed figures are
the ones on the screen. The command `render_report` writes the same bytes to a file.
"""

import re

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from branches.models import Branch, BranchGrade
from branches.permissions import branches_visible_to, can_manage_branch, get_branch_for_user
from branches.selectors import branches_with_figures, rule_warnings
from plans.models import Task
from plans.selectors import plan_progress

from .dashboard import township_dashboard, years_with_data
from .dates import today
from .decorators import readers_only, role_required
from .models import Township
from .pdf import pdf_response, render_pdf
from .permissions import townships_visible_to


def annual_report_context(township: Township, year: int) -> dict:
    data = township_dashboard(township, year)
    grade_of_year = BranchGrade.objects.filter(branch=OuterRef("pk"), year=year)
    branches = branches_with_figures(Branch.objects.filter(township=township).active()).annotate(
        year_grade=Subquery(grade_of_year.values("grade")[:1]),
        year_weak=Subquery(grade_of_year.values("weak_and_lax")[:1]),
    )
    labels = dict(BranchGrade.Grade.choices)
    data["branch_rows"] = [
        {"branch": b, "grade": labels.get(b.year_grade, "—"), "weak": b.year_weak} for b in branches
    ]
    plan = data["measures"].plan
    # The plan page's own roll-up, so the report lists the tasks with the same statuses.
    data["plan_progress"] = plan_progress(plan, Task.objects.all()) if plan else None
    return data


def branch_profile_context(branch: Branch, *, show_personal: bool) -> dict:
    branch = branches_with_figures(Branch.objects.filter(pk=branch.pk)).get()
    return {
        "branch": branch,
        "township": branch.township,
        "warnings": rule_warnings(branch),
        "positions": branch.positions.filter(left_on__isnull=True).select_related("member"),
        "members": branch.members.current().order_by("joined_on", "id"),
        "grades": branch.grades.all(),
        "rectifications": branch.rectifications.all(),
        "show_personal": show_personal,
        "today": today(),
    }


def annual_report_template(township: Township, year: int) -> tuple[str, dict]:
    """The annual report, or for a year without plan, grades or records a page saying
    该年度无数据 (rather than zeros and today's members)."""
    if year not in years_with_data(township):
        return "township/pdf/annual_report_no_data.html", {"township": township, "year": year}
    return "township/pdf/annual_report.html", annual_report_context(township, year)


def render_annual_report(township: Township, year: int) -> bytes:
    return render_pdf(*annual_report_template(township, year))


def render_branch_profile(branch: Branch, *, show_personal: bool) -> bytes:
    return render_pdf(
        "branches/pdf/profile.html", branch_profile_context(branch, show_personal=show_personal)
    )


def _safe_filename(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text)


@role_required
def report_index(request):
    townships = townships_visible_to(request.user)
    # Only the years with a plan, grades or records (a few townships per user at most).
    report_years = [(t, years_with_data(t)) for t in townships]
    return render(
        request,
        "township/reports.html",
        {
            "townships": townships,
            "report_years": report_years,
            "branches": branches_visible_to(request.user).active().select_related("township"),
            "years": range(today().year, today().year - 6, -1),
            "year": today().year,
        },
    )


@readers_only
def annual_report(request, year: int):
    townships = townships_visible_to(request.user)
    township_id = request.GET.get("township", "")
    if township_id.isdigit():
        township = get_object_or_404(townships, pk=int(township_id))
    else:
        township = townships.first()
    if township is None or not 1949 <= year <= 2100:
        raise Http404
    if year in years_with_data(township):
        template, context = "township/pdf/annual_report.html", (
            lambda: annual_report_context(township, year)
        )
    else:
        # 该年度无数据 rather than zeros and today's members.
        template, context = "township/pdf/annual_report_no_data.html", (
            lambda: {"township": township, "year": year}
        )
    return pdf_response(
        template,
        context,
        filename=_safe_filename(f"{township.name}{year}年度基层党建工作报告.pdf"),
        cache_key=(township.pk, year),
    )


def branch_profile(request, pk: int):
    branch = get_branch_for_user(request.user, pk)
    # Personal data whole only for those who manage the branch's members.
    show = can_manage_branch(request.user, branch)
    return pdf_response(
        "branches/pdf/profile.html",
        lambda: branch_profile_context(branch, show_personal=show),
        filename=_safe_filename(f"{branch.name}基本情况.pdf"),
        cache_key=(branch.pk, show),
    )

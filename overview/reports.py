"""The printable reports (PDF, A4): the annual report and the branch profile.

Fed by the same selectors as the dashboard and the branch page, so the printed figures are
the ones on the screen. The command `render_report` writes the same bytes to a file.
"""

import datetime
import re
from collections import Counter

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from awards.selectors import commendations_of_year
from branches.models import Branch, BranchGrade
from branches.permissions import branches_visible_to, can_manage_branch, get_branch_for_user
from branches.selectors import branches_with_figures, rule_warnings
from documents.models import ReportText
from dues.selectors import dues_overview
from plans.models import Task
from plans.selectors import measure_overview, plan_progress
from township.dataversion import cached
from township.dates import is_year, today
from township.decorators import readers_only, role_required
from township.documents import official_parts
from township.filters import chosen_township
from township.models import Township
from township.pdf import pdf_response, render_pdf
from township.permissions import townships_managed_by, townships_visible_to
from township.word import docx_response

from .dashboard import org_life_section, township_dashboard, years_by_township, years_with_data
from .late_entries import late_entries_by_branch

#: Part 二 (主要工作和成效) after the measures: one partial per area of work, each reading the
#: context annual_report_context() builds. Other areas (dues, late entries, tied tasks) add
#: their partial here and their figures in ANNUAL_REPORT_FIGURES.
ANNUAL_REPORT_WORK_SECTIONS = [
    "township/pdf/annual/_org_life.html",
    "township/pdf/annual/_members.html",
    "township/pdf/annual/_finance.html",
    "township/pdf/annual/_commendations.html",
]


def _dues_figures(township: Township, year: int, data: dict) -> dict:
    """Party dues as the dashboard shows them, as of the report's 数据截至 (the dashboard's
    own figures when that is today: the current year)."""
    if _as_of(year) == today():
        return {"dues": data["dues"]}
    return {"dues": dues_overview(township, year, on=_as_of(year))}


def _late_figures(township: Township, year: int, data: dict) -> dict:
    """The year's late entries (补录) per branch, as the dashboard lists them (its figures
    already hold them: the same selector over the same branches)."""
    if "late" in data:
        return {"late": data["late"], "late_days": settings.LATE_ENTRY_DAYS}
    branches = Branch.objects.filter(township=township).active()
    return {
        "late": late_entries_by_branch(branches, year, township),
        "late_days": settings.LATE_ENTRY_DAYS,
    }


ANNUAL_REPORT_WORK_SECTIONS += [
    "township/pdf/annual/_dues.html",
    "township/pdf/annual/_late_entries.html",
]
#: Extra figures for the partials: callables (township, year, the figures so far) → dict
#: merged into the context.
ANNUAL_REPORT_FIGURES: list = [_dues_figures, _late_figures]


def _kind_counts(branches) -> list[dict]:
    """Branches by kind as the seed counts them: village, community, enterprise or
    institution (one group), government organ."""
    counts = Counter(b.kind for b in branches)
    K = Branch.Kind
    groups = [
        (_("village branches"), [K.VILLAGE]),
        (_("community branches"), [K.COMMUNITY]),
        (_("enterprise or institution branches"), [K.ENTERPRISE, K.INSTITUTION]),
        (_("government organ branches"), [K.ORGAN]),
    ]
    return [
        {"label": label, "count": sum(counts[k] for k in kinds)}
        for label, kinds in groups
        if sum(counts[k] for k in kinds)
    ]


def _held(org_life: dict) -> int:
    return sum(k.held for row in org_life["rows"] for k in row["kinds"])


def _as_of(year: int) -> datetime.date:
    """The report's 数据截至: the domain's today, or the year's last day for a past year."""
    day = today()
    return min(day, datetime.date(year, 12, 31))


def annual_report_context(township: Township, year: int) -> dict:
    # The dashboard's figures, from its cache when the dashboard was seen at this data
    # version (they were half of the report's figures' time: profiled, issue 20). A copy:
    # the report adds its own keys.
    data = dict(
        cached(("dashboard", township.pk, year), lambda: township_dashboard(township, year))
    )
    grade_of_year = BranchGrade.objects.filter(branch=OuterRef("pk"), year=year)
    branches = list(
        branches_with_figures(Branch.objects.filter(township=township).active()).annotate(
            year_grade=Subquery(grade_of_year.values("grade")[:1]),
            year_weak=Subquery(grade_of_year.values("weak_and_lax")[:1]),
        )
    )
    labels = dict(BranchGrade.Grade.choices)
    data["branch_rows"] = [
        {"branch": b, "grade": labels.get(b.year_grade, "—"), "weak": b.year_weak} for b in branches
    ]
    data["kind_counts"] = _kind_counts(branches)
    plan = data["measures"].plan
    # The plan page's own roll-up, so the report lists the tasks with the same statuses.
    data["plan_progress"] = plan_progress(plan, Task.objects.all()) if plan else None
    # The trend on last year: the same selectors for year - 1.
    last = measure_overview(township, year - 1)
    last_by_number = {row.measure.number: row for row in last.rows}
    data["measure_rows"] = [
        {"figures": row, "last": last_by_number.get(row.measure.number)}
        for row in data["measures"].rows
    ]
    active = Branch.objects.filter(township=township).active()
    last_org_life = org_life_section(active, year - 1)
    data["org_life_held"] = _held(data["org_life"])
    data["org_life_held_last"] = _held(last_org_life)
    data["org_life_short"] = [row for row in data["org_life"]["rows"] if row["missed_year"]]
    data["commendations_last"] = commendations_of_year(township, year - 1)
    text = ReportText.objects.filter(township=township, year=year).first()
    data["text"] = text
    data["paragraphs"] = {
        part: ReportText.paragraphs(getattr(text, part, "") or "")
        for part in ("situation", "achievements", "problems", "next_steps")
    }
    # Numbered （六）（七）… after the measures' （一）…（五）.
    data["work_sections"] = [
        {"template": name, "number": len(data["measure_rows"]) + i}
        for i, name in enumerate(ANNUAL_REPORT_WORK_SECTIONS, start=1)
    ]
    data["as_of"] = _as_of(year)
    data["signed_on"] = (text.signed_on if text else None) or data["as_of"]
    data["official"] = official_parts(township)
    for figures in ANNUAL_REPORT_FIGURES:
        data.update(figures(township, year, data))
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
        "as_of": today(),
        "year": today().year,
        # The same compliance the branch page and the annual report show, for this year.
        "org_life": org_life_section(Branch.objects.filter(pk=branch.pk), today().year),
    }


def annual_report_template(township: Township, year: int) -> tuple[str, dict]:
    """The annual report, or for a year without plan, grades or records a page saying
    该年度无数据 (rather than zeros and today's members)."""
    years = cached(("years", township.pk), lambda: years_with_data(township))  # as /dashboard/
    if year not in years:
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
    # Only the years with a plan, grades or records: the same queries for one township as
    # for a county's hundred.
    years = years_by_township(townships)
    report_years = [(t, years.get(t.pk, [])) for t in townships]
    return render(
        request,
        "township/reports.html",
        {
            "townships": townships,
            "report_years": report_years,
            "branches": branches_visible_to(request.user).active().select_related("township"),
            "years": range(today().year, today().year - 6, -1),
            "staff_townships": set(townships_managed_by(request.user).values_list("pk", flat=True)),
            "year": today().year,
        },
    )


def _report_township(request, year: int) -> Township:
    township = (
        chosen_township(request.user, request.GET.get("township"))
        or townships_visible_to(request.user).first()
    )
    if township is None or not is_year(year):
        raise Http404
    return township


def _annual(township: Township, year: int):
    """The annual report's template and a function building its context; for a year
    without plan, grades or records a page saying 该年度无数据 (rather than zeros and
    today's members)."""
    if year in years_with_data(township):
        return "township/pdf/annual_report.html", lambda: annual_report_context(township, year)
    return "township/pdf/annual_report_no_data.html", lambda: {"township": township, "year": year}


@readers_only
def annual_report(request, year: int):
    township = _report_township(request, year)
    template, context = _annual(township, year)
    return pdf_response(
        template,
        context,
        filename=_safe_filename(f"{township.name}{year}年度基层党建工作报告.pdf"),
        cache_key=(township.pk, year),
    )


@readers_only
def annual_report_docx(request, year: int):
    """The annual report as an editable Word copy, from the same template as the PDF."""
    township = _report_township(request, year)
    template, context = _annual(township, year)
    return docx_response(
        template,
        context(),
        filename=_safe_filename(f"{township.name}{year}年度基层党建工作报告.docx"),
    )


def _profile(request, pk: int) -> tuple[Branch, dict]:
    branch = get_branch_for_user(request.user, pk)
    # Personal data whole only for those who manage the branch's members.
    show = can_manage_branch(request.user, branch)
    return branch, branch_profile_context(branch, show_personal=show)


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


def branch_profile_docx(request, pk: int):
    branch, context = _profile(request, pk)
    return docx_response(
        "branches/pdf/profile.html",
        context,
        filename=_safe_filename(f"{branch.name}基本情况.docx"),
    )

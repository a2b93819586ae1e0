"""Branches and yearly grades in and out of Excel."""

from django.urls import reverse_lazy

from township.dates import today
from township.decorators import readers_only
from township.excel import Column, export_view, write_xlsx, xlsx_response
from township.excel_views import ImportKind, import_confirm, import_template, import_upload

from .filters import ComplianceFilterForm, GradeFilterForm, MeetingFilterForm
from .models import BranchGrade, Meeting
from .permissions import branches_visible_to, get_branch_for_user
from .selectors import quorum_of
from .sheets import (
    BRANCH_NOTES,
    BRANCH_SPEC,
    GRADE_NOTES,
    GRADE_SPEC,
    branch_columns,
    grade_columns,
    import_branches,
    import_grades,
)

BRANCH_IMPORT = ImportKind(
    key="branches",
    title="党支部导入",
    service=import_branches,
    spec=BRANCH_SPEC,
    notes=BRANCH_NOTES,
    template_filename="党支部导入模板.xlsx",
    url_name="branches:import",
    done_url=reverse_lazy("branches:list"),
)
GRADE_IMPORT = ImportKind(
    key="grades",
    title="分类定级导入",
    service=import_grades,
    spec=GRADE_SPEC,
    notes=GRADE_NOTES,
    template_filename="分类定级导入模板.xlsx",
    url_name="branches:grades-import",
    done_url=reverse_lazy("branches:list"),
)


def branch_import(request):
    return import_upload(request, BRANCH_IMPORT)


def branch_import_confirm(request):
    return import_confirm(request, BRANCH_IMPORT)


def branch_import_template(request):
    return import_template(request, BRANCH_IMPORT)


def grade_import(request):
    return import_upload(request, GRADE_IMPORT)


def grade_import_confirm(request):
    return import_confirm(request, GRADE_IMPORT)


def grade_import_template(request):
    return import_template(request, GRADE_IMPORT)


def _branches(request):
    """What the branch list shows: the active branches this user reads."""
    return branches_visible_to(request.user).active().select_related("township")


def _grades(request):
    """The grades of the year chosen on the branch list (every year when none is given)."""
    grades = BranchGrade.objects.filter(branch__in=branches_visible_to(request.user))
    grades = GradeFilterForm(request.GET, user=request.user).filter_qs(grades)
    return grades.select_related("branch").order_by("-year", "branch__position", "branch_id")


branch_export = export_view(
    filename="党支部.xlsx", title="党支部", columns=branch_columns(), rows=_branches
)
grade_export = export_view(
    filename="分类定级.xlsx", title="分类定级", columns=grade_columns(), rows=_grades
)


# --- Organisational life ---------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


_LABELS: dict = {}


def _label(choices, value) -> str:
    """A choice's label in the current language, translated once per language: a county's
    export has tens of thousands of rows (get_*_display translated each cell anew)."""
    from django.utils.translation import get_language

    key = (get_language(), choices, value)
    if key not in _LABELS:
        _LABELS[key] = str(dict(choices.choices).get(value, value))
    return _LABELS[key]


#: Meetings as the meetings page lists them. Host and recorder are member names only.
MEETING_COLUMNS = [
    Column("党支部", lambda m: m.branch.name, width=22),
    Column("日期", lambda m: m.date, width=12),
    Column("会议类型", lambda m: _label(Meeting.Kind, m.kind), width=16),
    Column("主题", lambda m: m.topic, width=40),
    Column("主持人", lambda m: m.host.name if m.host_id else "", width=10),
    Column("记录人", lambda m: m.recorder.name if m.recorder_id else "", width=10),
    Column("状态", lambda m: _label(Meeting.Status, m.status), width=8),
    Column("实到人数", lambda m: m.present_count if m.is_recorded else None, width=10),
    Column("缺席人数", lambda m: m.absent_count if m.is_recorded else None, width=10),
    Column("有表决权党员", lambda m: m.voting_total if m.is_recorded else None, width=12),
    Column("到会有表决权党员", lambda m: m.voting_present if m.is_recorded else None, width=16),
    Column("达到法定人数", lambda m: _yes_no(quorum_of(m)), width=12),
]


def meeting_export(request, pk: int):
    """The meetings page's current filter (year, kind) of one branch the user reads."""
    branch = get_branch_for_user(request.user, pk)
    form = MeetingFilterForm(request.GET, user=request.user)
    meetings = form.filter_qs(branch.meetings.all())
    year = form.cleaned_data["year"]
    content = write_xlsx(title="组织生活", columns=MEETING_COLUMNS, rows=meetings)
    return xlsx_response(f"{branch.name}组织生活{year}.xlsx", content)


@readers_only
def compliance_meeting_export(request):
    """The compliance page's year (and quarter): every meeting of the branches it lists."""
    form = ComplianceFilterForm(request.GET, user=request.user)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    period = f"{year}年第{quarter}季度" if quarter else f"{year}年"
    meetings = form.filter_qs(
        Meeting.objects.filter(branch__in=branches_visible_to(request.user).active())
    ).order_by("branch__township_id", "branch__position", "branch_id", "date", "id")
    content = write_xlsx(title="组织生活", columns=MEETING_COLUMNS, rows=meetings)
    return xlsx_response(f"组织生活{period}{today():%Y%m%d}.xlsx", content)

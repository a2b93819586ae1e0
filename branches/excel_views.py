"""Branches and yearly grades in and out of Excel."""

from collections.abc import Iterator

from django.urls import reverse_lazy

from township.dates import today
from township.decorators import readers_only
from township.excel import Column, choice_labels, export_view, write_xlsx, xlsx_response
from township.excel_views import ImportKind, import_confirm, import_template, import_upload

from .filters import ComplianceFilterForm, GradeFilterForm, MeetingFilterForm
from .models import BranchGrade, Meeting
from .permissions import branches_visible_to, get_branch_for_user
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


#: The fields a meeting row is read with: plain values, no model instances (a county's
#: export builds 10,000 rows; model objects with three related ones were 15% of it).
MEETING_FIELDS = (
    "branch__name",
    "date",
    "kind",
    "topic",
    "place",
    "party_group__name",
    "host__name",
    "recorder__name",
    "status",
    "present_count",
    "absent_count",
    "voting_total",
    "voting_present",
)


def meeting_rows(meetings) -> Iterator[dict]:
    """The meetings (annotated by meetings_with_attendance) as the export's rows: one query,
    read in chunks, labels translated once. Host and recorder are member names only."""
    kinds, statuses = choice_labels(Meeting.Kind), choice_labels(Meeting.Status)
    recorded = Meeting.Status.RECORDED
    for row in meetings.values(*MEETING_FIELDS).iterator(chunk_size=2000):
        is_recorded = row["status"] == recorded
        needs_quorum = row["kind"] in Meeting.VOTING_KINDS
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["recorded"] = is_recorded
        row["quorum"] = (
            Meeting.quorate(row["voting_total"], row["voting_present"])
            if needs_quorum and is_recorded
            else None
        )
        yield row


def _if_recorded(key: str):
    return lambda m: m[key] if m["recorded"] else None


#: Meetings as the meetings page lists them, over meeting_rows().
MEETING_COLUMNS = [
    Column("党支部", lambda m: m["branch__name"], width=22),
    Column("日期", lambda m: m["date"], width=12),
    Column("会议类型", lambda m: m["kind_label"], width=16),
    Column("主题", lambda m: m["topic"], width=40),
    Column("地点", lambda m: m["place"], width=20),
    Column("党小组", lambda m: m["party_group__name"] or "", width=14),
    Column("主持人", lambda m: m["host__name"] or "", width=10),
    Column("记录人", lambda m: m["recorder__name"] or "", width=10),
    Column("状态", lambda m: m["status_label"], width=8),
    Column("实到人数", _if_recorded("present_count"), width=10),
    Column("缺席人数", _if_recorded("absent_count"), width=10),
    Column("有表决权党员", _if_recorded("voting_total"), width=12),
    Column("到会有表决权党员", _if_recorded("voting_present"), width=16),
    Column("达到法定人数", lambda m: _yes_no(m["quorum"]), width=12),
]


def meeting_export(request, pk: int):
    """The meetings page's current filter (year, kind) of one branch the user reads."""
    branch = get_branch_for_user(request.user, pk)
    form = MeetingFilterForm(request.GET, user=request.user)
    meetings = form.filter_qs(branch.meetings.all())
    year = form.cleaned_data["year"]
    content = write_xlsx(title="组织生活", columns=MEETING_COLUMNS, rows=meeting_rows(meetings))
    return xlsx_response(f"{branch.name}组织生活{year}.xlsx", content)


@readers_only
def compliance_meeting_export(request):
    """The compliance page's year (and quarter): every meeting of the branches it lists."""
    form = ComplianceFilterForm(request.GET, user=request.user)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    period = f"{year}年第{quarter}季度" if quarter else f"{year}年"
    branches = form.listed(form.scoped(branches_visible_to(request.user).active()))
    meetings = form.filter_qs(Meeting.objects.filter(branch__in=branches)).order_by(
        "branch__township_id", "branch__position", "branch_id", "date", "id"
    )
    content = write_xlsx(title="组织生活", columns=MEETING_COLUMNS, rows=meeting_rows(meetings))
    return xlsx_response(f"组织生活{period}{today():%Y%m%d}.xlsx", content)

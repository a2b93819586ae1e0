"""Branches and yearly grades in and out of Excel."""

from django.urls import reverse_lazy

from township.excel import export_view
from township.excel_views import ImportKind, import_confirm, import_template, import_upload

from .models import BranchGrade
from .permissions import branches_visible_to
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
    year = request.GET.get("year", "")
    if year.isdigit():
        grades = grades.filter(year=int(year))
    return grades.select_related("branch").order_by("-year", "branch__position", "branch_id")


branch_export = export_view(
    filename="党支部.xlsx", title="党支部", columns=branch_columns(), rows=_branches
)
grade_export = export_view(
    filename="分类定级.xlsx", title="分类定级", columns=grade_columns(), rows=_grades
)

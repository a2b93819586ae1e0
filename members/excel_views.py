"""The roster in and out of Excel: import (staff) and export (anyone who reads the list)."""

from django.urls import reverse_lazy

from branches.permissions import branches_managed_by
from township.dates import today
from township.decorators import role_required
from township.excel import write_xlsx, xlsx_response
from township.excel_views import ImportKind, import_confirm, import_template, import_upload

from .filters import MemberFilterForm
from .permissions import members_visible_to
from .roster import MASKED_BANNER, ROSTER_SPEC, TEMPLATE_NOTES, import_roster, roster_columns

ROSTER_IMPORT = ImportKind(
    key="roster",
    title="党员花名册导入",
    service=import_roster,
    spec=ROSTER_SPEC,
    notes=TEMPLATE_NOTES,
    template_filename="党员花名册导入模板.xlsx",
    url_name="members:import",
    done_url=reverse_lazy("members:list"),
)


def roster_import(request):
    return import_upload(request, ROSTER_IMPORT)


def roster_import_confirm(request):
    return import_confirm(request, ROSTER_IMPORT)


def roster_import_template(request):
    return import_template(request, ROSTER_IMPORT)


@role_required
def roster_export(request):
    """The member list's current filter as the import template's columns. Members this user
    does not manage come out masked, and then the sheet says it cannot be imported."""
    members = MemberFilterForm(request.GET, user=request.user).filter_qs(
        members_visible_to(request.user)
    )
    managed = set(branches_managed_by(request.user).values_list("pk", flat=True))
    rows = []
    masked = False
    for member in members.iterator(chunk_size=2000):
        member.show_personal = member.branch_id in managed
        masked = masked or not member.show_personal
        rows.append(member)
    notes = list(TEMPLATE_NOTES)
    if masked:
        notes.insert(0, MASKED_BANNER)
    content = write_xlsx(
        title="党员花名册",
        columns=roster_columns(),
        rows=rows,
        notes=notes,
        banner=MASKED_BANNER if masked else "",
    )
    day = today().strftime("%Y%m%d")
    return xlsx_response(f"党员花名册{day}.xlsx", content)

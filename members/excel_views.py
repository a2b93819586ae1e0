"""The roster in and out of Excel: import (staff) and export (anyone who reads the list)."""

from django.urls import reverse_lazy

from branches.permissions import branches_managed_by
from township.dates import today
from township.decorators import role_required
from township.excel import Column, choice_labels, write_xlsx, xlsx_response
from township.excel_views import ImportKind, import_confirm, import_template, import_upload

from .filters import MemberFilterForm, ReducedFilterForm
from .models import Member
from .permissions import members_visible_to
from .roster import (
    MASKED_BANNER,
    ROSTER_SPEC,
    TEMPLATE_NOTES,
    import_roster,
    roster_columns,
    roster_rows,
)
from .validators import mask_address, mask_id_number, mask_phone
from .views.upkeep import reduced_members

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
    rows, masked = roster_rows(members, managed)
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


def _personal(getter, mask):
    return lambda m: getter(m) if m.show_personal else mask(getter(m))


#: The 已减少 list: who left, when, why and on what basis. Personal data masked unless the
#: user manages the member's branch (rows carry `show_personal`).
REDUCED_COLUMNS = [
    Column("姓名", lambda m: m.name, width=10),
    Column("身份证号", _personal(lambda m: m.id_number, mask_id_number), width=20),
    Column("党支部", lambda m: m.branch.name, width=22),
    Column("入党日期", lambda m: m.joined_on, width=12),
    Column("转正日期", lambda m: m.full_member_on, width=12),
    Column("减少日期", lambda m: m.left_on, width=12),
    Column(
        "减少原因",
        lambda m: choice_labels(Member.LeaveReason).get(m.leave_reason, m.leave_reason),
        width=14,
    ),
    Column("依据", lambda m: m.leave_basis, width=30),
    Column("说明", lambda m: m.leave_note, width=30),
    Column("联系电话", _personal(lambda m: m.phone, mask_phone), width=14),
    Column("家庭住址", _personal(lambda m: m.address, mask_address), width=30),
]
REDUCED_MASKED_BANNER = "已减少党员名单（身份证号、电话、住址已遮挡）"


@role_required
def reduced_export(request):
    """The 已减少 list as the page filters it (branch, reason), in the user's scope."""
    members = reduced_members(request, ReducedFilterForm(request.GET, user=request.user))
    managed = set(branches_managed_by(request.user).values_list("pk", flat=True))
    rows = []
    masked = False
    for member in members.iterator(chunk_size=2000):
        member.show_personal = member.branch_id in managed
        masked = masked or not member.show_personal
        rows.append(member)
    content = write_xlsx(
        title="已减少党员",
        columns=REDUCED_COLUMNS,
        rows=rows,
        banner=REDUCED_MASKED_BANNER if masked else "",
    )
    return xlsx_response(f"已减少党员{today():%Y%m%d}.xlsx", content)

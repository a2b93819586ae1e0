"""The transfers list to Excel: the letters out the list shows (its status filter, the
user's scope), ID numbers masked for those who do not manage the member."""

from branches.permissions import branches_managed_by
from members.validators import mask_id_number
from township.dates import today
from township.decorators import role_required
from township.excel import Column, choice_labels, write_xlsx, xlsx_response

from .filters import LetterFilterForm
from .models import TransferOut
from .permissions import letters_out_visible_to


def _month(day):
    return f"{day.year}年{day.month}月" if day else "党费台账无记录"


LETTER_COLUMNS = [
    Column("介绍信编号", lambda t: t.letter_number, width=14),
    Column("姓名", lambda t: t.member.name, width=10),
    Column(
        "身份证号",
        lambda t: t.member.id_number if t.show_personal else mask_id_number(t.member.id_number),
        width=20,
    ),
    Column("党支部", lambda t: t.member.branch.name, width=22),
    Column("转往党组织", lambda t: t.destination, width=30),
    Column("转移原因", lambda t: t.reason, width=20),
    Column("党费交至", lambda t: _month(t.dues_paid_to), width=14),
    Column("开具日期", lambda t: t.issued_on, width=12),
    Column("有效期至", lambda t: t.valid_until, width=12),
    Column("状态", lambda t: choice_labels(TransferOut.Status)[t.status], width=10),
    Column("回执逾期", lambda t: "是" if t.is_overdue else "", width=10),
    Column("回执日期", lambda t: t.receipt_on, width=12),
    Column("回执单位", lambda t: t.receipt_by, width=24),
    Column("关闭日期", lambda t: t.closed_on, width=12),
    Column("关闭说明", lambda t: t.close_note, width=30),
]
MASKED_BANNER = "党员组织关系转出介绍信（身份证号已遮挡）"


@role_required
def letters_out_export(request):
    form = LetterFilterForm(request.GET, user=request.user)
    letters = form.filter_qs(letters_out_visible_to(request.user))
    managed = set(branches_managed_by(request.user).values_list("pk", flat=True))
    rows = []
    masked = False
    for letter in letters:
        letter.show_personal = letter.member.branch_id in managed
        masked = masked or not letter.show_personal
        rows.append(letter)
    content = write_xlsx(
        title="组织关系转出",
        columns=LETTER_COLUMNS,
        rows=rows,
        banner=MASKED_BANNER if masked else "",
    )
    return xlsx_response(f"组织关系转出介绍信{today():%Y%m%d}.xlsx", content)

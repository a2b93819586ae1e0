"""The nominations of a round to Excel, exactly as the round page lists them.

Who sees what follows the round page and the nomination page: a secretary exports their own
branch's nominations, and once the public notice has started the shortlist too; the dates,
who nominated and the assessment only of the rows the nomination page would show them
(awards.permissions.can_see_files' rule), the objections only for staff and leadership.
Nominees are named, nothing more: no personal data leaves here.
"""

from township.excel import Column, write_xlsx, xlsx_response
from township.permissions import scope_of

from .filters import NominationFilterForm
from .permissions import can_read_whole_round, get_round_for_user, nominations_visible_to
from .selectors import nominations_for_page


def _whole(value):
    """A column shown only on the rows the user may read whole."""
    return lambda n: value(n) if n.whole else None


def _assessment(n) -> str:
    if n.assessment_passed is None:
        return ""
    return "通过" if n.assessment_passed else "未通过"


NOMINATION_COLUMNS = [
    Column("表彰类别", lambda n: n.category.name, width=20),
    Column("推荐对象", lambda n: n.nominee_name, width=20),
    Column("对象类型", lambda n: "党员" if n.member_id else "党组织", width=10),
    Column(
        "所在党支部",
        lambda n: n.member.branch.name if n.member_id else n.branch.name,
        width=20,
    ),
    Column("推荐党支部", lambda n: n.nominating_branch.name, width=20),
    Column("推荐日期", _whole(lambda n: n.nominated_on), width=12),
    Column("主要事迹", lambda n: n.deeds, width=50),
    Column("阶段", lambda n: n.get_stage_display(), width=10),
    Column("考察日期", _whole(lambda n: n.assessed_on), width=12),
    Column("考察结果", _whole(_assessment), width=10),
    Column("考察意见", _whole(lambda n: n.assessment_notes), width=30),
    Column("是否公示", lambda n: "是" if n.on_notice else "否", width=10),
    Column("异议", lambda n: n.objection_count if n.objections_shown else None, width=8),
    Column("未处理异议", lambda n: n.open_objections if n.objections_shown else None, width=10),
]


def nomination_export(request, pk: int):
    round = get_round_for_user(request.user, pk)
    form = NominationFilterForm(request.GET, user=request.user)
    nominations = form.filter_qs(nominations_for_page(nominations_visible_to(request.user, round)))
    reader = can_read_whole_round(request.user, round)
    own = set(scope_of(request.user).secretary_branches)
    rows = []
    for n in nominations:
        n.whole = reader or n.nominating_branch_id in own
        n.objections_shown = reader
        rows.append(n)
    content = write_xlsx(title="推荐对象", columns=NOMINATION_COLUMNS, rows=rows)
    return xlsx_response(f"{round.year}年七一表彰推荐对象.xlsx", content)

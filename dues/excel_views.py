"""Party dues to Excel: a branch's dues sheet for a year and the township's ledger.

Money leaves as the database's exact Decimal to the fen. ID numbers and the pay or pension
behind a member's dues are personal: whole only for those who record the branch's dues
(staff, its secretary), masked or left out for everyone else, as in the roster export.
"""

from members.models import Member
from members.validators import mask_id_number
from township.dates import today
from township.decorators import readers_only
from township.excel import MONEY_FORMAT, Column, money, write_xlsx, xlsx_response

from . import selectors
from .permissions import can_record_dues, get_branch_for_dues
from .views import _township_for, _year

MASKED_NOTE = "身份证号码已遮蔽，缴纳基数不显示：您不管理这些党员。"
MONTH_MARKS = {"paid": "✓", "owed": "欠", "excused": "免", "ahead": "", "": "—"}


def _money_column(header: str, value, width: int = 12) -> Column:
    return Column(header, lambda row: money(value(row)), width, number_format=MONEY_FORMAT)


def _branch_columns() -> list[Column]:
    columns = [
        Column("姓名", lambda r: r.member.name, width=10),
        Column(
            "公民身份号码",
            lambda r: r.member.id_number if r.show_personal else mask_id_number(r.member.id_number),
            width=20,
        ),
        Column(
            "党费类别",
            lambda r: r.assessment.get_category_display() if r.assessment else "未核定",
            width=24,
        ),
        _money_column(
            "月缴纳基数（元）",
            lambda r: r.assessment.base if r.assessment and r.show_personal else None,
            14,
        ),
        _money_column("月应缴（元）", lambda r: r.assessment.monthly if r.assessment else None),
    ]
    for month in range(1, 13):
        columns.append(
            Column(f"{month}月", lambda r, m=month: MONTH_MARKS[r.months[m - 1]], width=5)
        )
    columns += [
        _money_column("已缴党费（元）", lambda r: r.paid_amount),
        _money_column("自愿多交（元）", lambda r: r.extra),
        Column("欠缴月数", lambda r: r.unpaid, width=8),
        _money_column("欠缴金额（元）", lambda r: r.arrears_amount),
        Column(
            "提示",
            lambda r: (
                "连续六个月未交党费" if r.article_9 else ("欠缴三个月以上" if r.in_arrears else "")
            ),
            width=20,
        ),
    ]
    return columns


def branch_export(request, pk: int):
    """The branch page's table for the year: each member's months, paid and in arrears."""
    branch = get_branch_for_dues(request.user, pk)
    year = _year(request, page=False)
    show = can_record_dues(request.user, branch)
    rows = selectors.member_dues(Member.objects.filter(branch=branch).current(), year)
    for row in rows:
        row.show_personal = show
    summary = selectors.branch_dues(type(branch).objects.filter(pk=branch.pk), year)[0]
    notes = [
        f"{branch.name}{year}年党费收缴，截至 {today():%Y-%m-%d}。",
        f"应缴 {money(summary.due)} 元，实缴 {money(summary.collected)} 元，收缴率 {summary.rate}%，"
        f"欠缴 {money(summary.arrears)} 元；自愿多交 {money(summary.extra)} 元；已上缴 {money(summary.remitted)} 元。",
        "✓ 已缴；欠 未缴；免 有正当理由；— 不需缴纳（未入党或未核定）。",
    ]
    if not show:
        notes.insert(0, MASKED_NOTE)
    content = write_xlsx(
        title="党费收缴",
        columns=_branch_columns(),
        rows=rows,
        notes=notes,
        banner=MASKED_NOTE if not show else "",
    )
    return xlsx_response(f"{branch.name}党费收缴{year}.xlsx", content)


LEDGER_KINDS = {"received": "支部上缴", "remitted": "上缴上级党委", "used": "使用"}

LEDGER_COLUMNS = [
    Column("日期", lambda line: line["date"], width=12),
    Column("类别", lambda line: LEDGER_KINDS[line["kind"]], width=14),
    Column("摘要", lambda line: line["what"], width=30),
    _money_column("收入（元）", lambda line: line["received"]),
    _money_column("支出（元）", lambda line: line["paid_out"]),
    _money_column("余额（元）", lambda line: line["balance"]),
    Column("冲销", lambda line: "冲销记录" if line["record"].is_reversal else "", width=10),
]


@readers_only
def ledger_export(request):
    township = _township_for(request)
    year = _year(request, page=False)
    ledger = selectors.township_ledger(township, year)
    notes = [
        f"{township.name}党委{year}年党费账：上年结转 {money(ledger['opening'])} 元，"
        f"收到支部上缴 {money(ledger['received'])} 元，上缴上级党委 {money(ledger['remitted'])} 元，"
        f"使用 {money(ledger['used'])} 元，结余 {money(ledger['closing'])} 元。",
        "冲销记录以负数金额列出，原记录与冲销记录均保留。",
    ]
    content = write_xlsx(title="党费账", columns=LEDGER_COLUMNS, rows=ledger["lines"], notes=notes)
    return xlsx_response(f"{township.name}党费账{year}.xlsx", content)


#: The 自行脱党 risk list (staff only, who manage every member on it): names, no ID numbers.
RISK_COLUMNS = [
    Column("姓名", lambda r: r["member"].name, width=10),
    Column("党支部", lambda r: r["member"].branch.name, width=22),
    Column("连续六个月未参加组织生活", lambda r: "是" if r["silent"] else "", width=14),
    Column("最近一次活动", lambda r: r["last_activity"], width=14),
    Column("连续未交党费月数", lambda r: r["dues_run"], width=12),
    Column("流动党员外出地点", lambda r: r["member"].mobile_destination, width=24),
    Column("应转接组织关系", lambda r: "是" if r["should_transfer"] else "", width=12),
]


def risk_export(request):
    """The risk list as the page shows it, to the same users (organisation staff)."""
    from django.core.exceptions import PermissionDenied

    from township.permissions import townships_managed_by

    from .permissions import can_see_leaving_risk

    if not can_see_leaving_risk(request.user):
        raise PermissionDenied
    members = Member.objects.filter(branch__township__in=townships_managed_by(request.user))
    content = write_xlsx(
        title="自行脱党风险", columns=RISK_COLUMNS, rows=selectors.leaving_risk(members)
    )
    return xlsx_response(f"自行脱党风险名单{today():%Y%m%d}.xlsx", content)

"""Village finance to Excel: the rectification list, and a village's current-account ledger
and debts as the village page shows them.

Money leaves as the database's exact Decimal, to the fen, shown with two decimals; the
sums are the selectors' (never a Python float). Counterparties and creditors are names only,
which are not personal data here.
"""

from township.dates import today
from township.decorators import role_required
from township.excel import MONEY_FORMAT, Column, money, write_xlsx, xlsx_response

from . import selectors
from .filters import FinanceFilterForm
from .permissions import finances_visible_to, get_finance_for_user


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _money_column(header: str, value, width: int = 14) -> Column:
    return Column(header, lambda row: money(value(row)), width, number_format=MONEY_FORMAT)


# --- The rectification list ------------------------------------------------------------


def _figure(name: str):
    """A figure of the row's overview (selectors.overview_row)."""
    return lambda row: getattr(row[1], name)


FINANCE_COLUMNS = [
    Column("村", _figure("branch_name"), width=18),
    Column("年度", _figure("year"), width=8),
    Column("开始日期", lambda row: row[0].started_on, width=12),
    Column("已完成事项", _figure("items_done"), width=10),
    Column("整改事项", _figure("items_total"), width=10),
    Column("整改进度（%）", _figure("progress"), width=12, number_format="0.0"),
    _money_column("村级债务本金（元）", _figure("debt_principal"), 16),
    _money_column("未偿债务（元）", _figure("debt_outstanding")),
    _money_column("其中欠村民（元）", _figure("debt_to_villagers"), 16),
    _money_column("逾期未还（元）", _figure("debt_overdue")),
    Column("逾期笔数", _figure("debt_overdue_count"), width=10),
    Column("应公开期数", _figure("disclosure_due"), width=10),
    Column("已公开期数", _figure("disclosure_posted"), width=10),
    Column(
        "未公开期次",
        lambda row: "、".join(f"{kind}{label}" for kind, _code, label in row[1].disclosure_missed),
        width=30,
    ),
    Column("交接次数", _figure("handovers_total"), width=10),
    Column("未签全交接", _figure("handovers_incomplete"), width=10),
]


@role_required
def finance_export(request):
    """The list's current filter (year, village) with each village's figures, the same as
    the village page's and the dashboard's."""
    form = FinanceFilterForm(request.GET, user=request.user)
    finances = form.filter_qs(finances_visible_to(request.user))
    year = form.cleaned_data["year"]
    on = today()
    rows = [
        (f, selectors.overview_row(f, on=on)) for f in selectors.finance_figures(finances, on=on)
    ]
    content = write_xlsx(title="村级财务整改", columns=FINANCE_COLUMNS, rows=rows)
    return xlsx_response(f"村级财务整改{year or ''}.xlsx", content)


# --- One village: the current-account ledger ------------------------------------------------


def _reversal_note(entry) -> str:
    if entry.is_reversal:
        return "冲销{}记录".format(entry.reverses.entered_on.strftime("%Y-%m-%d"))
    return "已冲销" if entry.is_reversed else ""


LEDGER_COLUMNS = [
    Column("日期", lambda e: e.entered_on, width=12),
    Column("往来单位（个人）", lambda e: e.counterparty.name, width=20),
    Column("是否村民", lambda e: _yes_no(e.counterparty.is_villager), width=10),
    Column("方向", lambda e: e.get_direction_display(), width=8),
    Column("摘要", lambda e: e.description, width=30),
    _money_column("金额（元）", lambda e: e.amount),
    _money_column("已结算（元）", lambda e: e.settled),
    _money_column("未结算（元）", lambda e: e.amount - e.settled),
    Column("冲销", lambda e: _reversal_note(e), width=16),
    _money_column("该单位应收余额（元）", lambda e: e.balance.receivable, 18),
    _money_column("该单位应付余额（元）", lambda e: e.balance.payable, 18),
]


def ledger_export(request, pk: int):
    """Every ledger entry of the village (all the pages of the village page's list), each
    with its counterparty's outstanding balances; the totals on the notes sheet."""
    finance = get_finance_for_user(request.user, pk)
    balances = {c.pk: c for c in selectors.counterparty_balances(finance.branch_id)}
    entries = list(selectors.ledger_entries(finance.branch_id))
    for entry in entries:
        entry.balance = balances[entry.counterparty_id]
    totals = selectors.ledger_totals(finance.branch_id)
    notes = [
        f"{finance.branch.name}往来账，导出日期 {today():%Y-%m-%d}。",
        f"应收未收合计：{money(totals['receivable'])} 元；应付未付合计：{money(totals['payable'])} 元。",
        "冲销记录以负数金额列出，原记录与冲销记录均保留。",
    ]
    content = write_xlsx(title="往来账", columns=LEDGER_COLUMNS, rows=entries, notes=notes)
    return xlsx_response(f"{finance.village}往来账{today():%Y%m%d}.xlsx", content)


# --- One village: its debts ------------------------------------------------------------------


def _repayments(debt) -> str:
    parts = []
    for record in debt.repayment_rows:
        text = f"{record.paid_on:%Y-%m-%d} {money(record.amount)}"
        if record.is_reversal:
            text += "（冲销）"
        parts.append(text)
    return "；".join(parts)


DEBT_COLUMNS = [
    Column("债权人", lambda d: d.creditor, width=18),
    Column("是否欠村民", lambda d: _yes_no(d.creditor_is_villager), width=10),
    _money_column("本金（元）", lambda d: d.principal),
    _money_column("已还（元）", lambda d: d.repaid),
    _money_column("未还（元）", lambda d: d.outstanding),
    Column("发生日期", lambda d: d.incurred_on, width=12),
    Column("形成原因", lambda d: d.cause, width=30),
    Column("还款计划", lambda d: d.plan, width=30),
    Column("约定还清日期", lambda d: d.due_on, width=12),
    Column("是否逾期", lambda d: _yes_no(d.overdue), width=10),
    _money_column("逾期未还（元）", lambda d: d.outstanding if d.overdue else 0),
    Column("还款记录", _repayments, width=40),
]


def debt_export(request, pk: int):
    """Every debt of the village with principal, repaid, outstanding and whether it is
    overdue today, in the village page's order; the totals on the notes sheet."""
    finance = get_finance_for_user(request.user, pk)
    on = today()
    debts = list(selectors.debts_with_outstanding(finance.branch_id))
    for debt in debts:
        debt.overdue = bool(debt.outstanding > 0 and debt.due_on and debt.due_on < on)
    totals = selectors.debt_totals(finance.branch_id, on=on)
    notes = [
        f"{finance.branch.name}村级债务，逾期按 {on:%Y-%m-%d} 计算。",
        f"本金合计：{totals['principal']} 元；未还合计：{totals['outstanding']} 元；"
        f"其中欠村民：{totals['to_villagers']} 元；逾期未还：{totals['overdue']} 元"
        f"（{totals['overdue_count']} 笔）。",
    ]
    content = write_xlsx(title="村级债务", columns=DEBT_COLUMNS, rows=debts, notes=notes)
    return xlsx_response(f"{finance.village}村级债务{on:%Y%m%d}.xlsx", content)

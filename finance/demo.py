"""Demo finance rectification of the two lagging villages, 石板村 and 柏林村 (2016).

Fixed data written through ensure(): running it twice changes nothing and writes no history.
"""

import datetime
from decimal import Decimal

from branches.models import Branch
from township.demo_data import WEAK_BRANCH, ensure
from township.late import entered_on_day

from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    FinanceGroup,
    FinanceGroupMember,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    Period,
    Repayment,
    Settlement,
    VillageFinance,
)

D = datetime.date
SECOND_VILLAGE = "柏林村党支部"

VILLAGES = {
    WEAK_BRANCH: {
        "started_on": D(2016, 6, 1),
        "frequent_transactions": True,
        "accountant": "何大勇",
        "cashier": "邓小芳",
        "approvers": "第一书记 陈二山\n村主任 石老根",
        "responsible": "乡经管站 罗大明",
        "group": ["杨大林", "袁二妹", "段三福", "龚小平", "薛大田", "孟二娃"],
        "supervisor_signed": False,
    },
    SECOND_VILLAGE: {
        "started_on": D(2016, 7, 1),
        "frequent_transactions": False,
        "accountant": "贺大成",
        "cashier": "毛小琴",
        "approvers": "村支部书记 柏大全",
        "responsible": "乡经管站 罗大明",
        "group": ["史大贵", "陶二嫂", "雷三娃", "黎小兵", "秦大春"],
        "supervisor_signed": True,
    },
}

ITEMS = {
    ChecklistItem.Kind.GROUP: ("done", D(2016, 6, 20), "村民会议推选民主理财小组，会议记录存档。"),
    ChecklistItem.Kind.DISCLOSURE: ("in_progress", D(2016, 12, 5), "公开栏已设立，按月公开财务。"),
    ChecklistItem.Kind.HANDOVER: ("done", D(2016, 7, 10), "新老会计交接清单已签字。"),
    ChecklistItem.Kind.LEDGER: ("done", D(2016, 8, 1), "往来账簿已建立，逐笔登记。"),
    ChecklistItem.Kind.DEBTS: (
        "in_progress",
        D(2016, 9, 1),
        "欠村民款项已清理造册，制定分期偿还计划。",
    ),
    ChecklistItem.Kind.SPENDING: ("not_started", None, ""),
}


def load(township) -> None:
    for name, spec in VILLAGES.items():
        branch = Branch.objects.filter(township=township, name=name).first()
        if branch is not None:
            _village(branch, spec)


def _village(branch: Branch, spec: dict) -> None:
    finance = ensure(
        VillageFinance,
        {"branch": branch, "year": 2016},
        {
            "started_on": spec["started_on"],
            "frequent_transactions": spec["frequent_transactions"],
            "accountant": spec["accountant"],
            "cashier": spec["cashier"],
            "approvers": spec["approvers"],
            "responsible": spec["responsible"],
        },
    )
    for kind, (status, on, evidence) in ITEMS.items():
        if kind == ChecklistItem.Kind.HANDOVER and not spec["supervisor_signed"]:
            # The handover list still lacks the supervisor's signature: not done yet.
            status, evidence = "in_progress", "交接清单已由交接双方签字，监交人尚未签字。"
        ensure(
            ChecklistItem,
            {"finance": finance, "kind": kind},
            {"status": status, "status_on": on, "evidence": evidence},
        )
    group = ensure(FinanceGroup, {"finance": finance}, {"chosen_on": D(2016, 6, 18)})
    for i, person in enumerate(spec["group"]):
        ensure(FinanceGroupMember, {"group": group, "name": person}, {"is_leader": i == 0})
    ensure(
        GroupReview,
        {"group": group, "held_on": D(2016, 10, 8)},
        {
            "subject": "审核第三季度财务收支",
            "findings": "支出凭证齐全；一笔修路款审批手续后补，已责成整改。",
        },
    )
    _disclosures(finance)
    handover = ensure(
        Handover,
        {"finance": finance, "handed_on": D(2016, 7, 8)},
        {
            "reason": "村支部书记调整后更换村会计",
            "from_person": "原会计 王老五" if branch.name == WEAK_BRANCH else "原会计 柏二先",
            "to_person": spec["accountant"],
            "supervisor": "乡经管站 罗大明",
            "from_signed_on": D(2016, 7, 8),
            "to_signed_on": D(2016, 7, 8),
            "supervisor_signed_on": D(2016, 7, 10) if spec["supervisor_signed"] else None,
            "problems": "2014年两张报销凭证缺审批签字。",
            "created_at": entered_on_day(D(2016, 7, 11)),
        },
    )
    for kind, description, quantity, amount in (
        (HandoverItem.Kind.CASH, "库存现金", None, Decimal("1236.50")),
        (HandoverItem.Kind.BANK, "农村信用社存款", None, Decimal("48210.37")),
        (HandoverItem.Kind.VOUCHERS, "2013—2016年会计凭证", 42, None),
        (HandoverItem.Kind.LEDGERS, "总账、现金日记账、往来账", 3, None),
        (HandoverItem.Kind.SEALS, "村委会财务专用章", 1, None),
        (HandoverItem.Kind.ASSETS, "办公电脑、文件柜", 2, None),
    ):
        ensure(
            HandoverItem,
            {"handover": handover, "kind": kind},
            {"description": description, "quantity": quantity, "amount": amount},
        )
    _ledger(branch)
    _debts(branch)
    _cash(branch)


def _disclosures(finance: VillageFinance) -> None:
    """Finance made public each month (or quarter) since the start, with one month missed
    at 石板村 (October); village affairs each quarter."""
    if finance.frequent_transactions:
        months = [m for m in range(6, 12) if m != 10]
        periods = [(Period.MONTH, m, D(2016 + m // 12, m % 12 + 1, 5)) for m in months]
    else:
        periods = [(Period.QUARTER, 3, D(2016, 10, 8))]
    for kind_period, number, posted in periods:
        ensure(
            Disclosure,
            {
                "finance": finance,
                "kind": Disclosure.Kind.FINANCE,
                "period_kind": kind_period,
                "period_year": 2016,
                "period_number": number,
            },
            {
                "posted_on": posted,
                "content": "本期财务收支明细及往来款项余额。",
                "created_at": entered_on_day(posted),  # entered the day it was posted
            },
        )
    ensure(
        Disclosure,
        {
            "finance": finance,
            "kind": Disclosure.Kind.VILLAGE_AFFAIRS,
            "period_kind": Period.QUARTER,
            "period_year": 2016,
            "period_number": 3,
        },
        {
            "posted_on": D(2016, 10, 8),
            "content": "村级项目建设、低保评定、土地流转情况。",
            "created_at": entered_on_day(D(2016, 10, 8)),
        },
    )


def _ledger(branch: Branch) -> None:
    rows = [
        ("青山茶业有限公司", False, "receivable", D(2016, 3, 1), "12000.00", "茶园土地租金"),
        ("石大柱", True, "payable", D(2015, 11, 20), "3560.80", "垫付修路材料款"),
        ("乡农业服务中心", False, "payable", D(2016, 5, 10), "800.00", "化肥款"),
    ]
    for name, villager, direction, on, amount, description in rows:
        party = ensure(Counterparty, {"branch": branch, "name": name}, {"is_villager": villager})
        entry = ensure(
            LedgerEntry,
            {"counterparty": party, "entered_on": on, "reverses": None},
            {"direction": direction, "amount": Decimal(amount), "description": description},
        )
        if name == "青山茶业有限公司":
            ensure(
                Settlement,
                {"entry": entry, "settled_on": D(2016, 9, 30), "reverses": None},
                {"amount": Decimal("6000.00"), "note": "收回上半年租金"},
            )


#: The creditors who are villagers: flagged (the pages tag them 村民), not named "村民 …".
VILLAGER_CREDITORS = {"张大贵", "刘二嫂", "柏三娃"}

#: Each village's own debts (creditor, incurred, principal, cause, plan, due, first repayment):
#: the two villages owe different people different sums.
DEBTS = {
    WEAK_BRANCH: [
        (
            "张大贵",
            D(2013, 4, 2),
            Decimal("15000.00"),
            "修建村小学借款",
            "分三次偿还，2016年11月底前还清。",
            D(2016, 11, 30),
            (D(2016, 8, 15), Decimal("5000.00")),
        ),
        (
            "刘二嫂",
            D(2014, 9, 10),
            Decimal("8600.50"),
            "垫付饮水工程材料款",
            "2017年集体经济收入中逐年偿还。",
            D(2017, 12, 31),
            (D(2016, 10, 20), Decimal("2000.25")),
        ),
    ],
    SECOND_VILLAGE: [
        (
            "柏三娃",
            D(2012, 11, 5),
            Decimal("9800.00"),
            "垫付村道硬化工程款",
            "分两次偿还，2016年12月底前还清。",
            D(2016, 12, 31),
            (D(2016, 9, 30), Decimal("4900.00")),
        ),
        (
            "县农村信用社",
            D(2014, 3, 18),
            Decimal("30000.00"),
            "村办公楼建设贷款",
            "以集体林地承包收入逐年偿还。",
            D(2018, 12, 31),
            (D(2016, 12, 1), Decimal("6000.00")),
        ),
    ],
}


def _debts(branch: Branch) -> None:
    for creditor, incurred, principal, cause, plan, due, (paid_on, amount) in DEBTS.get(
        branch.name, DEBTS[WEAK_BRANCH]
    ):
        debt = ensure(
            Debt,
            {"branch": branch, "creditor": creditor, "incurred_on": incurred},
            {
                "creditor_is_villager": creditor in VILLAGER_CREDITORS,
                "principal": principal,
                "cause": cause,
                "plan": plan,
                "due_on": due,
            },
        )
        ensure(
            Repayment,
            {"debt": debt, "paid_on": paid_on, "reverses": None},
            {"amount": amount, "note": "第一期"},
        )


def _cash(branch: Branch) -> None:
    for on, source, amount, description in (
        (D(2016, 7, 5), "转移支付", "30000.00", "村级组织运转经费"),
        (D(2016, 9, 30), "土地租金", "6000.00", "茶园土地租金"),
        (D(2016, 11, 8), "一事一议财政奖补", "12500.00", "村道硬化奖补"),
    ):
        ensure(
            Income,
            {"branch": branch, "received_on": on, "source": source, "reverses": None},
            {"amount": Decimal(amount), "description": description},
        )
    for on, payee, amount, purpose, approver, approved_on in (
        (D(2016, 7, 20), "村文书", "450.00", "办公用品", "", None),
        (
            D(2016, 8, 12),
            "青山建材店",
            "8600.00",
            "村道硬化水泥",
            "村务监督委员会、乡经管站",
            D(2016, 8, 10),
        ),
        (D(2016, 11, 15), "村民 石大柱", "1200.00", "公益岗位补贴", "", None),
    ):
        ensure(
            Expenditure,
            {"branch": branch, "spent_on": on, "payee": payee, "reverses": None},
            {
                "amount": Decimal(amount),
                "purpose": purpose,
                "approved_by": approver,
                "approved_on": approved_on,
            },
        )

"""The seed's 2016 implementation plan with its tasks and letters, as of the demo date
2016-12-20: some tasks done, some in progress, some overdue. Idempotent through ensure()."""

import datetime
import random

from branches.models import Branch
from township.demo_data import WEAK_BRANCH, ensure
from township.late import entered_on_day
from township.models import Township, User

from .models import Measure, Plan, ResponsibilityLetter, Task, TaskUpdate, Tie
from .seed_text import GUIDING, MEASURES, PLAN_TITLE, PROBLEMS

D = datetime.date
YEAR = 2016
#: The second lagging village whose finances are put in order beside the weak branch.
LAGGING_VILLAGE = "柏林村党支部"
LAGGING = [WEAK_BRANCH, LAGGING_VILLAGE]

#: (number, kind, deadline) from the seed: 2016年底, 2016年6月, 长期, 2016年6月, 每年七一.
DEADLINES = [
    (1, Measure.DeadlineKind.DATE, D(2016, 12, 31)),
    (2, Measure.DeadlineKind.DATE, D(2016, 6, 30)),
    (3, Measure.DeadlineKind.LONG_TERM, None),
    (4, Measure.DeadlineKind.DATE, D(2016, 6, 30)),
    (5, Measure.DeadlineKind.YEARLY, D(2016, 7, 1)),
]

#: Letters not signed as of the demo date: (branch, kind).
UNSIGNED = {
    (WEAK_BRANCH, ResponsibilityLetter.Kind.INTEGRITY),
    (WEAK_BRANCH, ResponsibilityLetter.Kind.SOCIAL),
    (LAGGING_VILLAGE, ResponsibilityLetter.Kind.SOCIAL),
}

ORG_LIFE = "定期开展组织生活：按规定频次召开支部党员大会、支委会、党小组会，上好党课，开展主题党日、组织生活会和民主评议党员"
MOBILE = "流动党员教育管理：建立流动党员台账，每季度至少联系一次，做到教育管理规范化"
#: village and community branches: (percent, done on, own due date)
MOBILE_PROGRESS = {
    "青龙村党支部": (100, D(2016, 11, 15), None),
    "白岩村党支部": (80, None, None),
    "石桥村党支部": (100, D(2016, 10, 20), None),
    "红星村党支部": (60, None, None),
    "双河村党支部": (50, None, D(2016, 10, 31)),  # its own earlier date, missed
    "柏林村党支部": (40, None, None),
    "新华村党支部": (100, D(2016, 12, 5), None),
    "石板村党支部": (30, None, None),
    "青山社区党支部": (0, None, None),
}
RESERVE = "按“双强”标准培养入党积极分子和村级后备干部"
#: The yearly checkpoint of the reserve-cadre tasks (三): reserve cadres and a 双强 secretary.
RESERVE_TARGETS = {"target_reserve": 2, "target_double_strong": 1}
RESERVE_PROGRESS = {
    "青龙村党支部": (100, D(2016, 11, 30)),
    "白岩村党支部": (60, None),
    "石桥村党支部": (50, None),
    "红星村党支部": (40, None),
    "双河村党支部": (70, None),
    "柏林村党支部": (30, None),
    "新华村党支部": (50, None),
    "石板村党支部": (10, None),
}


TARGET_FIELDS = ("target_reserve", "target_village_officials", "target_double_strong")


def load(township: Township) -> None:
    plan = ensure(
        Plan,
        {"township": township, "year": YEAR},
        {"title": PLAN_TITLE, "guiding": GUIDING, "problems": PROBLEMS},
    )
    measures = {}
    for (number, kind, deadline), (title, body) in zip(DEADLINES, MEASURES, strict=True):
        measures[number] = ensure(
            Measure,
            {"plan": plan, "number": number},
            {"title": title, "body": body, "deadline_kind": kind, "deadline": deadline},
        )
    branches = {b.name: b for b in Branch.objects.filter(township=township).order_by("position")}
    secretaries = {
        b.name: User.objects.filter(roles__branch=b, roles__kind="secretary").order_by("pk").first()
        for b in branches.values()
    }
    office_user = (
        User.objects.filter(roles__township=township, roles__kind="staff").order_by("pk").first()
    )

    def task(
        number,
        branch_name,
        title,
        *,
        percent=0,
        done_on=None,
        due_on=None,
        updates=(),
        tie="",
        targets=None,
    ):
        branch = branches.get(branch_name) if branch_name else None
        if branch_name and branch is None:
            return None
        responsible = f"{branch.short_name}支部书记" if branch else "乡党委组织办"
        if township.name != "青山乡" and done_on is not None:
            # The county's other townships (load_demo --county): some work left undone, so
            # that the county comparison shows differences. Seeded: the same on every run.
            rng = random.Random(f"{township.name}-{number}-{branch_name}-{title}")
            if rng.random() < 0.3:
                done_on, percent, updates = None, rng.choice([20, 40, 60, 80]), ()
        if tie:
            # A tied task follows its records: nothing typed, no "done" entered by hand.
            done_on, percent, updates = None, 0, ()
        row = ensure(
            Task,
            {"measure": measures[number], "branch": branch, "title": title},
            {
                "responsible": responsible,
                "due_on": due_on,
                "is_done": done_on is not None,
                "done_on": done_on,
                "percent": 100 if done_on else percent,
                "tie": tie,
                **{name: (targets or {}).get(name) for name in TARGET_FIELDS},
            },
        )
        author = secretaries.get(branch_name) if branch else office_user
        author = author or office_user
        if author is None:
            return row
        for on, text, pct in updates:
            ensure(
                TaskUpdate,
                {"task": row, "on": on, "kind": TaskUpdate.Kind.PROGRESS},
                # Reported the next day: on time, not 补录.
                {
                    "author": author,
                    "text": text,
                    "percent": pct,
                    "created_at": entered_on_day(on + datetime.timedelta(days=1)),
                },
            )
        if done_on:
            ensure(
                TaskUpdate,
                {"task": row, "on": done_on, "kind": TaskUpdate.Kind.DONE},
                {
                    "author": author,
                    "text": "任务完成。",
                    "percent": 100,
                    "created_at": entered_on_day(done_on),
                },
            )
        return row

    # (一) 规范抓好党内组织生活 — 2016年底
    task(
        1,
        None,
        "排查“应建未建”党组织，按“行业相近、地域相邻”原则组建联合党支部",
        done_on=D(2016, 9, 30),
        updates=[(D(2016, 5, 20), "完成全乡非公企业和社会组织党员情况排查。", 50)],
    )
    task(
        1,
        WEAK_BRANCH,
        "软弱涣散党组织整顿：调整支部负责人、充实班子、下派优秀干部任职",
        tie=Tie.RECTIFICATION,
        updates=[
            (D(2016, 4, 15), "乡党委下派机关干部任第一书记，召开支部党员大会通报整顿方案。", 30),
            (D(2016, 9, 10), "调整支部书记，从大学生村官中选任一名同志进支部班子。", 60),
            (D(2016, 11, 28), "“三会一课”恢复正常，正在准备群众满意度测评。", 70),
        ],
    )
    # Each branch's organisational life (三会一课 and the rest) for the year, as its
    # meetings show it: computed, never typed.
    for name in branches:
        task(1, name, ORG_LIFE, tie=Tie.ORG_LIFE)
    for name, (pct, done_on, due_on) in MOBILE_PROGRESS.items():
        updates = (
            [(D(2016, 8, 15), "建立流动党员台账，逐一电话联系外出党员。", min(pct, 40))]
            if pct
            else []
        )
        task(1, name, MOBILE, percent=pct, done_on=done_on, due_on=due_on, updates=updates)

    # (二) 务实履好党建责任 — 2016年6月: every branch signs the three letters
    kinds = list(ResponsibilityLetter.Kind)
    for position, (name, branch) in enumerate(branches.items(), start=1):
        for offset, kind in enumerate(kinds):
            is_signed = (name, kind) not in UNSIGNED
            ensure(
                ResponsibilityLetter,
                {"branch": branch, "year": YEAR, "kind": kind},
                {
                    "signed_on": D(2016, 3, 10 + position % 10 + offset) if is_signed else None,
                    "result": "",
                    "notes": "" if is_signed else "尚未签订，已督促。",
                },
            )
        task(
            2,
            name,
            "签订党建工作、农村基层干部廉洁自律、社会事业发展三份目标责任书",
            tie=Tie.LETTERS,
        )

    # (三) 从严带好干部队伍 — 长期, checked every 31 December
    task(
        3,
        None,
        "开展“双争”活动和“双学双比”活动",
        percent=75,
        updates=[(D(2016, 10, 8), "召开“双争”“双学双比”推进会，各支部上报活动方案。", 75)],
    )
    task(
        3,
        WEAK_BRANCH,
        "从大学生村官中选任同志进支部班子，配齐配强支部班子",
        done_on=D(2016, 9, 10),
    )
    task(
        3,
        LAGGING_VILLAGE,
        "从大学生村官中选任同志进支部班子，配齐配强支部班子",
        percent=50,
        updates=[(D(2016, 11, 2), "已确定一名大学生村官人选，待支部党员大会通过。", 50)],
    )
    for name in RESERVE_PROGRESS:
        task(3, name, RESERVE, tie=Tie.CADRES, targets=RESERVE_TARGETS)

    # (四) 后进村财务整治 — 2016年6月
    task(
        4,
        None,
        "成立专门班子，办理因干部更换而交接不清的村级财务交接",
        done_on=D(2016, 4, 30),
    )
    finance = "后进村财务整治：健全民主理财小组，落实村务财务公开，理清往来账，制订村级债务化解措施"
    # The villages' tasks follow their finance records (checklist, handovers, disclosures).
    task(4, WEAK_BRANCH, finance, tie=Tie.FINANCE)
    task(4, LAGGING_VILLAGE, finance, tie=Tie.FINANCE)

    # (五) 表彰先进典型 — 每年七一
    task(5, None, "召开“七•一”总结表彰会议", done_on=D(2016, 7, 1))
    for name in branches:
        task(
            5,
            name,
            "推荐“七一”表彰对象：优秀共产党员、优秀党务工作者、致富带头人",
            tie=Tie.COMMENDATION,
        )

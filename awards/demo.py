"""The demo's July 1 commendations: 2016 completed, 2017 taking nominations (demo today is
2016-12-20). Idempotent through township.demo_data.ensure."""

import datetime

from branches.models import Branch, CommitteePosition
from members.models import Member
from township.demo_data import ensure
from township.models import Role

from .models import (
    DEFAULT_CATEGORIES,
    PARTY_WORK_CATEGORIES,
    Category,
    DisciplineRecord,
    Nomination,
    Objection,
    Quota,
    Round,
)

D = datetime.date
DEEDS = {
    "优秀共产党员": "带头落实“三会一课”，主动联系困难群众，在脱贫攻坚和矛盾调处中冲在一线，群众评价高。",
    "优秀党务工作者": "认真做好党员发展、组织关系转接和党费收缴工作，支部台账规范齐全。",
    "致富带头人": "带头发展特色种养业，成立专业合作社，带动周边农户增收致富。",
    "先进基层党组织": "班子团结，制度健全，“三会一课”落实到位，带领群众发展集体经济成效明显。",
}


def _candidates(branch: Branch, *, party_work: bool = False) -> list[Member]:
    """Full members in good standing; for 优秀党务工作者 only those on the committee."""
    members = (
        Member.objects.current()
        .full()
        .filter(
            branch=branch, standing=Member.Standing.NORMAL, birth_date__year__range=(1956, 1986)
        )
    )
    if party_work:
        members = members.filter(
            pk__in=CommitteePosition.objects.filter(left_on__isnull=True).values("member")
        )
    return list(members.order_by("id"))


def _secretary_user(branch):
    role = (
        Role.objects.filter(branch=branch, kind=Role.Kind.SECRETARY).select_related("user").first()
    )
    return role.user if role else None


def load(township) -> None:
    categories = {}
    for position, (name, target, full_only, confirm) in enumerate(DEFAULT_CATEGORIES, start=1):
        categories[name] = ensure(
            Category,
            {"township": township, "name": name},
            {
                "target": target,
                "full_members_only": full_only,
                "party_work_only": name in PARTY_WORK_CATEGORIES,
                "needs_confirmation": confirm,
                "position": position,
                "is_active": True,
            },
        )
    branches = list(Branch.objects.filter(township=township).order_by("position"))
    if len(branches) < 6:
        return
    r16 = ensure(
        Round,
        {"township": township, "year": 2016},
        {
            "meeting_on": D(2016, 7, 1),
            "nominations_open_on": D(2016, 5, 16),
            "nominations_close_on": D(2016, 6, 3),
            "assessment_on": D(2016, 6, 6),
            "notice_starts_on": D(2016, 6, 13),
            "notice_working_days": 5,
            "decided_on": D(2016, 6, 24),
            "document_number": "青委发〔2016〕15号",
            "notes": "庆祝建党95周年暨“七一”表彰大会在乡政府大会议室召开。",
        },
    )
    r17 = ensure(
        Round,
        {"township": township, "year": 2017},
        {
            "meeting_on": D(2017, 7, 1),
            "nominations_open_on": D(2016, 12, 12),
            "nominations_close_on": D(2017, 5, 31),
            "assessment_on": None,
            "notice_starts_on": None,
            "notice_working_days": None,
            "decided_on": None,
            "document_number": "",
            "notes": "",
        },
    )
    for round_, numbers in ((r16, (5, 3, 2, 2)), (r17, (6, 3, 3, 3))):
        for name, number in zip(categories, numbers, strict=True):
            ensure(Quota, {"round": round_, "category": categories[name]}, {"number": number})

    C = Nomination.Stage.COMMENDED
    # (category, branch index, candidate index or None for the branch itself, stage, note)
    plan_2016 = [
        ("优秀共产党员", 0, 0, C),
        ("优秀共产党员", 1, 0, C),
        ("优秀共产党员", 3, 1, C),
        ("优秀共产党员", 8, 0, C),
        ("优秀共产党员", 11, 0, C),
        ("优秀共产党员", 5, 0, Nomination.Stage.REJECTED),  # not passed at assessment
        ("优秀党务工作者", 2, 1, C),
        ("优秀党务工作者", 9, 0, C),
        ("优秀党务工作者", 6, 1, C),
        ("致富带头人", 4, 2, C),
        ("致富带头人", 10, 0, C),
        ("先进基层党组织", 0, None, C),
        ("先进基层党组织", 11, None, C),
    ]
    for name, b, c, stage in plan_2016:
        branch = branches[b]
        member = None
        if c is not None:
            pool = _candidates(branch, party_work=name in PARTY_WORK_CATEGORIES)
            if len(pool) <= c:
                continue
            member = pool[c]
        failed = stage == Nomination.Stage.REJECTED
        lookup = {"round": r16, "category": categories[name]}
        lookup.update({"member": member} if member else {"branch": branch})
        nomination = ensure(
            Nomination,
            lookup,
            {
                "nominating_branch": branch,
                "nominated_by": _secretary_user(branch),
                "nominated_on": D(2016, 5, 25),
                "deeds": DEEDS[name],
                "stage": stage,
                "confirmed": categories[name].needs_confirmation,
                "assessed_on": D(2016, 6, 8),
                "assessment_passed": not failed,
                "assessment_notes": (
                    "经个别谈话和群众走访，该同志本年度参加组织生活不足，暂不列入拟表彰对象。"
                    if failed
                    else "经个别谈话、查阅资料和群众走访，考察组认为符合表彰条件。"
                ),
                "on_notice": not failed,
                "decision_note": "",
            },
        )
        if (name, b) == ("优秀共产党员", 3):
            ensure(
                Objection,
                {"nomination": nomination, "received_on": D(2016, 6, 15)},
                {
                    "content": "来电反映该同志承包土地存在纠纷。",
                    "resolution": "组织办会同村委会核实：纠纷系邻户边界误会，已于2015年经调解解决，反映问题不影响表彰。",
                    "outcome": Objection.Outcome.DISMISSED,
                    "resolved_on": D(2016, 6, 20),
                },
            )
    # 2017: nominations coming in.
    for name, b, c in (("优秀共产党员", 0, 1), ("致富带头人", 1, 1), ("先进基层党组织", 2, None)):
        branch = branches[b]
        member = None
        if c is not None:
            pool = _candidates(branch)
            if len(pool) <= c:
                continue
            member = pool[c]
        lookup = {"round": r17, "category": categories[name]}
        lookup.update({"member": member} if member else {"branch": branch})
        ensure(
            Nomination,
            lookup,
            {
                "nominating_branch": branch,
                "nominated_by": _secretary_user(branch),
                "nominated_on": D(2016, 12, 15),
                "deeds": DEEDS[name],
                "stage": Nomination.Stage.NOMINATED,
            },
        )
    # One member under discipline: the nomination form refuses them.
    pool = _candidates(branches[7])
    if pool:
        ensure(
            DisciplineRecord,
            {"member": pool[0], "started_on": D(2016, 4, 12)},
            {
                "kind": DisciplineRecord.Kind.WARNING,
                "ended_on": D(2017, 4, 11),
                "reason": "违反财经纪律，擅自挪用村集体资金。",
            },
        )

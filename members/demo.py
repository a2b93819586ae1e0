"""The demo township's members side of issue 4: contact logs of mobile members (one out of
touch for over six months), the 2016 democratic appraisal, a development pipeline with
people at every stage (one conversion overdue on 2016-12-20), reserve cadres, 大学生村官 on
two committees, and the 2016 双争 and 双学双比 campaigns. Idempotent: ensure() or
bulk_create_with_history for rows not there yet."""

import datetime

from simple_history.utils import bulk_create_with_history

from branches.models import Branch, CommitteePosition
from township.dates import add_months
from township.demo_data import WEAK_BRANCH, area_code_of, ensure, make_id_number
from township.late import entered_on_day

from .models import (
    Applicant,
    Appraisal,
    Campaign,
    CampaignBranch,
    CampaignMember,
    CampaignResult,
    ContactLog,
    Member,
    ReserveCadre,
)

APPRAISAL_YEAR = 2016
LOST_SINCE_CONTACT = datetime.date(2016, 4, 15)
HOW = ["phone", "message", "phone", "visit"]


def load(township) -> None:
    branches = list(Branch.objects.filter(township=township).order_by("position"))
    members = list(
        Member.objects.filter(branch__township=township).current().order_by("joined_on", "id")
    )
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.branch_id, []).append(m)
    _contacts(members)
    _appraisals(township, branches, by_branch)
    officials = _village_officials(branches, by_branch)
    _reserve_cadres(branches, by_branch, officials)
    _pipeline(township, branches, by_branch)
    _campaigns(township, branches, by_branch)


def _contacts(members) -> None:
    existing = set(ContactLog.objects.filter(member__in=members).values_list("member_id", "date"))
    new = []
    for m in members:
        if not (m.is_mobile and m.last_contact_on):
            continue
        for step, months in enumerate((0, 3, 6)):
            day = add_months(m.last_contact_on, -months)
            if m.mobile_since and day < m.mobile_since:
                break
            if (m.pk, day) not in existing:
                new.append(
                    ContactLog(
                        member=m,
                        date=day,
                        # By ID number, not primary key (keys differ between databases).
                        how=HOW[(int(m.id_number[14:17]) + step) % len(HOW)],
                        what=f"了解{m.mobile_destination}务工情况，传达支部学习内容。",
                        created_at=entered_on_day(day),
                    )
                )
    if new:
        bulk_create_with_history(new, ContactLog)
    # The mobile member last heard of in April (overview/demo.py) has lost contact.
    for m in members:
        if m.is_mobile and m.last_contact_on == LOST_SINCE_CONTACT:
            ensure(
                Member,
                {"pk": m.pk},
                {"is_lost_contact": True, "lost_contact_since": datetime.date(2016, 7, 1)},
            )


def _appraisals(township, branches, by_branch) -> None:
    """Every branch but the weak one appraised its full members in December."""
    if Appraisal.objects.filter(branch__township=township, year=APPRAISAL_YEAR).exists():
        return
    rows = []
    for branch in branches:
        if branch.name == WEAK_BRANCH:
            continue
        graded = [m for m in by_branch.get(branch.pk, []) if Appraisal.gradable(m, APPRAISAL_YEAR)]
        excellent = max(1, len(graded) // 4)
        for i, m in enumerate(graded):
            if i < excellent:
                result = Appraisal.Result.EXCELLENT
            elif i == len(graded) - 1 and len(graded) > 10:
                result = Appraisal.Result.BASICALLY
            else:
                result = Appraisal.Result.QUALIFIED
            rows.append(
                Appraisal(
                    member=m,
                    branch=branch,
                    year=APPRAISAL_YEAR,
                    result=result,
                    created_at=entered_on_day(datetime.date(APPRAISAL_YEAR, 12, 16)),
                )
            )
    bulk_create_with_history(rows, Appraisal)


def _village_officials(branches, by_branch) -> set[int]:
    """大学生村官: on the committees of 青龙村 and 石桥村, and one not (yet) on one."""
    chosen = []
    for name, post in (("青龙村党支部", "publicity"), ("石桥村党支部", "organisation")):
        position = (
            CommitteePosition.objects.filter(branch__name=name, position=post, left_on__isnull=True)
            .select_related("member")
            .first()
        )
        if position:
            chosen.append(position.member)
    weak = next(b for b in branches if b.name == WEAK_BRANCH)
    young = [m for m in by_branch.get(weak.pk, []) if m.full_member_on and not m.is_mobile]
    young.sort(key=lambda m: (m.birth_date, m.pk), reverse=True)
    committee = set(
        CommitteePosition.objects.filter(branch=weak).values_list("member_id", flat=True)
    )
    young = [m for m in young if m.pk not in committee]
    if young:
        chosen.append(young[0])
    for m in chosen:
        ensure(Member, {"pk": m.pk}, {"is_village_official": True})
    return {m.pk for m in chosen}


RESERVE_NAMES = ["陈志远", "刘晓燕", "王浩", "李婷", "张鹏", "杨帆", "黄丽", "周强", "吴敏", "郑凯"]


def _reserve_cadres(branches, by_branch, officials: set[int]) -> None:
    """Two reserve cadres for each village and the community: a young member and a young
    villager not yet in the Party."""
    villages = [b for b in branches if b.kind in (Branch.Kind.VILLAGE, Branch.Kind.COMMUNITY)]
    for i, branch in enumerate(villages):
        young = [
            m
            for m in by_branch.get(branch.pk, [])
            if m.full_member_on and not m.is_mobile and m.birth_date.year >= 1970
        ]
        young.sort(key=lambda m: (m.birth_date, m.pk), reverse=True)
        if young:
            m = young[0]
            ensure(
                ReserveCadre,
                {"branch": branch, "name": m.name},
                {
                    "member": m,
                    "gender": m.gender,
                    "birth_date": m.birth_date,
                    "education": m.education,
                    "job": m.job,
                    "is_village_official": m.pk in officials,
                    "strong_in_getting_rich": i % 2 == 0,
                    "strong_in_leading": True,
                    "since": datetime.date(2016, 4, 1),
                },
            )
        name = RESERVE_NAMES[i % len(RESERVE_NAMES)]
        ensure(
            ReserveCadre,
            {"branch": branch, "name": name},
            {
                "member": None,
                "gender": "F" if i % 3 == 1 else "M",
                "birth_date": datetime.date(1988 + i % 6, 1 + i, 10),
                "education": "college",
                "job": "种养殖大户" if i % 2 else "返乡创业青年",
                "is_village_official": False,
                "strong_in_getting_rich": True,
                "strong_in_leading": i % 2 == 0,
                "since": datetime.date(2016, 4, 1),
            },
        )


def _full_members(branch_members, day, count=2):
    full = [m for m in branch_members if m.full_member_on and m.full_member_on <= day]
    return (full + [None, None])[:count]


def _pipeline(township, branches, by_branch) -> None:
    """People at every stage: dates relative to the demo's today, 2016-12-20."""
    by_name = {b.name: b for b in branches}
    d = datetime.date
    early = [
        # branch, name, gender, birth, applied, talked, activist, candidate
        ("青龙村党支部", "陈思远", "M", d(1995, 2, 14), d(2016, 12, 1), None, None, None),
        ("白岩村党支部", "刘雨欣", "F", d(1993, 8, 3), d(2016, 10, 10), None, None, None),
        (
            "石桥村党支部",
            "王俊杰",
            "M",
            d(1990, 6, 21),
            d(2015, 9, 1),
            d(2015, 9, 20),
            d(2016, 3, 15),
            None,
        ),
        (
            "红星村党支部",
            "李春梅",
            "F",
            d(1988, 11, 9),
            d(2015, 3, 1),
            d(2015, 3, 20),
            d(2015, 9, 10),
            None,
        ),
        (
            "双河村党支部",
            "张志强",
            "M",
            d(1986, 4, 27),
            d(2014, 3, 3),
            d(2014, 3, 25),
            d(2014, 9, 1),
            d(2015, 10, 8),
        ),
        (
            "青山社区党支部",
            "赵晓东",
            "M",
            d(1991, 1, 5),
            d(2016, 5, 6),
            d(2016, 5, 30),
            d(2016, 11, 2),
            None,
        ),
    ]
    for serial, (
        branch_name,
        name,
        gender,
        birth,
        applied,
        talked,
        activist,
        candidate,
    ) in enumerate(early, start=9001):
        branch = by_name[branch_name]
        contacts = _full_members(by_branch.get(branch.pk, []), activist or applied)
        ensure(
            Applicant,
            {"branch": branch, "name": name},
            {
                "gender": gender,
                "id_number": make_id_number(birth, gender, serial, area_code_of(township)),
                "birth_date": birth,
                "education": "high_school",
                "category": "farmer",
                "applied_on": applied,
                "talked_on": talked,
                "activist_on": activist,
                "candidate_on": candidate,
                "contact_1": contacts[0] if activist else None,
                "contact_2": contacts[1] if activist else None,
            },
        )
    # Probationary members already on the roll get their development record; the weak
    # branch's, admitted 2015-11-20, is overdue for conversion.
    for branch in branches:
        for m in by_branch.get(branch.pk, []):
            if m.full_member_on is None:
                _record_for(branch, m, by_branch, converted=False)
    # One who completed the whole way in 2016.
    recent = [
        m
        for b in branches
        for m in by_branch.get(b.pk, [])
        if m.full_member_on and m.full_member_on.year == 2016 and m.birth_date.year >= 1975
    ]
    if recent:
        m = recent[0]
        _record_for(next(b for b in branches if b.pk == m.branch_id), m, by_branch, converted=True)


def _record_for(branch, m, by_branch, *, converted: bool) -> None:
    admitted = m.joined_on
    candidate = add_months(admitted, -3)
    activist = add_months(candidate, -14)
    applied = add_months(activist, -6)
    talked = applied + datetime.timedelta(days=20)
    people = [p for p in by_branch.get(branch.pk, []) if p.pk != m.pk]
    introducers = _full_members(people, admitted)
    contacts = _full_members(list(reversed(people)), activist)
    ensure(
        Applicant,
        {"member": m},
        {
            "branch": branch,
            "name": m.name,
            "gender": m.gender,
            "ethnicity": m.ethnicity,
            "id_number": m.id_number,
            "birth_date": m.birth_date,
            "education": m.education,
            "category": m.category,
            "job": m.job,
            "phone": m.phone,
            "applied_on": applied,
            "talked_on": talked,
            "activist_on": activist,
            "candidate_on": candidate,
            "contact_1": contacts[0],
            "contact_2": contacts[1],
            "introducer_1": introducers[0],
            "introducer_2": introducers[1],
            "admitted_on": admitted,
            "converted_on": m.full_member_on if converted else None,
        },
    )


def _campaigns(township, branches, by_branch) -> None:
    strive = ensure(
        Campaign,
        {"township": township, "year": 2016, "kind": Campaign.Kind.DOUBLE_STRIVE},
        {
            "title": "2016年“双争”活动",
            "standards": "争做五好党组织：领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。\n"
            "争做优秀共产党员：政治坚定、作风过硬、带头致富、带领群众致富、服务群众。",
            "starts_on": datetime.date(2016, 3, 1),
            "ends_on": datetime.date(2016, 12, 31),
        },
    )
    learn = ensure(
        Campaign,
        {"township": township, "year": 2016, "kind": Campaign.Kind.DOUBLE_LEARN},
        {
            "title": "2016年“双学双比”活动",
            "standards": "学理论、学技能，比党性、比贡献：每名党员全年参加集中学习不少于12次，"
            "掌握一至两门实用技术，带动一户以上群众增收。",
            "starts_on": datetime.date(2016, 4, 1),
            "ends_on": datetime.date(2016, 11, 30),
        },
    )
    excellent = set(
        Appraisal.objects.filter(
            branch__in=branches, year=APPRAISAL_YEAR, result=Appraisal.Result.EXCELLENT
        ).values_list("member_id", flat=True)
    )
    for i, branch in enumerate(branches):
        if branch.name == WEAK_BRANCH:
            result = CampaignResult.FAILED
        elif i in (0, 11):
            result = CampaignResult.EXCELLENT
        else:
            result = CampaignResult.PASSED
        ensure(CampaignBranch, {"campaign": strive, "branch": branch}, {"result": result})
        branch_members = by_branch.get(branch.pk, [])
        for m in [m for m in branch_members if m.pk in excellent][:2]:
            ensure(
                CampaignMember,
                {"campaign": strive, "member": m},
                {"result": CampaignResult.EXCELLENT},
            )
        if branch.kind == Branch.Kind.VILLAGE:
            learners = [m for m in branch_members if not m.is_mobile and m.birth_date.year >= 1960]
            for j, m in enumerate(learners[:3]):
                ensure(
                    CampaignMember,
                    {"campaign": learn, "member": m},
                    {
                        "result": CampaignResult.EXCELLENT
                        if j == 0 and branch.name != WEAK_BRANCH
                        else CampaignResult.PASSED
                    },
                )

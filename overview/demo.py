"""The demo township: the seed's facts (DOMAIN.md table) as data.

Everything is derived from a fixed random seed, and every write goes through `ensure()`,
which creates a missing row, updates a changed one and leaves an equal one alone: running
the loader twice leaves the same data and writes no second round of history.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from branches.models import Branch, BranchGrade, CommitteePosition, Rectification
from members.models import Member
from township.dates import add_years
from township.demo_data import (
    AREA_CODE,
    MAX_TOWNSHIPS,
    TOWNSHIP_NAMES,
    WEAK_BRANCH,
    area_code_of,
    ensure,
    make_id_number,
)
from township.models import Role, Township, User

DEMO_DATE = datetime.date(2016, 12, 20)
SEED = 2016


@dataclass(frozen=True)
class BranchSpec:
    name: str
    short_name: str
    kind: str
    members: int
    grade_2016: str
    grade_2015: str
    founded: datetime.date


V = Branch.Kind.VILLAGE
G = BranchGrade.Grade
BRANCHES = [
    BranchSpec("青龙村党支部", "青龙村", V, 28, G.GOOD, G.GOOD, datetime.date(1956, 3, 1)),
    BranchSpec(
        "白岩村党支部", "白岩村", V, 25, G.FAIRLY_GOOD, G.FAIRLY_GOOD, datetime.date(1956, 5, 1)
    ),
    BranchSpec(
        "石桥村党支部", "石桥村", V, 24, G.FAIRLY_GOOD, G.AVERAGE, datetime.date(1957, 2, 1)
    ),
    BranchSpec(
        "红星村党支部", "红星村", V, 22, G.FAIRLY_GOOD, G.FAIRLY_GOOD, datetime.date(1958, 7, 1)
    ),
    BranchSpec(
        "双河村党支部", "双河村", V, 21, G.FAIRLY_GOOD, G.FAIRLY_GOOD, datetime.date(1958, 9, 1)
    ),
    BranchSpec(
        "柏林村党支部", "柏林村", V, 20, G.FAIRLY_GOOD, G.AVERAGE, datetime.date(1961, 4, 1)
    ),
    BranchSpec(
        "新华村党支部", "新华村", V, 19, G.FAIRLY_GOOD, G.FAIRLY_GOOD, datetime.date(1965, 6, 1)
    ),
    BranchSpec("石板村党支部", "石板村", V, 18, G.POOR, G.POOR, datetime.date(1966, 3, 1)),
    BranchSpec(
        "青山社区党支部",
        "青山社区",
        Branch.Kind.COMMUNITY,
        22,
        G.FAIRLY_GOOD,
        G.FAIRLY_GOOD,
        datetime.date(2003, 7, 1),
    ),
    BranchSpec(
        "青山乡中心学校党支部",
        "中心学校",
        Branch.Kind.INSTITUTION,
        13,
        G.FAIRLY_GOOD,
        G.FAIRLY_GOOD,
        datetime.date(1985, 9, 1),
    ),
    BranchSpec(
        "青山茶业有限公司党支部",
        "茶业公司",
        Branch.Kind.ENTERPRISE,
        9,
        G.FAIRLY_GOOD,
        G.FAIRLY_GOOD,
        datetime.date(2009, 5, 1),
    ),
    BranchSpec(
        "青山乡机关党支部",
        "乡机关",
        Branch.Kind.ORGAN,
        18,
        G.GOOD,
        G.FAIRLY_GOOD,
        datetime.date(1952, 10, 1),
    ),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢唐许冯宋韩邓彭曾肖田董潘袁蒋蔡余杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛顾龚"
)
MALE_GIVEN = "建国华明军伟强德成福志勇平文富贵学林海兵忠全正荣光永刚春祥云洪超杰"
FEMALE_GIVEN = "秀英兰芳玉梅红琴霞丽敏燕娟华素珍凤萍桂芝婷静慧"
DESTINATIONS = [
    "广东省深圳市宝安区",
    "广东省东莞市长安镇",
    "浙江省宁波市鄞州区",
    "福建省厦门市集美区",
    "四川省成都市武侯区",
    "重庆市渝北区",
    "江苏省苏州市昆山市",
]


def _member_rows(
    spec: BranchSpec,
    first_serial: int,
    rng: random.Random,
    *,
    area_code: str = AREA_CODE,
    township: str = "青山乡",
) -> list[dict]:
    """Members whose ages, schooling and mobility look like an inland township's."""
    village = spec.kind in (Branch.Kind.VILLAGE, Branch.Kind.COMMUNITY)
    clan = rng.sample(SURNAMES[:12], 2)
    rows = []
    for i in range(spec.members):
        serial = first_serial + i
        gender = "M" if rng.random() < (0.78 if village else 0.6) else "F"
        if village:
            band = rng.random()
            if band < 0.45:
                year = rng.randint(1932, 1956)  # sixty and over: the largest group
            elif band < 0.75:
                year = rng.randint(1957, 1971)
            elif band < 0.88:
                year = rng.randint(1972, 1981)
            else:
                year = rng.randint(1982, 1994)
        else:
            year = rng.randint(1960, 1992)
        birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        surname = rng.choice(clan) if village and rng.random() < 0.5 else rng.choice(SURNAMES)
        given_pool = MALE_GIVEN if gender == "M" else FEMALE_GIVEN
        name = surname + "".join(rng.sample(given_pool, rng.choice((1, 2, 2))))
        age = 2016 - year
        if village:
            if age >= 60:
                education = rng.choice(["primary", "primary", "junior_high"])
            elif age >= 40:
                education = rng.choice(["primary", "junior_high", "junior_high", "high_school"])
            else:
                education = rng.choice(
                    ["junior_high", "high_school", "secondary_vocational", "college", "bachelor"]
                )
            category = "retired" if age >= 70 and rng.random() < 0.3 else "farmer"
            if spec.kind == Branch.Kind.COMMUNITY and category == "farmer" and rng.random() < 0.5:
                category = rng.choice(["worker", "other", "none"])
        elif spec.kind == Branch.Kind.ENTERPRISE:
            education = rng.choice(["high_school", "secondary_vocational", "college", "bachelor"])
            category = rng.choice(["worker", "worker", "manager", "professional"])
        elif spec.kind == Branch.Kind.INSTITUTION:
            education = rng.choice(["college", "bachelor", "bachelor"])
            category = "professional"
        else:
            education = rng.choice(["college", "bachelor", "bachelor", "postgraduate"])
            category = "official"
        earliest_join = add_years(birth, rng.randint(20, 35))
        joined = min(earliest_join, datetime.date(2015, 12, 1))
        joined = max(joined, add_years(birth, 18) + datetime.timedelta(days=30))
        probationary = i == spec.members - 1 and spec.members >= 18
        if probationary:
            joined = datetime.date(2016, rng.randint(1, 10), rng.randint(1, 28))
            birth = datetime.date(rng.randint(1986, 1994), birth.month, birth.day)
            age = 2016 - birth.year
        if probationary and spec.name == WEAK_BRANCH:
            # Issue 4: the demo's one probationary member whose conversion is overdue.
            joined = datetime.date(2015, 11, 20)
        full_on = None if probationary else add_years(joined, 1)
        mobile = village and age < 45 and rng.random() < 0.55
        job = {
            "farmer": "务农",
            "retired": "退休",
            "worker": "工人",
            "manager": "企业管理",
            "professional": "教师" if spec.kind == Branch.Kind.INSTITUTION else "技术员",
            "official": "乡机关干部",
            "other": "个体经营",
            "none": "",
        }[category]
        if mobile:
            job = "外出务工"
            category = "worker"
        row = {
            "name": name,
            "gender": gender,
            "ethnicity": "汉族" if rng.random() < 0.97 else rng.choice(["土家族", "彝族", "回族"]),
            "id_number": make_id_number(birth, gender, serial, area_code),
            "birth_date": birth,
            "education": education,
            "category": category,
            "joined_on": joined,
            "full_member_on": full_on,
            "job": job,
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "address": f"云溪县{township}{spec.short_name}{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
            "is_mobile": mobile,
            "mobile_destination": rng.choice(DESTINATIONS) if mobile else "",
            "mobile_since": datetime.date(rng.randint(2010, 2016), rng.randint(1, 6), 1)
            if mobile
            else None,
            # Contacts within the last six months (months 7 to 10)...
            "last_contact_on": datetime.date(2016, 7 + rng.randint(1, 11) // 3, rng.randint(1, 28))
            if mobile
            else None,
        }
        if mobile and spec.name == "柏林村党支部" and not any(r["is_mobile"] for r in rows):
            # ...but for one mobile member out of touch for over six months (issue 4).
            row["last_contact_on"] = datetime.date(2016, 4, 15)
        rows.append(row)
    return rows


COUNTY = "云溪县"
MAX_COUNTY = MAX_TOWNSHIPS


@transaction.atomic
def load_demo(*, password: str | None, county: int = 1) -> dict:
    """Create or refresh the demo township (and, with county > 1, the county's other
    townships, varied); returns counts for the command's summary."""
    if not 1 <= county <= MAX_COUNTY:
        raise ValueError(f"county must be between 1 and {MAX_COUNTY}")
    result = _load_township(0, password)
    for index in range(1, county):
        generated = _load_township(index, password or result["password"])["password"]
        result["password"] = result["password"] or generated
    _county_account(password or result["password"])
    result["townships"] = county
    return result


def _township_facts(index: int) -> tuple[str, dict]:
    if index == 0:
        return "青山乡", {
            "committee_name": "中共青山乡委员会",
            "distance_to_county_km": Decimal("36.0"),
            "area_km2": Decimal("23.00"),
            "households": 2470,
            "population": 10750,
            "secretary_name": "周建华",
            "address": "云溪县青山乡场镇街1号",
            "phone": "0838-6512001",
        }
    name = TOWNSHIP_NAMES[index]
    rng = random.Random(f"{SEED}-township-{index}")
    households = rng.randint(1500, 4200)
    return name, {
        "committee_name": f"中共{name}委员会",
        "distance_to_county_km": Decimal(rng.randint(50, 600)) / 10,
        "area_km2": Decimal(rng.randint(1200, 6000)) / 100,
        "households": households,
        "population": households * rng.randint(38, 46) // 10,
        "secretary_name": "",
        "address": f"云溪县{name}场镇",
        "phone": "",
    }


def _varied(spec: BranchSpec, index: int, rng: random.Random) -> BranchSpec:
    """Another township's branch: its size and grades drawn from the seed's, so the county
    comparison shows differences. The weak village stays weak (the apps' demos rely on it)."""
    if index == 0:
        return spec
    from dataclasses import replace

    grades = [G.GOOD, G.FAIRLY_GOOD, G.FAIRLY_GOOD, G.FAIRLY_GOOD, G.AVERAGE, G.AVERAGE, G.POOR]
    weak = spec.name == WEAK_BRANCH
    members = max(8, round(spec.members * rng.uniform(0.7, 1.3)))
    grade_2016 = G.POOR if weak else rng.choice(grades)
    grade_2015 = rng.choice(grades)
    if weak and grade_2015 in (G.GOOD, G.FAIRLY_GOOD):
        grade_2015 = G.AVERAGE  # a weak-and-lax branch is graded 一般 or 较差 (issue 16)
    return replace(spec, members=members, grade_2016=grade_2016, grade_2015=grade_2015)


def _load_township(index: int, password: str | None) -> dict:
    rng = random.Random(SEED if index == 0 else f"{SEED}-{index}")
    name, facts = _township_facts(index)
    township = ensure(Township, {"county": COUNTY, "name": name}, facts)
    area_code = area_code_of(township)
    serial = 1
    for position, spec in enumerate(BRANCHES, start=1):
        spec = _varied(spec, index, rng)
        branch = ensure(
            Branch,
            {"township": township, "name": spec.name},
            {
                "short_name": spec.short_name,
                "kind": spec.kind,
                "founded_on": spec.founded,
                "position": position,
            },
        )
        members = []
        for row in _member_rows(spec, serial, rng, area_code=area_code, township=name):
            id_number = row.pop("id_number")
            members.append(ensure(Member, {"id_number": id_number}, {"branch": branch, **row}))
        serial += spec.members
        _committee(branch, spec, members)
        for year, grade in ((2015, spec.grade_2015), (2016, spec.grade_2016)):
            weak = spec.name == WEAK_BRANCH
            ensure(
                BranchGrade,
                {"branch": branch, "year": year},
                {
                    "grade": grade,
                    "weak_and_lax": weak,
                    "basis": "班子不健全，组织生活流于形式，群众满意度低。" if weak else "",
                    "assessed_on": datetime.date(year, 12, 10)
                    if year == 2015
                    else datetime.date(2016, 3, 10),
                },
            )
    weak_branch = Branch.objects.get(township=township, name=WEAK_BRANCH)
    # Weak in 2015 too (graded above): that year's rectification, closed at the year's end.
    ensure(
        Rectification,
        {"branch": weak_branch, "year": 2015},
        {
            "problems": "“三会一课”不正常，党员大会长期未召开，村务公开不及时。",
            "adjust_leader": False,
            "fill_vacancies": True,
            "send_cadre": False,
            "measures": "补选支部委员一名；乡党委联系领导每月列席支部会议。",
            "responsible": "乡党委组织委员",
            "deadline": datetime.date(2015, 12, 31),
            "status": Rectification.Status.DONE,
            "result": "支部委员配齐，组织生活有所恢复，但群众满意度仍偏低，2016年继续整顿。",
            "closed_on": datetime.date(2015, 12, 25),
        },
    )
    ensure(
        Rectification,
        {"branch": weak_branch, "year": 2016},
        {
            "problems": "支部书记缺乏组织领导能力，班子成员缺额，“三会一课”不落实，群众意见较大。",
            "adjust_leader": True,
            "fill_vacancies": True,
            "send_cadre": True,
            "measures": "调整支部书记；从大学生村官中选任一名同志进支部班子；乡党委下派机关干部任第一书记。",
            "responsible": "乡党委副书记 李明",
            "deadline": datetime.date(2016, 12, 31),
            "status": Rectification.Status.IN_PROGRESS,
            "result": "",
            "closed_on": None,
        },
    )
    new_password = _accounts(township, password, index)
    for loader in _app_loaders():
        loader(township)
    return {
        "township": township,
        "branches": Branch.objects.filter(township=township).count(),
        "members": Member.objects.filter(branch__township=township).current().count(),
        "password": new_password,
    }


#: Each domain app may add its part of the demo in `<app>/demo.py` as `load(township)`,
#: idempotent like the rest; they run in this order, after the foundation above.
DEMO_MODULES = [
    # First: who left and who arrived by transfer shapes 2016's roster for all that follows.
    "transfers.demo",
    "branches.demo",
    "members.demo",
    "members.development_demo",
    "plans.demo",
    "finance.demo",
    "awards.demo",
    "dues.demo",
    # After the dues ledger: an open letter states the dues paid up to from it.
    "transfers.demo_open",
]


def _app_loaders():
    import importlib
    import importlib.util

    for name in DEMO_MODULES:
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name).load


def _committee(branch: Branch, spec: BranchSpec, members: list[Member]) -> None:
    full = [
        m
        for m in members
        if m.full_member_on and 30 <= 2016 - m.birth_date.year <= 58 and not m.is_mobile
    ]
    full.sort(key=lambda m: (m.birth_date, m.pk))
    if spec.kind in (Branch.Kind.VILLAGE, Branch.Kind.COMMUNITY):
        term_start = datetime.date(2014, 3, 20)
    else:
        # Three-year terms: these committees' terms ended in 2016, so an election is due.
        term_start = datetime.date(2013, 6, 28)
    if spec.name == WEAK_BRANCH:
        seats = ["secretary"]  # vacancies the rectification must fill
        term_start = datetime.date(2016, 6, 15)
    elif len([m for m in members if m.full_member_on]) >= 7:
        seats = ["secretary", "organisation", "publicity", "discipline"]
    else:
        seats = ["secretary"]
    for seat, member in zip(seats, full, strict=False):
        ensure(
            CommitteePosition,
            {"branch": branch, "position": seat, "left_on": None},
            {
                "member": member,
                "term_start": term_start,
                "term_end": add_years(term_start, branch.term_years),
            },
        )


def _county_account(password: str | None) -> None:
    """xian: the county organisation department, reading every township of the county."""
    user = User.objects.filter(username="xian").first()
    if user is None:
        user = User(username="xian", full_name="县委组织部")
        user.set_password(password) if password else user.set_unusable_password()
        user.save()
    elif password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    Role.objects.get_or_create(user=user, kind=Role.Kind.COUNTY, county=COUNTY, township=None)


def _accounts(township: Township, password: str | None, index: int = 0) -> str | None:
    """zuzhi (staff), lingdao (leadership), shuji01..shuji12 (secretaries, branch order);
    for the county's other townships the same names with the township's number in front
    (t02zuzhi, t02shuji01…).

    Passwords: DEMO_PASSWORD when given; otherwise new accounts get one generated password,
    returned so the command prints it once; existing accounts keep theirs."""
    import secrets

    generated = None
    branches = list(Branch.objects.filter(township=township).order_by("position"))
    prefix = f"t{index + 1:02d}" if index else ""
    accounts = [
        (f"{prefix}zuzhi", "组织办", Role.Kind.STAFF, None),
        (f"{prefix}lingdao", "乡党委领导", Role.Kind.LEADER, None),
    ]
    accounts += [
        (f"{prefix}shuji{i:02d}", f"{b.short_name}支部书记", Role.Kind.SECRETARY, b)
        for i, b in enumerate(branches, start=1)
    ]
    for username, full_name, kind, branch in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name)
            if password is None and generated is None:
                generated = secrets.token_urlsafe(9)
            user.set_password(password or generated)
            user.save()
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if user.full_name != full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        Role.objects.get_or_create(user=user, kind=kind, township=township, branch=branch)
    return generated

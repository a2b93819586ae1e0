from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from stdnum.cn import ric

from branches.models import Branch, BranchGrade, Rectification
from branches.selectors import grade_distribution
from members.models import Member
from township.models import Role, User

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "members": sorted(
            Member.objects.values_list(
                "id_number", "name", "branch__name", "birth_date", "joined_on", "is_mobile"
            )
        ),
        "branches": sorted(Branch.objects.values_list("name", "kind", "position")),
        "grades": sorted(
            BranchGrade.objects.values_list("branch__name", "year", "grade", "weak_and_lax")
        ),
        "history": (Member.history.count(), Branch.history.count(), BranchGrade.history.count()),
        "roles": sorted(Role.objects.values_list("user__username", "kind", "branch__name")),
    }


def test_the_township_reproduces_the_seed(demo):
    assert (demo.distance_to_county_km, demo.area_km2) == (Decimal("36.0"), Decimal("23.00"))
    assert (demo.households, demo.population) == (2470, 10750)
    branches = Branch.objects.filter(township=demo)
    assert branches.count() == 12
    kinds = Counter(branches.values_list("kind", flat=True))
    assert kinds == {"village": 8, "community": 1, "enterprise": 1, "institution": 1, "organ": 1}
    assert Member.objects.current().filter(branch__township=demo).count() == 239


def test_the_2016_grades_are_two_nine_one(demo):
    d = grade_distribution(Branch.objects.filter(township=demo), 2016)
    counts = {r.key: (r.count, r.percent) for r in d.rows}
    assert counts["good"] == (2, Decimal("16.7"))
    assert counts["fairly_good"] == (9, Decimal("75.0"))
    assert (d.weak.count, d.weak.percent) == (1, Decimal("8.3"))
    weak = BranchGrade.objects.get(year=2016, weak_and_lax=True).branch
    assert Rectification.objects.filter(branch=weak, year=2016).exists()


def test_every_member_is_valid_and_looks_like_a_township(demo):
    members = list(Member.objects.all())
    for m in members:
        m.full_clean()
        assert ric.get_birth_date(m.id_number) == m.birth_date
    older = sum(1 for m in members if 2016 - m.birth_date.year >= 60)
    young_away = sum(1 for m in members if m.is_mobile and 2016 - m.birth_date.year < 45)
    probationary = sum(1 for m in members if m.is_probationary)
    assert older > len(members) * 0.25
    assert young_away >= 5
    assert 1 <= probationary <= 20
    assert Counter(m.gender for m in members)["F"] > 20


def test_it_creates_the_demo_accounts(demo):
    names = set(User.objects.values_list("username", flat=True))
    assert {"zuzhi", "lingdao"} | {f"shuji{i:02d}" for i in range(1, 13)} <= names
    shuji01 = User.objects.get(username="shuji01")
    assert shuji01.check_password("demo-pass-2016")
    assert shuji01.roles.get().branch.position == 1
    assert User.objects.get(username="shuji12").roles.get().branch.kind == "organ"


def test_it_is_idempotent(demo, monkeypatch):
    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_without_demo_password_it_prints_a_generated_one_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out
    assert "密码" in first and "密码" not in second
    password = first.strip().splitlines()[-1].split("：")[-1]
    assert User.objects.get(username="zuzhi").check_password(password)

"""Small factories; every member gets a valid ID number that agrees with birth and gender."""

import datetime
import itertools

import factory

from branches.models import Branch, BranchGrade, CommitteePosition
from members.models import Member
from township.demo_data import AREA_CODES, make_id_number
from township.models import Role, Township, User

_serial = itertools.count(1)


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    name = factory.Sequence(lambda n: f"测试{n}乡")
    county = "云溪县"
    committee_name = factory.LazyAttribute(lambda o: f"中共{o.name}委员会")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"第{n}村党支部")
    short_name = factory.Sequence(lambda n: f"第{n}村")
    kind = Branch.Kind.VILLAGE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    class Params:
        serial = factory.LazyFunction(lambda: next(_serial))

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = "M"
    birth_date = datetime.date(1970, 5, 6)
    # The sequence part holds 500 numbers per birth date and gender: past that, another
    # area code keeps the numbers unique in long test runs.
    id_number = factory.LazyAttribute(
        lambda o: make_id_number(
            o.birth_date, o.gender, o.serial % 500, AREA_CODES[(o.serial // 500) % len(AREA_CODES)]
        )
    )
    education = Member.Education.HIGH_SCHOOL
    category = Member.Category.FARMER
    joined_on = datetime.date(1995, 7, 1)
    full_member_on = datetime.date(1996, 7, 1)
    phone = "13800001234"
    address = "云溪县青山乡青龙村3组12号"


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchGrade

    branch = factory.SubFactory(BranchFactory)
    year = 2016
    grade = BranchGrade.Grade.FAIRLY_GOOD


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteePosition

    branch = factory.SelfAttribute("member.branch")
    member = factory.SubFactory(MemberFactory)
    position = CommitteePosition.Position.SECRETARY
    term_start = datetime.date(2014, 3, 20)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-Aa123456")


def make_role(user, kind, township, branch=None):
    return Role.objects.create(user=user, kind=kind, township=township, branch=branch)


def applicant_kwargs(branch, **overrides) -> dict:
    """A development record's fields: born 1990, applied 2015-03-02 (ID number agrees)."""
    birth = overrides.pop("birth_date", datetime.date(1990, 4, 5))
    values = {
        "branch": branch,
        "name": "赵申请",
        "gender": "M",
        "id_number": make_id_number(birth, "M", 900 + next(_serial)),
        "birth_date": birth,
        "education": Member.Education.HIGH_SCHOOL,
        "category": Member.Category.FARMER,
        "applied_on": datetime.date(2015, 3, 2),
    }
    values.update(overrides)
    return values

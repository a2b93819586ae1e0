import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from branches.models import Branch, BranchGrade, Rectification
from branches.selectors import branches_with_figures, grade_distribution, rule_warnings
from township.figures import percent

from ..factories import BranchFactory, GradeFactory, MemberFactory, PositionFactory, TownshipFactory

pytestmark = pytest.mark.django_db


def warnings_for(branch):
    return rule_warnings(branches_with_figures(Branch.objects.filter(pk=branch.pk)).get())


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(2, 12) == Decimal("16.7")
    assert percent(9, 12) == Decimal("75.0")
    assert percent(1, 12) == Decimal("8.3")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 0) == Decimal("0.0")


def test_grade_distribution_of_the_seed():
    township = TownshipFactory()
    grades = ["good"] * 2 + ["fairly_good"] * 9 + ["poor"]
    for grade in grades:
        GradeFactory(
            branch=BranchFactory(township=township), grade=grade, weak_and_lax=grade == "poor"
        )
    GradeFactory(branch=BranchFactory(township=township), year=2015, grade="average")
    d = grade_distribution(Branch.objects.filter(township=township), 2016)
    assert d.total == 12
    by_key = {r.key: (r.count, r.percent) for r in d.rows}
    assert by_key == {
        "good": (2, Decimal("16.7")),
        "fairly_good": (9, Decimal("75.0")),
        "average": (0, Decimal("0.0")),
        "poor": (1, Decimal("8.3")),
    }
    assert (d.weak.count, d.weak.percent) == (1, Decimal("8.3"))


def test_grade_distribution_ignores_other_townships():
    GradeFactory(grade="good")
    d = grade_distribution(Branch.objects.filter(township=TownshipFactory()), 2016)
    assert d.total == 0 and d.weak.percent == Decimal("0.0")


def test_one_grade_per_branch_per_year():
    g = GradeFactory()
    twin = BranchGrade(branch=g.branch, year=g.year, grade="good")
    with pytest.raises(ValidationError):
        twin.full_clean()


def test_a_small_branch_should_be_joint_and_has_a_vacant_secretary():
    branch = BranchFactory()
    MemberFactory.create_batch(2, branch=branch)
    warnings = warnings_for(branch)
    assert any("联合党支部" in w for w in warnings)
    assert any("书记" in w and "空缺" in w for w in warnings)


def test_a_large_branch_without_committee():
    branch = BranchFactory()
    members = MemberFactory.create_batch(7, branch=branch)
    PositionFactory(member=members[0], term_start=datetime.date(2016, 1, 1))
    warnings = warnings_for(branch)
    assert any("委员会" in w for w in warnings)
    assert not any("空缺" in w for w in warnings)


def test_more_than_fifty_members():
    branch = BranchFactory()
    MemberFactory.create_batch(51, branch=branch)
    assert any("50" in w for w in warnings_for(branch))


def test_members_who_left_do_not_count():
    branch = BranchFactory()
    MemberFactory.create_batch(3, branch=branch)
    MemberFactory(branch=branch, left_on=datetime.date(2016, 1, 1), leave_reason="death")
    figures = branches_with_figures(Branch.objects.filter(pk=branch.pk)).get()
    assert (figures.member_count, figures.full_count) == (3, 3)


@override_settings(TOWNSHIP_TODAY=datetime.date(2016, 12, 20))
def test_term_end_is_computed_and_an_ended_term_is_flagged():
    village = BranchFactory(kind=Branch.Kind.VILLAGE)
    organ = BranchFactory(kind=Branch.Kind.ORGAN)
    p_village = PositionFactory(
        member=MemberFactory(branch=village), term_start=datetime.date(2013, 6, 1)
    )
    p_organ = PositionFactory(
        member=MemberFactory(branch=organ), term_start=datetime.date(2013, 6, 1)
    )
    assert p_village.term_end == datetime.date(2018, 6, 1)
    assert p_organ.term_end == datetime.date(2016, 6, 1)
    assert not any("换届" in w for w in warnings_for(village))
    assert any("换届" in w for w in warnings_for(organ))


def test_a_position_holder_must_belong_to_the_branch():
    position = PositionFactory.build(
        branch=BranchFactory(), member=MemberFactory(), term_start=datetime.date(2016, 1, 1)
    )
    with pytest.raises(ValidationError) as info:
        position.full_clean()
    assert "member" in info.value.message_dict


def test_a_joint_branch_covers_two_to_five_units():
    branch = BranchFactory.build(township=TownshipFactory(), is_joint=True, joint_units="甲厂")
    with pytest.raises(ValidationError):
        branch.full_clean()
    branch.joint_units = "\n".join("甲乙丙丁戊己")
    with pytest.raises(ValidationError):
        branch.full_clean()
    branch.joint_units = "甲厂\n乙厂\n丙店"
    branch.full_clean()
    assert branch.joint_unit_list() == ["甲厂", "乙厂", "丙店"]


def test_a_finished_rectification_needs_result_and_date():
    r = Rectification(
        branch=BranchFactory(),
        year=2016,
        problems="班子缺额",
        fill_vacancies=True,
        responsible="李明",
        deadline=datetime.date(2016, 12, 31),
        status=Rectification.Status.DONE,
    )
    with pytest.raises(ValidationError) as info:
        r.full_clean()
    assert {"closed_on", "result"} <= set(info.value.message_dict)


def test_a_rectification_needs_a_remedy():
    r = Rectification(
        branch=BranchFactory(),
        year=2016,
        problems="x",
        responsible="李明",
        deadline=datetime.date(2016, 12, 31),
    )
    with pytest.raises(ValidationError) as info:
        r.full_clean()
    assert "measures" in info.value.message_dict


@override_settings(TOWNSHIP_TODAY=datetime.date(2017, 1, 5))
def test_an_open_rectification_past_its_deadline_is_overdue():
    r = Rectification(deadline=datetime.date(2016, 12, 31), status="in_progress")
    assert r.is_overdue
    r.status = "done"
    assert not r.is_overdue

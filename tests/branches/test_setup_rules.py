"""Branch set-up checks (issue 16, item 5): a joint branch with fewer than 3 full members,
a committee larger than 3-5 (7 for a large branch), good grades and the weak-and-lax flag."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches.models import Branch, BranchGrade
from branches.selectors import branches_with_figures, rule_warnings

from ..factories import BranchFactory, GradeFactory, MemberFactory, PositionFactory

pytestmark = pytest.mark.django_db


def warnings_for(branch):
    return rule_warnings(branches_with_figures(Branch.objects.filter(pk=branch.pk)).get())


def joint(full: int) -> Branch:
    branch = BranchFactory(is_joint=True, joint_units="甲厂\n乙厂")
    MemberFactory.create_batch(full, branch=branch)
    MemberFactory(branch=branch, full_member_on=None, joined_on=datetime.date(2016, 7, 1))
    return branch


def test_a_joint_branch_with_two_full_members_is_flagged():
    assert any("联合党支部也" in w for w in warnings_for(joint(2)))


def test_a_joint_branch_with_exactly_three_full_members_is_not():
    assert not any("联合党支部" in w for w in warnings_for(joint(3)))


def committee(size: int, members: int) -> Branch:
    branch = BranchFactory()
    people = MemberFactory.create_batch(members, branch=branch)
    kinds = ["secretary", "organisation", "publicity", "discipline"]
    for i in range(size):
        PositionFactory(
            member=people[i],
            position=kinds[i] if i < len(kinds) else "deputy",
            term_start=datetime.date(2016, 1, 1),
        )
    return branch


def too_large(branch) -> bool:
    return any("委员会由" in w or "委员会有" in w for w in warnings_for(branch))


@pytest.mark.parametrize(
    "size, members, flagged",
    [(5, 29, False), (6, 29, True), (6, 30, False), (7, 30, False), (8, 30, True)],
)
def test_a_committee_larger_than_the_rules_allow_is_flagged(size, members, flagged):
    assert too_large(committee(size, members)) is flagged


@pytest.mark.parametrize("grade", ["good", "fairly_good"])
def test_a_good_grade_cannot_carry_the_weak_and_lax_flag(grade):
    g = GradeFactory.build(branch=BranchFactory(), grade=grade, weak_and_lax=True)
    with pytest.raises(ValidationError) as info:
        g.full_clean()
    assert "软弱涣散" in info.value.message_dict["weak_and_lax"][0]


@pytest.mark.parametrize("grade", ["average", "poor"])
def test_an_average_or_poor_grade_may_carry_it(grade):
    GradeFactory.build(branch=BranchFactory(), grade=grade, weak_and_lax=True).full_clean()
    assert BranchGrade.Grade(grade)

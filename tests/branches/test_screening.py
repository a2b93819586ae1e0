"""The yearly screening (排查) of weak and lax branches (issue 16, item 7): the reasons
computed from the records, each at its boundary; the decision with a note, the grade's flag
following it, the rectification linked; the demo's 2016 list shows 石板村 with its reasons."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import BranchGrade, Meeting, Rectification, Screening
from branches.screening import screening_list
from tests.factories import BranchFactory, GradeFactory, MemberFactory, PositionFactory

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    # Only 党课 each quarter, so the share of missed meetings is easy to set.
    settings.ORG_LIFE_FREQUENCIES = {"lecture": "quarter"}


def reasons(branch, year=2015):
    from branches.models import Branch

    return screening_list(Branch.objects.filter(pk=branch.pk), year).rows[0].reasons


def healthy(township=None, **kwargs):
    """A branch with nothing against it in 2015: a secretary all year, a new member in 2015,
    all four 党课."""
    branch = BranchFactory(**({"township": township} if township else {}), **kwargs)
    PositionFactory(member=MemberFactory(branch=branch), term_start=D(2014, 1, 1))
    MemberFactory(branch=branch, joined_on=D(2015, 7, 1), full_member_on=None)
    for month in (2, 5, 8, 11):
        lecture(branch, D(2015, month, 10))
    return branch


def lecture(branch, day):
    return Meeting.objects.create(
        branch=branch, kind="lecture", date=day, topic="党课", status=Meeting.Status.RECORDED
    )


def test_a_healthy_branch_has_no_reasons():
    assert reasons(healthy()) == []


@pytest.mark.parametrize("began, flagged", [(D(2015, 4, 1), False), (D(2015, 4, 2), True)])
def test_a_secretary_post_vacant_over_three_months_is_a_reason(began, flagged):
    branch = healthy()
    branch.positions.update(term_start=began)  # vacant 1 Jan to the day before: 90 or 91 days
    assert any("书记" in r for r in reasons(branch)) is flagged


def test_a_secretary_who_left_leaves_the_post_vacant():
    branch = healthy()
    branch.positions.update(left_on=D(2015, 6, 1))
    assert any("书记" in r and "7个月" in r for r in reasons(branch))


@pytest.mark.parametrize("joined, flagged", [(D(2014, 12, 31), False), (D(2013, 12, 31), True)])
def test_no_new_member_for_two_years_is_a_reason(joined, flagged):
    branch = healthy()
    branch.members.filter(full_member_on=None).update(joined_on=joined)
    assert any("2014–2015" in r for r in reasons(branch)) is flagged


@pytest.mark.parametrize("held, flagged", [(4, False), (3, True)])
def test_missing_a_quarter_of_the_required_meetings_is_a_reason(held, flagged):
    branch = healthy()
    for m in Meeting.objects.filter(branch=branch).order_by("date")[held:]:
        m.delete()
    assert any("组织生活" in r for r in reasons(branch)) is flagged


def test_village_finances_under_rectification_and_a_poor_grade_are_reasons():
    from finance.models import VillageFinance

    branch = healthy()
    VillageFinance.objects.create(branch=branch, year=2015, started_on=D(2015, 3, 1))
    GradeFactory(branch=branch, year=2015, grade="poor")
    found = reasons(branch)
    assert any("财务" in r for r in found) and any("较差" in r for r in found)


def test_the_list_costs_the_same_queries_for_one_and_many_branches(world, as_user):
    client = as_user(world.staff)
    url = reverse("branches:screening") + "?year=2015"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(6):
        branch = healthy(world.township)
        Screening.objects.create(
            branch=branch, year=2015, decision="clear", note="正常", decided_on=D(2015, 12, 1)
        )
    assert count() == one


def decide(client, branch, *, decision="designate", note="书记长期空缺，组织生活不正常", version=0):
    prefix = f"b{branch.pk}"
    return client.post(
        reverse("branches:screening-decide", args=[2016, branch.pk]),
        {f"{prefix}-decision": decision, f"{prefix}-note": note, f"{prefix}-version": version},
        follow=True,
    )


def test_staff_designate_a_branch_and_the_grade_and_rectification_follow(world, as_user):
    grade = GradeFactory(branch=world.branch_a, year=2016, grade="poor")
    rectification = Rectification.objects.create(
        branch=world.branch_a,
        year=2016,
        problems="班子不健全",
        fill_vacancies=True,
        responsible="李明",
        deadline=D(2016, 12, 31),
    )
    page = decide(as_user(world.staff), world.branch_a)
    assert "已记录" in page.content.decode()
    screening = Screening.objects.get()
    assert screening.designated and screening.rectification == rectification
    grade.refresh_from_db()
    assert grade.weak_and_lax and grade.history.count() == 2
    # Changed back, with the version the page showed
    decide(as_user(world.staff), world.branch_a, decision="clear", note="复核后不列入", version=1)
    grade.refresh_from_db()
    assert not grade.weak_and_lax and Screening.objects.get().version == 2


def test_a_decision_on_a_stale_page_is_refused(world, as_user):
    decide(as_user(world.staff), world.branch_a)
    page = decide(as_user(world.staff), world.branch_a, decision="clear", note="x", version=0)
    assert "之后" in page.content.decode() or "look again" in page.content.decode()
    assert Screening.objects.get().designated


def test_a_good_grade_cannot_be_designated(world, as_user):
    GradeFactory(branch=world.branch_a, year=2016, grade=BranchGrade.Grade.GOOD)
    page = decide(as_user(world.staff), world.branch_a)
    assert "软弱涣散" in page.content.decode()
    assert not Screening.objects.exists()


def test_a_decision_without_a_note_is_refused(world, as_user):
    page = decide(as_user(world.staff), world.branch_a, note="  ")
    assert page.status_code == 200 and not Screening.objects.exists()


@pytest.mark.parametrize(
    "who, status", [("leader", 403), ("secretary_a", 403), ("other_staff", 404)]
)
def test_only_staff_of_the_township_decide(world, as_user, who, status):
    client = as_user(getattr(world, who))
    prefix = f"b{world.branch_a.pk}"
    page = client.post(
        reverse("branches:screening-decide", args=[2016, world.branch_a.pk]),
        {f"{prefix}-decision": "designate", f"{prefix}-note": "x", f"{prefix}-version": 0},
    )
    assert page.status_code == status
    assert not Screening.objects.exists()


def test_the_demo_2016_screening_shows_shiban_village_with_its_reasons(demo, client, settings):
    from township.models import User

    settings.ORG_LIFE_FREQUENCIES = {
        "members": "quarter",
        "committee": "month",
        "group": "month",
        "lecture": "quarter",
        "theme_day": "month",
        "org_life": "year",
        "appraisal": "year",
    }
    client.force_login(User.objects.get(username="zuzhi"))
    text = client.get(reverse("branches:screening") + "?year=2016").content.decode()
    row = text[text.index("石板村党支部</a>") :].split("</tr>")[0]
    assert "书记" in row and "组织生活" in row and "财务" in row and "较差" in row
    others = text.split("石板村党支部</a>")[0]
    assert "书记职位" not in others

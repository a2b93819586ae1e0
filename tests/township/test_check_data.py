"""The consistency check (issue 13, item 7): `manage.py check_data` and the staff section of
/dashboard/ list contradictions between records, each built here on purpose."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards.models import Nomination
from branches.models import BranchGrade, Rectification
from finance.models import ChecklistItem, Handover
from members.models import Appraisal, Campaign, CampaignMember, CampaignResult
from overview.consistency import contradictions
from plans.models import Tie
from tests.awards.factories import categories, nomination, open_round
from tests.finance.factories import make_finance
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

D = datetime.date


@pytest.fixture(autouse=True)
def today_2016(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def kinds(world):
    return [c.kind for c in contradictions(world.township)]


def _campaign(world):
    return Campaign.objects.create(
        township=world.township,
        year=2016,
        kind=Campaign.Kind.DOUBLE_STRIVE,
        title="双争",
        standards="标准",
        starts_on=D(2016, 3, 1),
        ends_on=D(2016, 12, 31),
    )


def test_clean_records_have_no_contradiction(world):
    assert kinds(world) == []


def test_a_lost_contact_member_rated_excellent_in_a_campaign(world):
    campaign = _campaign(world)
    CampaignMember.objects.create(
        campaign=campaign, member=world.member_a, result=CampaignResult.EXCELLENT
    )
    assert kinds(world) == []
    world.member_a.is_lost_contact = True
    world.member_a.lost_contact_since = D(2016, 7, 1)
    world.member_a.save()
    found = contradictions(world.township)
    assert [c.kind for c in found] == ["excellent_not_eligible"]
    assert found[0].url == reverse("members:campaign", args=[campaign.pk])


def test_an_unqualified_member_rated_excellent_in_a_campaign(world):
    CampaignMember.objects.create(
        campaign=_campaign(world), member=world.member_a, result=CampaignResult.EXCELLENT
    )
    Appraisal.objects.create(
        member=world.member_a, branch=world.branch_a, year=2016, result="unqualified"
    )
    assert kinds(world) == ["excellent_not_eligible"]


def test_a_lost_contact_member_appraised_excellent(world):
    Appraisal.objects.create(
        member=world.member_a, branch=world.branch_a, year=2016, result="excellent"
    )
    world.member_a.is_lost_contact = True
    world.member_a.lost_contact_since = D(2016, 7, 1)
    world.member_a.save()
    assert kinds(world) == ["excellent_not_eligible"]


def _rectification(branch, year=2016):
    Rectification.objects.create(
        branch=branch,
        year=year,
        problems="问题",
        send_cadre=True,
        responsible="副书记",
        deadline=D(year, 12, 31),
    )


def test_a_branch_graded_good_and_weak(world):
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    _rectification(world.branch_a)
    found = contradictions(world.township)
    assert [c.kind for c in found] == ["good_and_weak"]
    assert found[0].url == reverse("branches:detail", args=[world.branch_a.pk])


def test_a_weak_branch_without_its_rectification(world):
    BranchGrade.objects.create(branch=world.branch_a, year=2015, grade="poor", weak_and_lax=True)
    assert kinds(world) == ["weak_without_rectification"]
    _rectification(world.branch_a, 2015)
    assert kinds(world) == []


def test_a_handover_done_without_its_three_signatures(world):
    finance = make_finance(world.branch_a)
    ChecklistItem.objects.filter(finance=finance, kind="handover").update(
        status="done", status_on=D(2016, 7, 10), evidence="清单"
    )
    assert kinds(world) == ["handover_unsigned"]  # no handover at all
    handover = Handover.objects.create(
        finance=finance,
        handed_on=D(2016, 7, 8),
        from_person="老会计",
        to_person="新会计",
        supervisor="监交人",
        from_signed_on=D(2016, 7, 8),
        to_signed_on=D(2016, 7, 8),
    )
    found = contradictions(world.township)
    assert [c.kind for c in found] == ["handover_unsigned"]
    assert found[0].url == reverse("finance:detail", args=[finance.pk])
    handover.supervisor_signed_on = D(2016, 7, 10)
    handover.save()
    assert kinds(world) == []


def test_a_task_done_while_its_records_are_incomplete(world):
    make_finance(world.branch_a)
    measure = MeasureFactory(plan=PlanFactory(township=world.township, year=2016))
    task = TaskFactory(
        measure=measure,
        branch=world.branch_a,
        tie=Tie.FINANCE,
        is_done=True,
        done_on=D(2016, 6, 28),
        percent=100,
    )
    found = contradictions(world.township)
    assert [c.kind for c in found] == ["done_records_incomplete"]
    assert found[0].url == reverse("plans:task", args=[task.pk])


def test_a_rectification_started_after_the_deadline_whose_task_is_not_late(world):
    make_finance(world.branch_a, started_on=D(2016, 7, 1))
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township, year=2016), deadline=D(2016, 6, 30)
    )
    task = TaskFactory(measure=measure, branch=world.branch_a, tie=Tie.FINANCE)
    assert kinds(world) == []  # the task shows overdue: that is the truth
    task.due_on = D(2016, 12, 31)  # given more time than its measure: no longer late
    task.save()
    assert kinds(world) == ["started_after_deadline"]


def test_a_weak_branch_commended_as_an_advanced_organisation(world):
    BranchGrade.objects.create(branch=world.branch_a, year=2017, grade="poor")
    round_ = open_round(world.township)
    category = next(c for c in categories(world.township).values() if c.target == "branch")
    n = nomination(round_, category, branch=world.branch_a)
    assert kinds(world) == []
    Nomination.objects.filter(pk=n.pk).update(stage=Nomination.Stage.COMMENDED)
    found = contradictions(world.township)
    assert [c.kind for c in found] == ["commended_weak_branch"]
    assert found[0].url == reverse("awards:nomination-detail", args=[n.pk])


# --- the command and the dashboard -------------------------------------------------------


def test_the_command_exits_non_zero_and_lists_each_contradiction(world):
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_data", stdout=out)
    assert error.value.returncode == 1
    text = out.getvalue()
    assert "甲村党支部" in text and reverse("branches:detail", args=[world.branch_a.pk]) in text


def test_the_command_is_quiet_and_succeeds_on_clean_records(world):
    out = io.StringIO()
    call_command("check_data", stdout=out)
    assert "No contradictions" in out.getvalue()


def test_staff_see_the_contradictions_on_the_dashboard_with_links(world, as_user):
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    page = as_user(world.staff).get(reverse("dashboard") + "?year=2016").content.decode()
    assert 'id="consistency"' in page
    assert "定级为“好”却同时列为软弱涣散" in page
    assert reverse("branches:detail", args=[world.branch_a.pk]) in page


def test_leadership_do_not_get_the_staff_section(world, as_user):
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    page = as_user(world.leader).get(reverse("dashboard") + "?year=2016").content.decode()
    assert 'id="consistency"' not in page

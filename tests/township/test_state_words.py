"""One word per state, defined once (township/states.py, issue 13 item 5): 已完成 / 按期推进 /
已逾期 / 未开展, and 待开展 before the deadline; a required kind of meeting with nothing held
never shows a tick."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Branch, Meeting
from branches.selectors import org_life_compliance
from overview.dashboard import chart_data, township_dashboard
from plans.models import TaskStatus
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory
from township.states import State

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.ORG_LIFE_FREQUENCIES = {"members": "quarter", "org_life": "year", "appraisal": "year"}


def test_each_state_has_its_one_word():
    assert {s.value: str(s.label) for s in State} == {
        "done": "已完成",
        "on_track": "按期推进",
        "overdue": "已逾期",
        "not_held": "未开展",
        "pending": "待开展",
    }


def test_task_statuses_use_the_same_words(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    task = TaskFactory(branch=world.branch_a, measure=measure)
    assert task.status_label() == "待开展"
    task.percent = 30
    assert task.status_label() == "按期推进"
    assert task.status_label(on=D(2017, 1, 1)) == "已逾期"
    task.is_done, task.done_on = True, D(2016, 12, 1)
    assert task.status_label() == "已完成"
    assert [str(label) for _, label in TaskStatus.choices] == [
        "待开展",
        "按期推进",
        "已完成",
        "已逾期",
    ]


def _kinds(branch, year=2016):
    row = org_life_compliance(Branch.objects.filter(pk=branch.pk), year)[0]
    return {k.kind: k for k in row.kinds}


def _held(branch, kind, day):
    from branches.models import Attendance
    from tests.factories import MemberFactory

    meeting = Meeting.objects.create(
        branch=branch, kind=kind, date=day, topic="t", status=Meeting.Status.RECORDED
    )
    if kind in Meeting.VOTING_KINDS:  # quorate: its one voting member was there
        voter = branch.members.first() or MemberFactory(branch=branch)
        Attendance.objects.create(meeting=meeting, member=voter, present=True, voting=True)


def test_a_yearly_kind_with_nothing_held_is_pending_before_its_deadline_then_not_held(
    world, settings
):
    kinds = _kinds(world.branch_a)
    assert kinds["org_life"].held == 0 and kinds["org_life"].state == State.PENDING
    settings.TOWNSHIP_TODAY = D(2017, 1, 2)
    assert _kinds(world.branch_a)["org_life"].state == State.NOT_HELD


def test_kind_states_done_on_track_and_not_held(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 11, 20)
    for month in (2, 5, 8):
        _held(world.branch_a, "members", D(2016, month, 1))
    _held(world.branch_a, "org_life", D(2016, 3, 1))
    kinds = _kinds(world.branch_a)
    assert kinds["members"].state == State.ON_TRACK  # Q4 still open
    assert kinds["org_life"].state == State.DONE
    assert _kinds(world.branch_b)["members"].state == State.NOT_HELD


def test_the_compliance_pages_never_tick_a_kind_with_nothing_held(world, client):
    client.force_login(world.staff)
    page = client.get(reverse("branches:compliance") + "?year=2016").content.decode()
    assert "✓" not in page and "按要求落实" not in page
    assert "待开展" in page and "未开展" in page
    branch_page = client.get(reverse("branches:detail", args=[world.branch_a.pk])).content.decode()
    assert "按要求落实" not in branch_page and "待开展" in branch_page


def test_the_chart_legend_and_the_table_use_the_task_words(world, client):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    TaskFactory(branch=world.branch_a, measure=measure, percent=40)
    data = chart_data(township_dashboard(world.township, 2016))
    assert [s["name"] for s in data["measures"]["series"]] == ["已完成", "按期推进", "已逾期"]
    client.force_login(world.staff)
    page = client.get(reverse("dashboard") + "?year=2016").content.decode()
    assert "按要求落实" not in page and "按期推进" in page

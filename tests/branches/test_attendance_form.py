"""The meeting record form (issue 13 item 3, issue 19 item 5): attendance starts empty, each
member marked present or absent with a reason for each absence, members working away last
and absent by default, a version against lost updates, and quorum for the kinds that vote."""

import datetime
import re

import pytest
from django.urls import reverse

from branches.models import Attendance, Branch, Meeting
from branches.selectors import org_life_compliance
from branches.services import save_meeting
from tests.factories import MemberFactory

from .test_meetings import _post, attendance_data

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path
    settings.ORG_LIFE_FREQUENCIES = {"members": "quarter", "appraisal": "year", "lecture": "year"}


@pytest.fixture
def people(world):
    """Branch A: 张三 (member_a), two more full members, and 王五 working away."""
    others = [MemberFactory(branch=world.branch_a, name=n) for n in ("赵一", "钱二")]
    away = MemberFactory(
        branch=world.branch_a,
        name="王五",
        is_mobile=True,
        mobile_since=D(2016, 1, 1),
        mobile_destination="广东省东莞市",
        joined_on=D(1990, 1, 1),  # joined first: listed last all the same
    )
    return [world.member_a, *others], away


def _rows(page: str) -> list[tuple[str, str, str]]:
    """(name, checked radio value or '', selected reason or '') per attendance row."""
    rows = []
    for block in page.split('<li class="attendance-row">')[1:]:
        name = re.search(r"<legend>([^<]+)", block).group(1).strip()
        checked = re.search(r'value="(\d)"[^>]*checked', block)
        reason = re.search(r'<option value="(\w+)" selected>', block)
        rows.append((name, checked.group(1) if checked else "", reason.group(1) if reason else ""))
    return rows


def test_a_new_record_starts_empty_with_those_working_away_last_and_absent(world, people, as_user):
    page = as_user(world.secretary_a).get(reverse("branches:meeting-new", args=[world.branch_a.pk]))
    rows = _rows(page.content.decode())
    assert rows[-1] == ("王五", "0", "working_away")
    assert all(r[1] == "" for r in rows[:-1])  # nobody assumed present
    assert len(rows) == 4


def test_the_phone_form_has_one_row_per_member_and_the_all_present_shortcut(world, people, as_user):
    page = (
        as_user(world.secretary_a)
        .get(reverse("branches:meeting-new", args=[world.branch_a.pk]))
        .content.decode()
    )
    assert page.count('<li class="attendance-row">') == 4
    assert page.count('<select name="att-') == 4  # one reason list each, no text boxes
    assert 'name="reason_' not in page
    assert "data-all-present" in page and "全部出席" in page
    assert "js/attendance.js" in page and "onclick" not in page
    assert page.count("<fieldset") >= 4  # each member's choice is a named radio group


def test_a_member_left_unmarked_refuses_the_save(world, people, as_user):
    full, away = people
    data = _post(world.branch_a, present=[m.pk for m in full])
    data["att-0-present"] = ""
    response = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 200
    assert "请为每名党员选择出席或缺席" in response.content.decode()
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_an_absence_without_a_reason_refuses_the_save_and_keeps_the_input(world, people, as_user):
    full, away = people
    data = _post(world.branch_a, present=[m.pk for m in full[:2]], topic="年中总结")
    index = next(k for k, v in data.items() if v == str(full[2].pk)).split("-")[1]
    data[f"att-{index}-reason"] = ""
    response = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data
    )
    page = response.content.decode()
    assert "请填写缺席原因" in page and "钱二" in page and "年中总结" in page
    assert not Meeting.objects.exists()


def test_reasons_are_one_of_four_kinds(world, people, as_user):
    full, away = people
    data = _post(world.branch_a, present=[m.pk for m in full[:2]])
    index = next(k for k, v in data.items() if v == str(full[2].pk)).split("-")[1]
    data[f"att-{index}-reason"] = "打麻将"
    as_user(world.secretary_a).post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert not Meeting.objects.exists()
    labels = [str(label) for _, label in Attendance.Reason.choices]
    assert labels == ["因公", "因病", "外出务工", "无故"]


def test_the_stored_attendance_is_shown_when_editing(world, people, as_user):
    full, away = people
    meeting = save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 12, 1), topic="t"),
        record=True,
        present_ids={full[0].pk},
        absence_reasons={full[1].pk: "illness", full[2].pk: "official", away.pk: "working_away"},
    )
    page = as_user(world.secretary_a).get(reverse("branches:meeting-edit", args=[meeting.pk]))
    rows = dict((n, (c, r)) for n, c, r in _rows(page.content.decode()))
    assert rows["张三"] == ("1", "") and rows["赵一"] == ("0", "illness")


def test_a_stale_save_is_refused_with_the_current_state_and_the_input_kept(world, people, as_user):
    full, away = people
    meeting = save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 12, 1), topic="初稿"),
        record=True,
        present_ids={m.pk for m in full},
        absence_reasons={away.pk: "working_away"},
    )
    url = reverse("branches:meeting-edit", args=[meeting.pk])
    page = as_user(world.secretary_a).get(url).content.decode()
    seen = re.search(r'name="seen_version" value="(\d+)"', page).group(1)
    # Staff correct the topic in between.
    staff = as_user(world.staff)
    data = _post(world.branch_a, present=[m.pk for m in full], date="2016-12-01", topic="定稿")
    data["kind"] = "lecture"
    data["seen_version"] = seen
    assert staff.post(url, data).status_code == 302
    # The secretary saves what they read: refused, shown the change, their text kept.
    secretary = as_user(world.secretary_a)
    data.update(topic="秘书的版本")
    response = secretary.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "定稿" in page and "秘书的版本" in page
    meeting.refresh_from_db()
    assert meeting.topic == "定稿"
    # A second save, made knowingly with the new version, goes through.
    data["seen_version"] = re.search(r'name="seen_version" value="(\d+)"', page).group(1)
    assert secretary.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "秘书的版本"


def _kind(branch, kind):
    row = org_life_compliance(Branch.objects.filter(pk=branch.pk), 2016)[0]
    return next(k for k in row.kinds if k.kind == kind)


@pytest.mark.parametrize("kind", ["members", "appraisal"])
def test_a_voting_meeting_below_quorum_is_recorded_but_not_counted(world, people, as_user, kind):
    full, away = people  # 4 voting members: 2 present is not more than half
    data = _post(world.branch_a, present=[full[0].pk, full[1].pk], date="2016-12-08")
    data["kind"] = kind
    response = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data, follow=True
    )
    assert "不足法定人数" in response.content.decode()
    assert Meeting.objects.get().is_recorded
    assert _kind(world.branch_a, kind).held == 0
    # Three of four make a quorum, and the meeting counts.
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind=kind, date=D(2016, 12, 9), topic="t"),
        record=True,
        present_ids={m.pk for m in full},
    )
    assert _kind(world.branch_a, kind).held == 1


def test_a_lecture_needs_no_quorum(world, people):
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 12, 9), topic="t"),
        record=True,
        present_ids=set(),
    )
    assert _kind(world.branch_a, "lecture").held == 1


def test_the_branch_page_shows_each_members_last_attendance(world, people, as_user):
    full, away = people
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 3, 1), topic="t"),
        record=True,
        present_ids={m.pk for m in full},
    )
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 11, 1), topic="t"),
        record=True,
        present_ids={full[0].pk},
    )
    page = as_user(world.staff).get(reverse("branches:detail", args=[world.branch_a.pk]))
    members = {m.name: m.last_attended for m in page.context["members"]}
    assert members["张三"] == D(2016, 11, 1)
    assert members["赵一"] == D(2016, 3, 1)  # absent in November: March is the truth
    assert members["王五"] is None
    assert "2016年11月1日" in page.content.decode()


def test_the_formset_refuses_a_member_of_another_branch(world, people, as_user):
    full, away = people
    data = _post(world.branch_a, present=[m.pk for m in full])
    data.update(attendance_data([*full, away, world.member_b], {world.member_b.pk}))
    response = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_a_bad_date_shows_the_error_and_the_members_of_today_without_saving(world, people, as_user):
    data = _post(world.branch_a, present=[world.member_a.pk], date="2016-12-08")
    data["date"] = "12月的某天"
    page = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data
    )
    assert page.status_code == 200
    assert page.context["form"].has_error("date")
    assert len(_rows(page.content.decode())) == 4  # the branch's members today
    assert not Meeting.objects.filter(branch=world.branch_a).exists()


def test_the_members_listed_are_those_of_the_date_as_the_form_reads_it(world, people, as_user):
    """A date typed 2016/12/08 (a format the date field accepts) lists that day's members."""
    late = MemberFactory(branch=world.branch_a, name="孙新", joined_on=D(2016, 12, 15))
    data = _post(world.branch_a, present=[world.member_a.pk], date="2016-12-08")
    data["date"] = "2016/12/08"
    page = as_user(world.secretary_a).post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]), data
    )
    assert page.status_code == 302
    meeting = Meeting.objects.get(branch=world.branch_a)
    assert meeting.date == D(2016, 12, 8)
    assert not meeting.attendances.filter(member=late).exists()

"""Organisational life: recording meetings with attendance, the quorum of a members'
meeting, photos behind the permission check, and bad input refused with nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Attendance, Meeting, MeetingPhoto
from branches.selectors import meetings_with_attendance, quorum_of
from branches.services import MeetingError, _attendees, save_meeting
from tests.factories import MemberFactory

GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path


def _members_meeting(branch, day=datetime.date(2016, 9, 8)):
    return Meeting(branch=branch, kind=Meeting.Kind.MEMBERS, date=day, topic="学习党章")


def _quorum(meeting):
    return quorum_of(meetings_with_attendance(Meeting.objects.filter(pk=meeting.pk)).get())


@pytest.fixture
def branch_of_five(world):
    """Branch A: member_a and three more full members (4 voting) and one probationary."""
    full = [world.member_a] + [MemberFactory(branch=world.branch_a) for _ in range(3)]
    probationary = MemberFactory(
        branch=world.branch_a, joined_on=datetime.date(2016, 5, 1), full_member_on=None
    )
    return full, probationary


def test_a_members_meeting_with_half_the_voting_members_is_not_quorate(world, branch_of_five):
    full, probationary = branch_of_five
    # Two of four voting members, plus a probationary member who has no vote: not more
    # than half of the voting members.
    meeting = save_meeting(
        meeting=_members_meeting(world.branch_a),
        record=True,
        present_ids={full[0].pk, full[1].pk, probationary.pk},
    )
    assert _quorum(meeting) is False
    attendance = {a.member_id: a for a in meeting.attendances.all()}
    assert attendance[probationary.pk].voting is False
    assert attendance[full[2].pk].present is False


def test_a_members_meeting_with_more_than_half_is_quorate(world, branch_of_five):
    full, _ = branch_of_five
    meeting = save_meeting(
        meeting=_members_meeting(world.branch_a), record=True, present_ids={m.pk for m in full[:3]}
    )
    assert _quorum(meeting) is True


def test_quorum_applies_only_to_members_meetings(world, branch_of_five):
    meeting = save_meeting(
        meeting=Meeting(
            branch=world.branch_a,
            kind=Meeting.Kind.LECTURE,
            date=datetime.date(2016, 9, 1),
            topic="党课",
        ),
        record=True,
        present_ids=set(),
    )
    assert _quorum(meeting) is None


@pytest.mark.parametrize(
    "present, counts",
    [
        (0, False),  # nobody: no quorum
        (1, False),
        (2, False),  # exactly half of four voting members: not more than half
        (3, True),
        (4, True),
    ],
)
def test_only_a_quorate_members_meeting_counts_as_held(world, branch_of_five, present, counts):
    """valid_meetings(), what every compliance count uses, keeps a members' meeting only with
    more than half of its voting members present; the probationary member present never
    tips it."""
    from branches.selectors import valid_meetings

    full, probationary = branch_of_five
    meeting = save_meeting(
        meeting=_members_meeting(world.branch_a),
        record=True,
        present_ids={m.pk for m in full[:present]} | {probationary.pk},
    )
    kept = valid_meetings(Meeting.objects.filter(pk=meeting.pk)).exists()
    assert kept is counts
    assert kept is _quorum(meeting)


def test_a_members_meeting_without_attendance_rows_does_not_count(world):
    """Recorded with no attendance at all (nothing to prove a quorum): not held; a lecture
    needs none."""
    from branches.selectors import valid_meetings

    day = datetime.date(2016, 9, 8)
    members = Meeting.objects.create(
        branch=world.branch_a, kind=Meeting.Kind.MEMBERS, date=day, topic="学习", status="recorded"
    )
    lecture = Meeting.objects.create(
        branch=world.branch_a, kind=Meeting.Kind.LECTURE, date=day, topic="党课", status="recorded"
    )
    kept = set(valid_meetings(Meeting.objects.all()).values_list("pk", flat=True))
    assert members.pk not in kept
    assert lecture.pk in kept


def test_the_meeting_page_says_not_quorate(world, branch_of_five, as_user):
    full, _ = branch_of_five
    meeting = save_meeting(
        meeting=_members_meeting(world.branch_a), record=True, present_ids={full[0].pk}
    )
    page = as_user(world.leader).get(reverse("branches:meeting-detail", args=[meeting.pk]))
    assert "不足法定人数" in page.content.decode()


def attendance_data(members, present=(), reasons=None) -> dict:
    """The attendance formset as the form posts it: every member marked, absences with a
    reason ("no_reason" unless given)."""
    reasons = reasons or {}
    data = {
        "att-TOTAL_FORMS": str(len(members)),
        "att-INITIAL_FORMS": "0",
        "att-MIN_NUM_FORMS": "0",
        "att-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(members):
        data[f"att-{i}-member"] = str(m.pk)
        if m.pk in present:
            data[f"att-{i}-present"] = "1"
        else:
            data[f"att-{i}-present"] = "0"
            data[f"att-{i}-reason"] = reasons.get(m.pk, "no_reason")
    return data


def _post(branch, present=None, reasons=None, date="2016-12-08", **extra):
    data = {
        "kind": "members",
        "date": date,
        "topic": "学习党章",
        "minutes": "会议记录",
        "record": "on",
    }
    members = _attendees(branch, datetime.date.fromisoformat(date))
    data.update(attendance_data(members, {int(p) for p in present or ()}, reasons))
    data.update(extra)
    return data


def test_the_secretary_records_a_meeting_from_the_form(world, branch_of_five, as_user):
    full, probationary = branch_of_five
    client = as_user(world.secretary_a)
    data = _post(
        world.branch_a,
        present=[full[0].pk, full[1].pk, full[2].pk],
        reasons={full[3].pk: "working_away"},
        host=full[0].pk,
        recorder=full[1].pk,
    )
    response = client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.status == Meeting.Status.RECORDED
    absent = meeting.attendances.get(member=full[3])
    assert (absent.present, absent.get_absence_reason_display()) == (False, "外出务工")
    assert meeting.attendances.filter(present=True).count() == 3
    assert meeting.history.count() == 1


def test_an_attendee_from_another_branch_is_refused_and_nothing_saved(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk])
    data.update(attendance_data([world.member_a, world.member_b], {world.member_b.pk}))
    response = client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert response.status_code == 200
    assert "党员名单有变动" in response.content.decode()
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0


def test_a_host_from_another_branch_is_refused(world, as_user):
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]),
        _post(world.branch_a, host=world.member_b.pk),
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == 0


def test_a_recorded_meeting_dated_in_the_future_is_refused(world, as_user):
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("branches:meeting-new", args=[world.branch_a.pk]),
        _post(world.branch_a, date="2016-12-21", present=[world.member_a.pk]),
    )
    assert "已召开的会议日期不能晚于今天" in response.content.decode()
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0


def test_the_service_refuses_a_future_recorded_meeting(world):
    with pytest.raises(MeetingError):
        save_meeting(
            meeting=_members_meeting(world.branch_a, datetime.date(2017, 1, 5)), record=True
        )
    assert Meeting.objects.count() == 0


def test_a_meeting_is_planned_ahead_then_recorded(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, date="2016-12-28")
    del data["record"]
    client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PLANNED and meeting.attendances.count() == 0
    # Held earlier than planned, on the 19th: now recorded with attendance.
    data = _post(world.branch_a, date="2016-12-19", present=[world.member_a.pk])
    data["seen_version"] = meeting.history.latest().history_id
    client.post(reverse("branches:meeting-edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.RECORDED
    assert meeting.attendances.get().present is True


def test_leadership_cannot_record_and_other_secretaries_cannot_see(world, as_user):
    url = reverse("branches:meeting-new", args=[world.branch_a.pk])
    assert as_user(world.leader).post(url, _post(world.branch_a)).status_code == 403
    assert as_user(world.secretary_b).post(url, _post(world.branch_a)).status_code == 404
    assert Meeting.objects.count() == 0


def test_photos_are_served_only_inside_the_branch_scope(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk])
    data["photos"] = [SimpleUploadedFile("会议.gif", GIF, content_type="image/gif")]
    client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    photo = MeetingPhoto.objects.get()
    url = reverse("branches:meeting-photo", args=[photo.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == GIF
    assert as_user(world.secretary_b).get(url).status_code == 404
    assert as_user(world.other_staff).get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk])
    data["photos"] = [SimpleUploadedFile("a.gif", b"not an image", content_type="image/gif")]
    response = client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0 and MeetingPhoto.objects.count() == 0


def test_the_meeting_list_costs_the_same_queries_for_1_and_10_meetings(world, as_user):
    client = as_user(world.staff)
    url = reverse("branches:meetings", args=[world.branch_a.pk]) + "?year=2016"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    save_meeting(
        meeting=_members_meeting(world.branch_a), record=True, present_ids={world.member_a.pk}
    )
    one = count()
    for month in range(1, 10):
        save_meeting(
            meeting=_members_meeting(world.branch_a, datetime.date(2016, month, 3)),
            record=True,
            present_ids={world.member_a.pk},
        )
    assert count() == one

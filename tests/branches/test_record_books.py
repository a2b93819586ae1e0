"""Record books: a 三会一课 record page per meeting, a blank sign-in sheet listing the branch's
members, and a branch's year of meetings as one PDF."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Attendance, Meeting
from tests.factories import MemberFactory
from tests.pdf_utils import assert_cjk_fonts_only, assert_phrases_whole, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _flat(data: bytes) -> str:
    return pdf_text(data).replace("\n", "").replace(" ", "")


def _in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part} missing or out of order"
        at = found


MARCH_1 = D(2016, 3, 1)


def _recorded(world, day=MARCH_1, kind=Meeting.Kind.MEMBERS, topic="学习党章") -> Meeting:
    host = world.member_a
    recorder = MemberFactory(branch=world.branch_a, name="赵记录")
    absent = MemberFactory(branch=world.branch_a, name="钱缺席")
    meeting = Meeting.objects.create(
        branch=world.branch_a,
        kind=kind,
        date=day,
        topic=topic,
        host=host,
        recorder=recorder,
        minutes="一、传达上级精神。\n二、讨论发展对象。",
        status=Meeting.Status.RECORDED,
    )
    Attendance.objects.create(meeting=meeting, member=host, present=True)
    Attendance.objects.create(meeting=meeting, member=recorder, present=True)
    Attendance.objects.create(
        meeting=meeting, member=absent, present=False, absence_reason="外出务工"
    )
    return meeting


def test_the_record_page_prints_the_meeting_in_order(world, as_user):
    meeting = _recorded(world)
    url = reverse("branches:meeting-record-pdf", kwargs={"pk": meeting.pk})
    data = as_user(world.secretary_a).get(url).content
    _in_order(
        _flat(data),
        [
            "支部党员大会记录",
            "甲村党支部",
            "2016年3月1日",
            "张三",
            "赵记录",
            "应到3人，实到2人，缺席1人。",
            "到会人数符合规定。",
            "钱缺席（外出务工）",
            "学习党章",
            "一、传达上级精神。",
            "二、讨论发展对象。",
            "主持人（签字）",
        ],
    )
    assert_phrases_whole(data, ["钱缺席（外出务工）", "2016年3月1日"])
    assert_cjk_fonts_only(data)


def test_a_meeting_below_quorum_says_it_decided_nothing(world, as_user):
    meeting = _recorded(world)
    meeting.attendances.filter(member__name="赵记录").update(present=False)
    url = reverse("branches:meeting-record-pdf", kwargs={"pk": meeting.pk})
    assert "到会人数不足半数" in _flat(as_user(world.staff).get(url).content)


def test_the_sign_in_sheet_lists_the_current_members(world, as_user):
    MemberFactory(
        branch=world.branch_a, name="孙预备", full_member_on=None, joined_on=D(2016, 5, 1)
    )
    MemberFactory(
        branch=world.branch_a, name="周已走", left_on=D(2016, 1, 5), leave_reason="transfer"
    )
    meeting = Meeting.objects.create(
        branch=world.branch_a, kind=Meeting.Kind.LECTURE, date=D(2016, 12, 28), topic="党课"
    )
    url = reverse("branches:meeting-sign-in-pdf", kwargs={"pk": meeting.pk})
    data = as_user(world.secretary_a).get(url).content
    text = _flat(data)
    _in_order(
        text,
        [
            "党课签到表",
            "2016年12月28日",
            "序号",
            "本人签名",
            "张三",
            "正式党员",
            "孙预备",
            "预备党员",
        ],
    )
    assert "周已走" not in text and "李四" not in text
    assert "应到2人" in text
    assert_cjk_fonts_only(data)


def test_the_year_book_has_a_page_per_recorded_meeting(world, as_user):
    first = _recorded(world, D(2016, 3, 1), topic="第一次会议")
    _recorded(world, D(2016, 6, 1), kind=Meeting.Kind.COMMITTEE, topic="第二次会议")
    _recorded(world, D(2015, 6, 1), topic="上年会议")
    Meeting.objects.create(
        branch=world.branch_a, kind=Meeting.Kind.GROUP, date=D(2016, 12, 28), topic="计划会议"
    )
    url = reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016})
    data = as_user(world.leader).get(url).content
    text = _flat(data)
    assert pdf_pages(data) == 3  # the contents, then one page each
    _in_order(
        text,
        [
            "2016年三会一课记录",
            "第一次会议",
            "第二次会议",
            "支部党员大会记录",
            "第一次会议",
            "支部委员会记录",
            "第二次会议",
        ],
    )
    assert "上年会议" not in text and "计划会议" not in text
    assert first.topic in text


def test_the_year_book_costs_the_same_queries_for_1_and_5_meetings(world, client):
    client.force_login(world.staff)
    url = reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    _recorded(world, D(2016, 1, 5))
    one = count()
    for month in range(2, 6):
        _recorded(world, D(2016, month, 5))
    assert count() == one


def test_a_year_to_come_or_absurd_is_404(world, as_user):
    client = as_user(world.staff)
    for year in (2017, 1800):
        url = reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": year})
        assert client.get(url).status_code == 404


def test_an_empty_year_says_so(world, as_user):
    url = reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016})
    assert "本年度没有会议记录" in _flat(as_user(world.staff).get(url).content)


def test_the_pages_link_the_record_books(world, as_user):
    meeting = _recorded(world)
    client = as_user(world.secretary_a)
    page = client.get(
        reverse("branches:meeting-detail", kwargs={"pk": meeting.pk})
    ).content.decode()
    assert reverse("branches:meeting-record-pdf", kwargs={"pk": meeting.pk}) in page
    assert reverse("branches:meeting-sign-in-pdf", kwargs={"pk": meeting.pk}) in page
    page = client.get(
        reverse("branches:meetings", kwargs={"pk": world.branch_a.pk})
    ).content.decode()
    assert (
        reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016}) in page
    )

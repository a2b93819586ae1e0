"""Issue 16 items 2 and 10: the 公示 before conversion for a probationary member who came
from a roster import (no development record): the member's 转正 form asks for its first and
last day and checks them by the rule the development record uses (members.development.
check_conversion_notice): five working days on the official calendar, over by the branch
meeting. The notice is kept (ConversionNotice, with history). The development record's path
is unchanged: its own step decides, whatever the form posts."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import ConversionNotice, Member
from members.services import MemberError
from members.upkeep import convert_member
from tests.factories import MemberFactory
from tests.members.test_development import _after_admission
from tests.members.test_development import _probationary as _developed

d = datetime.date

pytestmark = pytest.mark.django_db

JOINED = d(2015, 7, 1)  # probation ends 2016-07-01 (a Friday)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


@pytest.fixture
def introducers(world):
    return world.member_a, MemberFactory(branch=world.branch_a, name="介绍人乙")


def _roster_member(world):
    return MemberFactory(branch=world.branch_a, joined_on=JOINED, full_member_on=None)


def _version(client, url) -> str:
    found = re.search(r'name="seen_version" value="(\d+)"', client.get(url).content.decode())
    assert found, "the probation form carries no seen_version"
    return found.group(1)


def _convert_on_page(client, member, meeting, notice=None):
    url = reverse("members:probation", args=[member.pk])
    data = {"decision": "convert", "on": meeting.isoformat(), "seen_version": _version(client, url)}
    if notice:
        data["notice_on"], data["notice_ends_on"] = (day.isoformat() for day in notice)
    return client.post(url, data)


def _unchanged(member):
    member.refresh_from_db()
    assert member.full_member_on is None
    assert not ConversionNotice.objects.filter(member=member).exists()


# --- a member from the roster import ---------------------------------------------------------


def test_a_roster_member_cannot_be_converted_without_the_notice(world, as_user):
    member = _roster_member(world)
    with pytest.raises(MemberError, match="预备党员转正前公示") as e:
        convert_member(member=member, meeting_on=d(2016, 7, 1))
    assert "5个工作日" in str(e.value) and "发展党员工作细则" in str(e.value)
    _unchanged(member)
    response = _convert_on_page(as_user(world.secretary_a), member, d(2016, 7, 1))
    assert response.status_code == 200
    assert "请填写预备党员转正前公示的起止日期" in response.content.decode()
    _unchanged(member)


@pytest.mark.parametrize(
    "ends, ok",
    [(d(2016, 7, 1), True), (d(2016, 6, 30), False)],  # Monday to Friday: 5 vs 4 working days
)
def test_the_roster_members_notice_lasts_five_working_days(world, as_user, ends, ok):
    member = _roster_member(world)
    response = _convert_on_page(
        as_user(world.secretary_a), member, d(2016, 7, 1), notice=(d(2016, 6, 27), ends)
    )
    if ok:
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.full_member_on == d(2016, 7, 1)
        notice = member.conversion_notice
        assert (notice.on, notice.ends_on, notice.meeting_on) == (
            d(2016, 6, 27),
            ends,
            d(2016, 7, 1),
        )
        assert notice.history.count() == 1
    else:
        assert response.status_code == 200
        assert "预备党员转正前公示时间不少于5个工作日" in response.content.decode()
        _unchanged(member)


@pytest.mark.parametrize(
    "meeting, ok",
    # The notice runs 2016-06-27 to 2016-07-04 (six working days): a meeting on its last
    # day is the boundary, one the day before comes while it still runs.
    [(d(2016, 7, 4), True), (d(2016, 7, 1), False)],
)
def test_the_roster_members_notice_is_over_by_the_branch_meeting(world, meeting, ok):
    member = _roster_member(world)
    notice = {"notice_on": d(2016, 6, 27), "notice_ends_on": d(2016, 7, 4)}
    if ok:
        convert_member(member=member, meeting_on=meeting, **notice)
        member.refresh_from_db()
        assert member.full_member_on == d(2016, 7, 1)  # the end of probation, not the meeting
    else:
        with pytest.raises(MemberError, match="5个工作日"):
            convert_member(member=member, meeting_on=meeting, **notice)
        _unchanged(member)


@pytest.mark.parametrize(
    "ends, ok",
    # From Friday 2016-09-30 across National Day: the make-up weekend (10-08, 10-09) counts,
    # the holiday week does not: the fifth working day is 10-11 (township.workdays).
    [(d(2016, 10, 11), True), (d(2016, 10, 10), False)],
)
def test_the_roster_members_notice_counts_on_the_official_calendar(world, ends, ok):
    member = _roster_member(world)
    notice = {"notice_on": d(2016, 9, 30), "notice_ends_on": ends}
    if ok:
        convert_member(member=member, meeting_on=d(2016, 10, 11), **notice)
        assert ConversionNotice.objects.get(member=member).ends_on == ends
    else:
        with pytest.raises(MemberError, match="5个工作日"):
            convert_member(member=member, meeting_on=d(2016, 10, 11), **notice)
        _unchanged(member)


def test_a_notice_before_the_admission_is_refused(world):
    member = _roster_member(world)
    with pytest.raises(MemberError, match="2015-07-01"):
        convert_member(
            member=member,
            meeting_on=d(2016, 7, 1),
            notice_on=d(2015, 6, 22),
            notice_ends_on=d(2016, 7, 1),
        )
    _unchanged(member)


def test_a_bad_date_on_the_form_is_a_message_not_an_error(world, as_user):
    member = _roster_member(world)
    client = as_user(world.secretary_a)
    url = reverse("members:probation", args=[member.pk])
    response = client.post(
        url,
        {
            "decision": "convert",
            "on": "2016-07-01",
            "notice_on": "2016-13-40",
            "notice_ends_on": "2016-07-01",
            "seen_version": _version(client, url),
        },
    )
    assert response.status_code == 200 and "有效的日期" in response.content.decode()
    _unchanged(member)


def test_the_notice_is_shown_on_the_member_page(world, as_user):
    member = _roster_member(world)
    convert_member(
        member=member,
        meeting_on=d(2016, 7, 4),
        notice_on=d(2016, 6, 27),
        notice_ends_on=d(2016, 7, 1),
    )
    page = as_user(world.staff).get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "预备党员转正前公示" in page
    assert "2016年6月27日至2016年7月1日，支部大会于2016年7月4日讨论转正" in page


def test_a_stale_conversion_form_is_refused(world, as_user):
    """The form carries the version of the member and their records as read: someone who
    opened it before another person extended the probation does not convert on top."""
    member = _roster_member(world)
    client = as_user(world.secretary_a)
    url = reverse("members:probation", args=[member.pk])
    seen = _version(client, url)
    response = client.post(
        url,
        {"decision": "extend", "on": "2016-07-01", "extend_to": "2017-01-01", "seen_version": seen},
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "decision": "convert",
            "on": "2016-07-01",
            "notice_on": "2016-06-27",
            "notice_ends_on": "2016-07-01",
            "seen_version": seen,
        },
    )
    assert response.status_code == 200 and "他人已保存" in response.content.decode()
    _unchanged(member)


# --- a member developed in the system: unchanged -------------------------------------------


def test_the_form_asks_for_the_notice_only_without_a_development_record(
    world, introducers, as_user
):
    client = as_user(world.secretary_a)
    roster = _roster_member(world)
    developed = _developed(world, introducers).member
    roster_page = client.get(reverse("members:probation", args=[roster.pk])).content.decode()
    developed_page = client.get(reverse("members:probation", args=[developed.pk])).content.decode()
    assert 'name="notice_on"' in roster_page and 'name="notice_ends_on"' in roster_page
    assert 'name="notice_on"' not in developed_page


@pytest.mark.parametrize(
    "ends, ok",
    [(d(2016, 7, 1), True), (d(2016, 6, 30), False)],  # Monday to Friday: 5 vs 4 working days
)
def test_a_developed_member_converts_by_the_recorded_step(world, introducers, as_user, ends, ok):
    """The step on the development record decides; dates posted on the form do not
    replace it (a short recorded notice is not rescued by a long one typed in)."""
    applicant = _after_admission(_developed(world, introducers), notice=(d(2016, 6, 27), ends))
    member = applicant.member
    response = _convert_on_page(
        as_user(world.secretary_a), member, d(2016, 7, 1), notice=(d(2016, 6, 20), d(2016, 7, 1))
    )
    member.refresh_from_db()
    applicant.refresh_from_db()
    assert not ConversionNotice.objects.exists()
    if ok:
        assert response.status_code == 302
        assert member.full_member_on == d(2016, 7, 1) and applicant.converted_on == d(2016, 7, 1)
    else:
        assert "预备党员转正前公示时间不少于5个工作日" in response.content.decode()
        assert member.full_member_on is None and applicant.converted_on is None


def test_a_converted_member_is_not_asked_again(world):
    member = _roster_member(world)
    convert_member(
        member=member,
        meeting_on=d(2016, 7, 1),
        notice_on=d(2016, 6, 27),
        notice_ends_on=d(2016, 7, 1),
    )
    member = Member.objects.get(pk=member.pk)
    with pytest.raises(MemberError, match="已是正式党员|正式党员"):
        convert_member(member=member, meeting_on=d(2016, 7, 1))

"""Democratic appraisal (优秀 at most a third, probationary members not graded) and the
six-month rules for mobile and lost-contact members."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Meeting
from branches.services import save_meeting
from members.models import Appraisal, ContactLog, Member
from members.selectors import members_with_activity, mobility_flags
from members.services import MemberError, record_appraisals
from tests.factories import MemberFactory
from township.concurrency import latest_version

d = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


@pytest.fixture
def six_full(world):
    return [world.member_a] + [MemberFactory(branch=world.branch_a) for _ in range(5)]


def test_two_excellent_of_six_graded_is_allowed(world, six_full):
    results = {m.pk: "qualified" for m in six_full}
    results[six_full[0].pk] = results[six_full[1].pk] = "excellent"
    assert record_appraisals(branch=world.branch_a, year=2016, results=results) == 6
    assert Appraisal.objects.filter(result="excellent").count() == 2


def test_three_excellent_of_six_is_refused_and_nothing_saved(world, six_full):
    results = {m.pk: "qualified" for m in six_full}
    for m in six_full[:3]:
        results[m.pk] = "excellent"
    with pytest.raises(MemberError, match="三分之一"):
        record_appraisals(branch=world.branch_a, year=2016, results=results)
    assert Appraisal.objects.count() == 0


def test_the_third_counts_only_those_graded(world, six_full):
    # One excellent among two graded (four left ungraded): more than a third.
    results = {six_full[0].pk: "excellent", six_full[1].pk: "qualified"}
    with pytest.raises(MemberError):
        record_appraisals(branch=world.branch_a, year=2016, results=results)


def test_a_probationary_member_is_not_graded(world, six_full):
    newcomer = MemberFactory(branch=world.branch_a, joined_on=d(2016, 3, 1), full_member_on=None)
    with pytest.raises(MemberError, match="预备党员不参加评定等次"):
        record_appraisals(branch=world.branch_a, year=2016, results={newcomer.pk: "qualified"})
    assert Appraisal.objects.count() == 0


def test_the_model_rule_refuses_a_second_excellent_of_four_in_the_back_office(world, six_full):
    for m in six_full[:2]:
        Appraisal.objects.create(member=m, branch=world.branch_a, year=2016, result="qualified")
    Appraisal.objects.create(
        member=six_full[5], branch=world.branch_a, year=2016, result="excellent"
    )
    extra = six_full[3]  # a second excellent of four graded: more than a third
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Appraisal(member=extra, year=2016, result="excellent").full_clean()
    Appraisal(member=extra, year=2016, result="qualified").full_clean()


def test_the_appraisal_page_refuses_too_many_excellent_in_chinese(world, six_full, as_user):
    client = as_user(world.secretary_a)
    data = {"year": "2016", "seen_version": "0"}
    for i, m in enumerate(six_full):
        data[f"result_{m.pk}"] = "excellent" if i < 3 else "qualified"
    response = client.post(
        reverse("members:appraisals", args=[world.branch_a.pk]), data, follow=True
    )
    assert "评为优秀的党员不得超过参评人数的三分之一" in response.content.decode()
    assert Appraisal.objects.count() == 0


def test_graders_from_another_branch_are_refused(world, six_full, as_user):
    client = as_user(world.secretary_a)
    data = {"year": "2016", "seen_version": "0", f"result_{world.member_b.pk}": "qualified"}
    response = client.post(
        reverse("members:appraisals", args=[world.branch_a.pk]), data, follow=True
    )
    assert "评定名单中有非本支部党员" in response.content.decode()
    assert Appraisal.objects.count() == 0


def test_leadership_reads_the_appraisal_but_cannot_save_it(world, six_full, as_user):
    url = reverse("members:appraisals", args=[world.branch_a.pk])
    client = as_user(world.leader)
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"year": "2016", f"result_{world.member_a.pk}": "qualified"}).status_code
        == 403
    )
    assert Appraisal.objects.count() == 0


# --- six-month rules ---------------------------------------------------------------


def flags(member):
    return mobility_flags(members_with_activity(Member.objects.filter(pk=member.pk)).get())


def test_away_six_months_at_one_place_should_transfer(world):
    # Today 2016-12-20: six months ago is 2016-06-20.
    away = MemberFactory(
        branch=world.branch_a,
        is_mobile=True,
        mobile_destination="广东省深圳市",
        mobile_since=d(2016, 6, 20),
        last_contact_on=d(2016, 12, 1),
    )
    recent = MemberFactory(
        branch=world.branch_a,
        is_mobile=True,
        mobile_destination="广东省深圳市",
        mobile_since=d(2016, 6, 21),
        last_contact_on=d(2016, 12, 1),
    )
    assert flags(away)["should_transfer"] is True
    assert flags(recent)["should_transfer"] is False


def test_six_months_without_meetings_or_contact_is_flagged(world):
    silent = MemberFactory(branch=world.branch_a, last_contact_on=d(2016, 6, 19))
    assert flags(silent)["six_months_silent"] is True


def test_a_meeting_attended_within_six_months_clears_the_flag(world):
    member = MemberFactory(branch=world.branch_a, last_contact_on=d(2016, 1, 1))
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=d(2016, 6, 20), topic="党课"),
        record=True,
        present_ids={member.pk},
    )
    assert flags(member)["six_months_silent"] is False


def test_an_absence_does_not_count_as_organisational_life(world):
    member = MemberFactory(branch=world.branch_a)
    save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=d(2016, 11, 1), topic="党课"),
        record=True,
        present_ids=set(),
    )
    assert flags(member)["six_months_silent"] is True


def test_a_logged_contact_clears_the_flag(world):
    member = MemberFactory(branch=world.branch_a)
    ContactLog.objects.create(member=member, date=d(2016, 7, 1), how="phone", what="电话联系")
    assert flags(member)["six_months_silent"] is False


def test_a_member_who_joined_less_than_six_months_ago_is_not_flagged(world):
    member = MemberFactory(branch=world.branch_a, joined_on=d(2016, 7, 1), full_member_on=None)
    assert flags(member)["six_months_silent"] is False


def test_the_secretary_records_a_contact_and_it_moves_the_last_contact(world, as_user):
    client = as_user(world.secretary_a)
    url = reverse("members:contact-new", args=[world.member_a.pk])
    response = client.post(url, {"date": "2016-12-10", "how": "phone", "what": "电话了解务工情况"})
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.last_contact_on == d(2016, 12, 10)
    assert (
        as_user(world.leader)
        .post(url, {"date": "2016-12-10", "how": "phone", "what": "x"})
        .status_code
        == 403
    )


def test_a_contact_dated_in_the_future_is_refused(world, as_user):
    client = as_user(world.secretary_a)
    url = reverse("members:contact-new", args=[world.member_a.pk])
    response = client.post(url, {"date": "2016-12-21", "how": "phone", "what": "x"})
    assert "日期不能晚于今天" in response.content.decode()
    assert ContactLog.objects.count() == 0


def test_the_secretary_updates_mobility_of_their_own_branch_only(world, as_user):
    data = {
        "is_mobile": "on",
        "mobile_destination": "浙江省宁波市",
        "mobile_since": "2016-03-01",
        "last_contact_on": "2016-12-01",
        "seen_version": latest_version(world.member_a),
    }
    client = as_user(world.secretary_a)
    assert (
        client.post(reverse("members:mobility", args=[world.member_a.pk]), data).status_code == 302
    )
    world.member_a.refresh_from_db()
    assert world.member_a.is_mobile and world.member_a.mobile_destination == "浙江省宁波市"
    assert (
        client.post(reverse("members:mobility", args=[world.member_b.pk]), data).status_code == 404
    )


def test_mobile_needs_a_destination(world, as_user):
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("members:mobility", args=[world.member_a.pk]), {"is_mobile": "on"}
    )
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert not world.member_a.is_mobile


def test_the_mobile_list_shows_flags_and_only_what_the_user_sees(world, as_user):
    MemberFactory(
        branch=world.branch_a,
        name="外出甲",
        is_mobile=True,
        mobile_destination="重庆市",
        mobile_since=d(2015, 1, 1),
        last_contact_on=d(2016, 3, 1),
    )
    MemberFactory(
        branch=world.branch_b,
        name="外出乙",
        is_mobile=True,
        mobile_destination="重庆市",
        mobile_since=d(2016, 11, 1),
        last_contact_on=d(2016, 12, 1),
    )
    text = as_user(world.secretary_a).get(reverse("members:mobile")).content.decode()
    assert "外出甲" in text and "外出乙" not in text
    assert "应转接组织关系" in text and "连续六个月未参加组织生活或联系" in text
    text = as_user(world.leader).get(reverse("members:mobile") + "?flag=transfer").content.decode()
    assert "外出甲" in text and "外出乙" not in text


def test_the_mobile_list_costs_the_same_queries_for_1_and_10_members(world, as_user):
    client = as_user(world.staff)
    url = reverse("members:mobile")

    def add():
        MemberFactory(
            branch=world.branch_a,
            is_mobile=True,
            mobile_destination="重庆市",
            mobile_since=d(2015, 1, 1),
            last_contact_on=d(2016, 3, 1),
        )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add()
    one = count()
    for _ in range(9):
        add()
    assert count() == one

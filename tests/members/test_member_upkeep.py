"""Member upkeep in the front office: add, edit (with the version read), move between
branches, 转正 / 延长预备期 / 取消预备党员资格 with the dates the rules compute, a member
leaving for each reason (never deleted, found in the 已减少 list), members_on(date)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from members.services import MemberError
from members.upkeep import (
    LEAVING_HERE,
    cancel_probation,
    convert_member,
    extend_probation,
    move_member,
    record_leaving,
)
from tests.factories import MemberFactory
from township.demo_data import make_id_number

d = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


def _new_member_data(branch, **over):
    birth = d(1985, 2, 3)
    data = {
        "branch": branch.pk,
        "name": "新党员",
        "gender": "F",
        "ethnicity": "汉族",
        "id_number": make_id_number(birth, "F", 321),
        "birth_date": "1985-02-03",
        "education": Member.Education.BACHELOR,
        "category": Member.Category.FARMER,
        "joined_on": "2010-07-01",
        "full_member_on": "2011-07-01",
        "job": "",
        "phone": "13900001111",
        "address": "青山乡",
        "standing": Member.Standing.NORMAL,
        "lost_contact_since": "",
        "mobile_destination": "",
        "mobile_since": "",
    }
    data.update(over)
    return data


JOINED = d(2015, 7, 1)


def _probationary(world, joined=JOINED, **kw):
    return MemberFactory(branch=world.branch_a, joined_on=joined, full_member_on=None, **kw)


# --- add and edit -------------------------------------------------------------------------


def test_staff_add_a_member_with_history(world, as_user):
    client = as_user(world.staff)
    response = client.post(reverse("members:new"), _new_member_data(world.branch_b))
    member = Member.objects.get(name="新党员")
    assert response.status_code == 302
    assert member.branch == world.branch_b
    assert member.history.count() == 1


def test_a_secretary_adds_only_to_their_own_branch(world, as_user):
    client = as_user(world.secretary_a)
    response = client.post(reverse("members:new"), _new_member_data(world.branch_b))
    assert response.status_code == 200
    assert not Member.objects.filter(name="新党员").exists()
    client.post(reverse("members:new"), _new_member_data(world.branch_a))
    assert Member.objects.get(name="新党员").branch == world.branch_a


def test_a_bad_id_number_is_refused_as_the_import_refuses_it(world, as_user):
    client = as_user(world.staff)
    data = _new_member_data(world.branch_a)
    data["id_number"] = data["id_number"][:-1] + ("0" if data["id_number"][-1] != "0" else "1")
    response = client.post(reverse("members:new"), data)
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert not Member.objects.filter(name="新党员").exists()


def test_a_second_current_member_with_the_same_id_number_is_refused(world, as_user):
    client = as_user(world.staff)
    data = _new_member_data(
        world.branch_a,
        id_number=world.member_b.id_number,
        birth_date=world.member_b.birth_date.isoformat(),
        gender=world.member_b.gender,
    )
    response = client.post(reverse("members:new"), data)
    assert "已有在册党员使用此公民身份号码" in response.content.decode()
    assert not Member.objects.filter(name="新党员").exists()


def _seen_version(client, url) -> str:
    found = re.search(r'name="seen_version" value="(\d+)"', client.get(url).content.decode())
    assert found, "the member form carries no seen_version"
    return found.group(1)


def _edit_data(member, version, **over):
    data = _new_member_data(member.branch, id_number=member.id_number)
    data.update(
        birth_date=member.birth_date.isoformat(),
        gender=member.gender,
        joined_on=member.joined_on.isoformat(),
        full_member_on=member.full_member_on.isoformat(),
        name=member.name,
        seen_version=version,
    )
    data.pop("branch")
    data.update(over)
    return data


def test_the_secretary_edits_a_member_of_their_branch(world, as_user):
    client = as_user(world.secretary_a)
    url = reverse("members:edit", args=[world.member_a.pk])
    version = _seen_version(client, url)
    response = client.post(url, _edit_data(world.member_a, version, job="村会计"))
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.job == "村会计"


def test_a_stale_edit_is_refused_and_nothing_is_saved(world, as_user):
    client = as_user(world.staff)
    url = reverse("members:edit", args=[world.member_a.pk])
    version = _seen_version(client, url)
    world.member_a.job = "别人改的"
    world.member_a.save()
    response = client.post(url, _edit_data(world.member_a, version, job="我的修改"))
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert world.member_a.job == "别人改的"


def test_leadership_cannot_post_an_edit(world, as_user):
    response = as_user(world.leader).post(
        reverse("members:edit", args=[world.member_a.pk]), {"name": "改名"}
    )
    assert response.status_code == 403


# --- move ---------------------------------------------------------------------------------


def test_staff_move_a_member_in_one_step_keeping_history(world, as_user):
    client = as_user(world.staff)
    response = client.post(
        reverse("members:move", args=[world.member_a.pk]), {"to_branch": world.branch_b.pk}
    )
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.branch == world.branch_b
    branches = list(
        world.member_a.history.order_by("history_id").values_list("branch_id", flat=True)
    )
    assert branches[-2:] == [world.branch_a.pk, world.branch_b.pk]


def test_a_move_to_another_township_is_refused(world):
    with pytest.raises(MemberError, match="仅限本乡"):
        move_member(member=world.member_a, to_branch=world.branch_x)
    world.member_a.refresh_from_db()
    assert world.member_a.branch == world.branch_a


def test_a_forged_branch_of_another_township_is_not_a_choice(world, as_user):
    client = as_user(world.staff)
    response = client.post(
        reverse("members:move", args=[world.member_a.pk]), {"to_branch": world.branch_x.pk}
    )
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert world.member_a.branch == world.branch_a


def test_a_secretary_cannot_move_a_member(world, as_user):
    response = as_user(world.secretary_a).post(
        reverse("members:move", args=[world.member_a.pk]), {"to_branch": world.branch_b.pk}
    )
    assert response.status_code == 403


# --- leaving ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [r.value for r in LEAVING_HERE])
def test_each_leaving_reason_is_recorded_and_the_member_kept(world, as_user, reason):
    client = as_user(world.staff)
    document = SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision", "application/pdf")
    response = client.post(
        reverse("members:leave", args=[world.member_a.pk]),
        {
            "reason": reason,
            "on": "2016-10-08",
            "basis": "乡党委青委〔2016〕20号批复",
            "document": document,
            "note": "",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=world.member_a.pk)
    assert member.left_on == d(2016, 10, 8) and member.leave_reason == reason
    assert member.leave_basis.startswith("乡党委")
    assert member.leave_document
    assert member not in Member.objects.current()
    page = client.get(reverse("members:reduced")).content.decode()
    assert member.name in page and member.get_leave_reason_display() in page


def test_leaving_without_a_basis_is_refused_except_for_a_death(world):
    with pytest.raises(MemberError, match="减少依据"):
        record_leaving(
            member=world.member_a, reason=Member.LeaveReason.EXPELLED, on=d(2016, 5, 1), basis=" "
        )
    world.member_a.refresh_from_db()
    assert world.member_a.is_current
    record_leaving(
        member=world.member_a, reason=Member.LeaveReason.DEATH, on=d(2016, 5, 1), basis=""
    )
    assert not world.member_a.is_current


def test_leaving_in_the_future_or_twice_is_refused(world):
    with pytest.raises(MemberError, match="晚于今天"):
        record_leaving(member=world.member_a, reason="death", on=d(2016, 12, 21), basis="")
    record_leaving(member=world.member_a, reason="death", on=d(2016, 12, 20), basis="")
    with pytest.raises(MemberError, match="已不在党员名册"):
        record_leaving(member=world.member_a, reason="death", on=d(2016, 12, 20), basis="")


def test_transfer_out_is_not_a_reason_on_the_leaving_form(world, as_user):
    response = as_user(world.staff).post(
        reverse("members:leave", args=[world.member_a.pk]),
        {"reason": "transfer", "on": "2016-10-08", "basis": "x"},
    )
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert world.member_a.is_current


def test_a_document_that_is_not_what_it_claims_is_refused(world, as_user):
    response = as_user(world.staff).post(
        reverse("members:leave", args=[world.member_a.pk]),
        {
            "reason": "death",
            "on": "2016-10-08",
            "basis": "",
            "document": SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert world.member_a.is_current


def test_members_on_a_day_counts_who_was_a_member_then(world):
    record_leaving(member=world.member_a, reason="death", on=d(2016, 5, 1), basis="")
    late = MemberFactory(branch=world.branch_a, joined_on=d(2016, 7, 1), full_member_on=None)
    in_a = Member.objects.filter(branch=world.branch_a)
    assert set(in_a.members_on(d(2015, 12, 31))) == {world.member_a}
    assert set(in_a.members_on(d(2016, 5, 1))) == set()  # left that day
    assert set(in_a.members_on(d(2016, 4, 30))) == {world.member_a}
    assert set(in_a.members_on(d(2016, 12, 31))) == {late}


def test_the_reduced_list_costs_the_same_queries_for_one_or_many(world, as_user):
    client = as_user(world.staff)
    url = reverse("members:reduced")
    record_leaving(member=world.member_a, reason="death", on=d(2016, 5, 1), basis="")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(10):
        member = MemberFactory(branch=world.branch_b)
        record_leaving(member=member, reason="withdrawal", on=d(2016, 6, 1), basis="支部大会")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(one)
    assert response.content.decode().count("退党") >= 10


def test_a_secretary_sees_only_their_branch_in_the_reduced_list(world, as_user):
    record_leaving(member=world.member_b, reason="death", on=d(2016, 5, 1), basis="")
    page = as_user(world.secretary_a).get(reverse("members:reduced")).content.decode()
    assert world.member_b.name not in page


# --- probation ----------------------------------------------------------------------------


def test_conversion_counts_from_the_end_of_probation_not_the_meeting(world, as_user):
    member = _probationary(world)
    client = as_user(world.secretary_a)
    url = reverse("members:probation", args=[member.pk])
    response = client.post(
        url,
        {
            "decision": "convert",
            "on": "2016-09-15",
            # 公示 before conversion (a roster member: given on this form), Monday to Friday
            "notice_on": "2016-09-05",
            "notice_ends_on": "2016-09-09",
            "seen_version": _seen_version(client, url),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_member_on == d(2016, 7, 1)


def test_conversion_before_probation_ends_is_refused(world):
    member = _probationary(world, joined=d(2016, 1, 10))
    with pytest.raises(MemberError, match="2017-01-10"):
        convert_member(member=member, meeting_on=d(2016, 12, 20))
    member.refresh_from_db()
    assert member.full_member_on is None


@pytest.mark.parametrize(
    "extend_to, ok",
    [
        (d(2016, 9, 1), False),  # two months: refused
        (d(2016, 12, 31), False),  # one day short of six months
        (d(2017, 1, 1), True),  # six months exactly
        (d(2017, 7, 1), True),  # one year exactly
        (d(2017, 7, 2), False),  # more than a year
    ],
)
def test_probation_is_extended_by_six_months_to_one_year(world, extend_to, ok):
    member = _probationary(world)
    if ok:
        extend_probation(member=member, extend_to=extend_to)
        assert member.probation_due_on() == extend_to
    else:
        with pytest.raises(MemberError, match="最短半年、最长一年"):
            extend_probation(member=member, extend_to=extend_to)
        member.refresh_from_db()
        assert member.probation_extended_to is None


def test_probation_is_extended_only_once_and_conversion_waits_for_its_end(world):
    member = _probationary(world)
    extend_probation(member=member, extend_to=d(2017, 1, 1))
    with pytest.raises(MemberError, match="只能延长一次"):
        extend_probation(member=member, extend_to=d(2017, 3, 1))
    with pytest.raises(MemberError, match="2017-01-01"):
        convert_member(member=member, meeting_on=d(2016, 12, 20))


def test_cancelling_probationary_membership_takes_the_member_off_the_roster(world, as_user):
    member = _probationary(world)
    client = as_user(world.staff)
    url = reverse("members:probation", args=[member.pk])
    response = client.post(
        url,
        {
            "decision": "cancel",
            "on": "2016-08-01",
            "basis": "支部大会决定，乡党委批准",
            "seen_version": _seen_version(client, url),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.leave_reason == Member.LeaveReason.PROBATION_CANCELLED
    assert member.left_on == d(2016, 8, 1)
    with pytest.raises(MemberError):
        cancel_probation(member=member, on=d(2016, 8, 1), basis="x")


def test_a_full_member_has_no_probation_decision(world, as_user):
    response = as_user(world.staff).get(reverse("members:probation", args=[world.member_a.pk]))
    assert response.status_code == 403


def test_a_bad_probation_decision_shows_the_rule_and_saves_nothing(world, as_user):
    member = _probationary(world)
    client = as_user(world.staff)
    url = reverse("members:probation", args=[member.pk])
    response = client.post(
        url,
        {
            "decision": "extend",
            "on": "2016-07-01",
            "extend_to": "2016-09-01",
            "seen_version": _seen_version(client, url),
        },
    )
    assert response.status_code == 200
    assert "最短半年、最长一年" in response.content.decode()
    member.refresh_from_db()
    assert member.probation_extended_to is None


def test_the_member_page_offers_upkeep_to_staff_only_where_allowed(world, as_user):
    url = reverse("members:detail", args=[world.member_a.pk])
    staff_page = as_user(world.staff).get(url).content.decode()
    assert reverse("members:move", args=[world.member_a.pk]) in staff_page
    secretary_page = as_user(world.secretary_a).get(url).content.decode()
    assert reverse("members:edit", args=[world.member_a.pk]) in secretary_page
    assert reverse("members:move", args=[world.member_a.pk]) not in secretary_page
    leader_page = as_user(world.leader).get(url).content.decode()
    assert reverse("members:edit", args=[world.member_a.pk]) not in leader_page


def test_member_structure_counts_a_past_year_with_who_was_a_member_then(world):
    from members.selectors import member_structure

    record_leaving(member=world.member_a, reason="death", on=d(2016, 5, 1), basis="")
    in_township = Member.objects.filter(branch__township=world.township)
    assert member_structure(in_township)["total"] == 1
    assert member_structure(in_township, on=d(2015, 12, 31))["total"] == 2


def test_an_extended_probation_is_not_counted_as_conversion_due(world):
    from members.selectors import member_structure

    member = _probationary(world)
    in_a = Member.objects.filter(branch=world.branch_a)
    assert member_structure(in_a)["conversion_due"] == 1
    extend_probation(member=member, extend_to=d(2017, 1, 1))
    assert member_structure(in_a)["conversion_due"] == 0


def test_the_back_office_links_the_leaving_document_to_the_checked_view(world, as_user):
    from django.core.files.base import ContentFile

    world.member_a.leave_document.save("决定.pdf", ContentFile(b"%PDF-1.4 x"))
    page = as_user(world.staff).get(f"/admin/members/member/{world.member_a.pk}/change/")
    html = page.content.decode()
    assert reverse("members:leave-document", args=[world.member_a.pk]) in html
    assert "/media/" not in html


def test_the_dashboard_of_a_past_year_counts_who_was_a_member_then(world, as_user):
    from tests.plans.factories import PlanFactory

    for year in (2015, 2016):  # years with data
        PlanFactory(township=world.township, year=year)
    record_leaving(member=world.member_a, reason="death", on=d(2016, 5, 1), basis="")
    client = as_user(world.staff)
    this_year = client.get(reverse("dashboard") + "?year=2016").context["members"]["total"]
    last_year = client.get(reverse("dashboard") + "?year=2015").context["members"]["total"]
    assert (this_year, last_year) == (1, 2)


def test_the_member_page_shows_the_leaving_basis_and_the_document_to_managers_only(world, as_user):
    document = SimpleUploadedFile("d.pdf", b"%PDF-1.4 x", "application/pdf")
    record_leaving(
        member=world.member_a,
        reason=Member.LeaveReason.EXPELLED,
        on=d(2016, 6, 1),
        basis="乡党委〔2016〕8号",
        document=document,
    )
    url = reverse("members:detail", args=[world.member_a.pk])
    link = reverse("members:leave-document", args=[world.member_a.pk])
    staff_page = as_user(world.staff).get(url).content.decode()
    assert "开除党籍" in staff_page and "乡党委〔2016〕8号" in staff_page and link in staff_page
    leader_page = as_user(world.leader).get(url).content.decode()
    assert "开除党籍" in leader_page and link not in leader_page
    assert reverse("members:edit", args=[world.member_a.pk]) not in staff_page


def test_the_probation_page_shows_the_end_and_the_extension_window(world, as_user):
    member = _probationary(world)
    page = as_user(world.staff).get(reverse("members:probation", args=[member.pk]))
    html = page.content.decode()
    assert "预备期满之日为 2016年7月1日" in html
    assert "延长至2017年1月1日至2017年7月1日之间的某日" in html

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from members.models import Member
from members.validators import clean_id_number, mask_address, mask_id_number, mask_phone
from township.demo_data import make_id_number

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db

VALID = make_id_number(datetime.date(1970, 5, 6), "M", 7)
# Right check digit, impossible month 13.
BAD_MONTH = "51012119701306007" + ric.calc_check_digit("51012119701306007" + "0")


def errors_of(member: Member) -> dict:
    with pytest.raises(ValidationError) as info:
        member.full_clean()
    return info.value.message_dict


def test_a_valid_member_passes_and_saves():
    member = MemberFactory.build(branch=MemberFactory().branch, id_number=VALID)
    member.full_clean()
    member.save()
    assert Member.objects.filter(id_number=VALID).exists()


def test_it_accepts_lower_case_x_and_spaces():
    body = next(
        f"1101051949123100{d}"
        for d in "0123456789"
        if ric.calc_check_digit(f"1101051949123100{d}0") == "X"
    )
    assert clean_id_number(f" {body}x ") == body + "X"


@pytest.mark.parametrize(
    "number, fragment",
    [
        ("51012119700506", "18"),
        ("5101211970050607AB", "17"),
        (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "校验码"),
        (BAD_MONTH, "出生日期"),
    ],
)
def test_it_rejects_bad_id_numbers_in_chinese(number, fragment):
    member = MemberFactory.build(branch=MemberFactory().branch, id_number=number)
    messages = errors_of(member)["id_number"]
    assert any(fragment in m for m in messages), messages


def test_birth_date_must_agree_with_the_id_number():
    member = MemberFactory.build(
        branch=MemberFactory().branch, id_number=VALID, birth_date=datetime.date(1971, 5, 6)
    )
    assert "出生日期" in errors_of(member)["birth_date"][0]


def test_gender_must_agree_with_the_id_number():
    member = MemberFactory.build(branch=MemberFactory().branch, id_number=VALID, gender="F")
    assert "性别" in errors_of(member)["gender"][0]


def test_a_current_id_number_is_unique():
    existing = MemberFactory()
    twin = MemberFactory.build(branch=existing.branch, id_number=existing.id_number)
    assert "已有" in errors_of(twin)["id_number"][0]


def test_a_member_who_left_does_not_block_the_id_number():
    gone = MemberFactory(left_on=datetime.date(2015, 1, 1), leave_reason="transfer")
    back = MemberFactory.build(branch=gone.branch, id_number=gone.id_number)
    back.full_clean()
    back.save()
    assert Member.objects.filter(id_number=gone.id_number).count() == 2


def test_joining_before_eighteen_is_refused():
    member = MemberFactory.build(
        branch=MemberFactory().branch, joined_on=datetime.date(1988, 5, 5)
    )  # born 1970-05-06: one day short of 18
    assert "18" in errors_of(member)["joined_on"][0]


def test_joining_on_the_eighteenth_birthday_is_fine():
    member = MemberFactory.build(
        branch=MemberFactory().branch,
        joined_on=datetime.date(1988, 5, 6),
        full_member_on=datetime.date(1989, 5, 6),
    )
    member.full_clean()


def test_full_membership_must_follow_joining():
    member = MemberFactory.build(
        branch=MemberFactory().branch, full_member_on=datetime.date(1995, 6, 30)
    )
    assert "full_member_on" in errors_of(member)


def test_leaving_needs_date_and_reason():
    member = MemberFactory.build(branch=MemberFactory().branch, left_on=datetime.date(2016, 1, 1))
    assert "leave_reason" in errors_of(member)


def test_a_reason_for_leaving_needs_the_date():
    member = MemberFactory.build(branch=MemberFactory().branch, leave_reason="transfer")
    assert "left_on" in errors_of(member)


def test_leaving_before_joining_is_refused():
    member = MemberFactory.build(
        branch=MemberFactory().branch,
        left_on=datetime.date(1990, 1, 1),
        leave_reason="transfer",
    )
    assert "早于加入党组织" in errors_of(member)["left_on"][0]


def test_a_joining_date_in_the_future_is_refused(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    member = MemberFactory.build(
        branch=MemberFactory().branch,
        joined_on=datetime.date(2017, 1, 1),
        full_member_on=None,
    )
    assert "joined_on" in errors_of(member)


def test_an_importer_that_checked_the_id_numbers_says_so_and_the_check_is_skipped():
    existing = MemberFactory()
    twin = MemberFactory.build(branch=existing.branch, id_number=existing.id_number)
    twin.clean(id_number_checked=True)  # the sheet's numbers were checked in one query
    with pytest.raises(ValidationError):
        twin.clean()


def test_lost_contact_and_mobile_need_their_details():
    member = MemberFactory.build(
        branch=MemberFactory().branch, is_lost_contact=True, is_mobile=True
    )
    errors = errors_of(member)
    assert "lost_contact_since" in errors and "mobile_destination" in errors


def test_a_bad_phone_is_refused():
    member = MemberFactory.build(branch=MemberFactory().branch, phone="12345")
    assert "phone" in errors_of(member)


def test_masks():
    assert mask_id_number("110101199003071234") == "110***********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("云溪县青山乡青龙村3组12号") == "云溪县青山乡****"
    assert mask_id_number("") == mask_phone("") == mask_address("") == ""


def test_nothing_is_saved_when_the_admin_form_is_invalid(world, client):
    client.force_login(world.staff)
    before = Member.objects.count()
    response = client.post(
        "/admin/members/member/add/",
        {
            "branch": world.branch_a.pk,
            "name": "赵六",
            "gender": "M",
            "ethnicity": "汉族",
            "id_number": "510121197005060000",
            "birth_date": "1970-05-06",
            "education": "high_school",
            "category": "farmer",
            "joined_on": "1995-07-01",
            "standing": "normal",
        },
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert Member.objects.count() == before

"""Searching the member list by a whole ID number or phone number finds the member only for
those who see that member's personal data whole; for everyone else the number stays masked,
so the search must not confirm whose it is (name search works for all readers)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _found(client, q):
    page = client.get(reverse("members:list"), {"q": q})
    assert page.status_code == 200
    return [m.pk for m in page.context["page"]]


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_leadership_cannot_confirm_a_masked_number_by_searching_it(world, as_user, field):
    value = getattr(world.member_a, field)
    assert _found(as_user(world.leader), value) == []


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_those_who_manage_the_member_find_them_by_number(world, as_user, field):
    world.member_b.phone = "13900005678"
    world.member_b.save()
    value = getattr(world.member_a, field)
    assert _found(as_user(world.staff), value) == [world.member_a.pk]
    assert _found(as_user(world.secretary_a), value) == [world.member_a.pk]


def test_leadership_still_finds_members_by_name(world, as_user):
    assert _found(as_user(world.leader), "张三") == [world.member_a.pk]


def test_the_export_follows_the_same_rule(world, as_user):
    client = as_user(world.leader)
    response = client.get(reverse("members:export"), {"q": world.member_a.id_number})
    assert response.status_code == 200
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert "张三" not in [c.value for row in sheet.iter_rows() for c in row]


# --- Part of a number (issue 19, item 2) ----------------------------------------------------


def _numbers(world):
    world.member_a.phone = "13912345678"
    world.member_a.save()
    world.member_b.phone = "13987650000"
    world.member_b.save()


def test_staff_find_a_member_by_four_digits_of_the_phone_or_id_number(world, as_user):
    _numbers(world)
    client = as_user(world.staff)
    assert _found(client, "5678") == [world.member_a.pk]
    # The ID number's last six characters (birth-date digits and serial).
    assert world.member_a.pk in _found(client, world.member_a.id_number[-8:-2])
    # The other township's member is outside staff's reach altogether.
    assert world.member_x.pk not in _found(client, world.member_x.id_number[-6:-1])


def test_a_secretary_finds_by_part_of_a_number_only_in_their_own_branch(world, as_user):
    _numbers(world)
    client = as_user(world.secretary_a)
    assert _found(client, "2345") == [world.member_a.pk]
    # Branch B's member is visible to no secretary of A at all; and the digits of B's phone
    # find nothing.
    assert _found(client, "8765") == []


@pytest.mark.parametrize("part", ["5678", "912345", "1234567"])
def test_leadership_find_nothing_by_part_of_a_real_members_phone(world, as_user, part):
    _numbers(world)
    assert _found(as_user(world.leader), part) == []


def test_leadership_find_nothing_by_part_of_a_real_members_id_number(world, as_user):
    client = as_user(world.leader)
    for part in (world.member_a.id_number[6:14], world.member_a.id_number[-4:]):
        assert _found(client, part) == []


def test_fewer_than_four_digits_match_no_number(world, as_user):
    _numbers(world)
    client = as_user(world.staff)
    assert _found(client, "567") == []
    assert _found(client, "139") == []

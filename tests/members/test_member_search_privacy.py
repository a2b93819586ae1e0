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

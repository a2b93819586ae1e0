"""The 自行脱党 risk list to Excel: the rows the page lists, for the staff who may read it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from .factories import TODAY, assess, pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def test_the_risk_export_lists_what_the_page_flags(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 6)  # nothing paid since June: six months by December
    response = as_user(world.staff).get(reverse("dues:risk-export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    header, *data = rows
    named = {r[header.index("姓名")]: dict(zip(header, r, strict=True)) for r in data}
    assert named["张三"]["连续未交党费月数"] == 6 and named["张三"]["党支部"] == "甲村党支部"
    assert "王五" not in named  # another township's member
    page = as_user(world.staff).get(reverse("dues:risk")).content.decode()
    assert reverse("dues:risk-export") in page


def test_readers_without_the_list_cannot_export_it(world, as_user):
    for user in (world.leader, world.secretary_a):
        assert as_user(user).get(reverse("dues:risk-export")).status_code == 403


def test_a_name_like_a_formula_is_written_as_text(world, as_user):
    world.member_a.name = "=1+1"
    world.member_a.save()
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    response = as_user(world.staff).get(reverse("dues:risk-export"))
    values = [
        r[0] for r in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values
    ]
    assert "'=1+1" in values  # the cell is text, not a formula

"""The transfers list to Excel: the letters out the list shows (its status filter), in the
user's scope, ID numbers masked for those who do not manage the member, formulas escaped."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from transfers.models import TransferOut

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _letter(township, member, number, **values):
    defaults = {
        "issued_on": D(2016, 8, 1),
        "destination": "中共某县某镇委员会",
        "reason": "外出务工",
        "dues_paid_to": D(2016, 7, 1),
        "valid_until": D(2016, 10, 31),
    }
    defaults.update(values)
    return TransferOut.objects.create(
        township=township, member=member, year=2016, number=number, **defaults
    )


@pytest.fixture
def letters(world):
    return [
        _letter(world.township, world.member_a, 1, destination="=cmd|' /C calc'!A0"),
        _letter(
            world.township,
            world.member_b,
            2,
            valid_until=D(2017, 1, 31),
            issued_on=D(2016, 11, 1),
            dues_paid_to=None,
            status=TransferOut.Status.RECEIVED,
            receipt_on=D(2016, 12, 1),
        ),
        _letter(world.other_township, world.member_x, 1),
    ]


def rows_of(response):
    assert response.status_code == 200
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    start = next(i for i, r in enumerate(values) if r[0] == "介绍信编号")
    return [dict(zip(values[start], r, strict=True)) for r in values[start + 1 :]], values[0][0]


def test_staff_get_their_townships_letters_whole(world, letters, as_user):
    rows, banner = rows_of(as_user(world.staff).get(reverse("transfers:export")))
    assert [r["姓名"] for r in rows] == ["张三", "李四"]  # open first, as the list
    open_row, received = rows
    assert open_row["介绍信编号"] == "〔2016〕1号" and open_row["回执逾期"] == "是"
    assert open_row["身份证号"] == world.member_a.id_number
    assert open_row["转往党组织"] == "'=cmd|' /C calc'!A0"
    assert open_row["党费交至"] == "2016年7月" and received["党费交至"] == "党费台账无记录"
    assert received["回执日期"].date() == D(2016, 12, 1) and not received["回执逾期"]
    assert banner == "介绍信编号"


def test_the_export_follows_the_status_filter(world, letters, as_user):
    client = as_user(world.staff)
    rows, _ = rows_of(client.get(reverse("transfers:export"), {"status": "overdue"}))
    assert [r["姓名"] for r in rows] == ["张三"]
    rows, _ = rows_of(client.get(reverse("transfers:export"), {"status": "received"}))
    assert [r["姓名"] for r in rows] == ["李四"]
    page = client.get(reverse("transfers:list"), {"status": "received"}).content.decode()
    assert "〔2016〕2号" in page and "〔2016〕1号" not in page
    assert reverse("transfers:export") + "?status=received" in page


def test_a_secretary_gets_their_branch_and_leadership_gets_it_masked(world, letters, as_user):
    rows, _ = rows_of(as_user(world.secretary_a).get(reverse("transfers:export")))
    assert [r["姓名"] for r in rows] == ["张三"]
    assert rows[0]["身份证号"] == world.member_a.id_number
    rows, banner = rows_of(as_user(world.leader).get(reverse("transfers:export")))
    assert [r["姓名"] for r in rows] == ["张三", "李四"]
    assert all(
        r["身份证号"] != m.id_number
        for r, m in zip(rows, [world.member_a, world.member_b], strict=True)
    )
    assert "已遮挡" in banner


def test_the_export_follows_the_home_pages_overdue_link_and_the_township(world, letters, as_user):
    """The page and the export read one filter form (transfers/filters.py)."""
    client = as_user(world.staff)
    rows, _ = rows_of(client.get(reverse("transfers:export"), {"overdue": "1"}))
    assert [r["姓名"] for r in rows] == ["张三"]
    rows, _ = rows_of(
        client.get(reverse("transfers:export"), {"township": world.other_township.pk})
    )
    assert rows == []


def test_a_status_not_understood_is_said_and_every_letter_listed(world, letters, as_user):
    response = as_user(world.staff).get(reverse("transfers:list"), {"status": "nonsense"})
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert {letter.number for letter in response.context["page"]} == {1, 2}
    rows, _ = rows_of(as_user(world.staff).get(reverse("transfers:export"), {"status": "x"}))
    assert len(rows) == 2

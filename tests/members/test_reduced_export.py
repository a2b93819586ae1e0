"""The 已减少 list to Excel: what the page lists (its branch and reason filters), in the
user's scope, personal data masked for those who do not manage the member, formulas escaped."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def reduced(world):
    return {
        "dead": MemberFactory(
            branch=world.branch_a,
            name="已故甲",
            phone="13900001111",
            left_on=D(2016, 3, 1),
            leave_reason="death",
            leave_basis='=HYPERLINK("x")',
        ),
        "quit": MemberFactory(
            branch=world.branch_b,
            name="退党乙",
            phone="13900002222",
            left_on=D(2016, 5, 2),
            leave_reason="withdrawal",
            leave_basis="支部大会决定",
        ),
        "other": MemberFactory(
            branch=world.branch_x, name="外乡丙", left_on=D(2016, 4, 1), leave_reason="death"
        ),
    }


def rows_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    start = next(i for i, r in enumerate(values) if r[0] == "姓名")
    header = values[start]
    return [dict(zip(header, r, strict=True)) for r in values[start + 1 :]], values[0][0]


def test_staff_get_the_townships_reduced_members_whole(world, reduced, as_user):
    rows, first = rows_of(as_user(world.staff).get(reverse("members:reduced-export")))
    assert [r["姓名"] for r in rows] == ["退党乙", "已故甲"]  # latest first, as the page
    dead = rows[1]
    assert dead["身份证号"] == reduced["dead"].id_number and dead["联系电话"] == "13900001111"
    assert dead["减少原因"] == "死亡" and dead["减少日期"].date() == D(2016, 3, 1)
    assert dead["依据"] == '\'=HYPERLINK("x")'  # a formula is written as text
    assert first == "姓名"  # nothing masked: no banner


def test_the_export_follows_the_pages_filters(world, reduced, as_user):
    client = as_user(world.staff)
    rows, _ = rows_of(client.get(reverse("members:reduced-export"), {"reason": "death"}))
    assert [r["姓名"] for r in rows] == ["已故甲"]
    rows, _ = rows_of(client.get(reverse("members:reduced-export"), {"branch": world.branch_b.pk}))
    assert [r["姓名"] for r in rows] == ["退党乙"]


def test_a_secretary_gets_only_their_branch(world, reduced, as_user):
    rows, _ = rows_of(as_user(world.secretary_a).get(reverse("members:reduced-export")))
    assert [r["姓名"] for r in rows] == ["已故甲"]
    assert rows[0]["身份证号"] == reduced["dead"].id_number


def test_leadership_reads_every_branch_masked(world, reduced, as_user):
    rows, banner = rows_of(as_user(world.leader).get(reverse("members:reduced-export")))
    assert {r["姓名"] for r in rows} == {"已故甲", "退党乙"}
    for row, member in ((rows[0], reduced["quit"]), (rows[1], reduced["dead"])):
        assert row["身份证号"] != member.id_number and "*" in row["身份证号"]
        assert row["联系电话"] != member.phone
    assert "已遮挡" in banner


def test_the_page_links_the_export_with_its_filters(world, reduced, as_user):
    page = as_user(world.staff).get(reverse("members:reduced"), {"reason": "death"})
    assert reverse("members:reduced-export") + "?reason=death" in page.content.decode()

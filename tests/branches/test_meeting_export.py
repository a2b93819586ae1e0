"""Organisational life to Excel: a branch's meetings page and the township compliance page
export exactly what they list, to whom may see it, with Chinese headers and real dates."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Meeting
from branches.services import save_meeting
from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def read_back(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def as_dicts(rows):
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def meeting(branch, day, kind=Meeting.Kind.MEMBERS, topic="学习党章", **values):
    return Meeting.objects.create(branch=branch, kind=kind, date=day, topic=topic, **values)


@pytest.fixture
def meetings(world):
    full = [world.member_a, MemberFactory(branch=world.branch_a, name="赵六")]
    recorded = save_meeting(
        meeting=Meeting(
            branch=world.branch_a,
            kind=Meeting.Kind.MEMBERS,
            date=datetime.date(2016, 3, 5),
            topic="=1+1 学习",
            host=world.member_a,
        ),
        record=True,
        present_ids={world.member_a.pk},
    )
    meeting(world.branch_a, datetime.date(2016, 5, 10), Meeting.Kind.LECTURE, "党课")
    meeting(world.branch_a, datetime.date(2015, 5, 10), Meeting.Kind.LECTURE, "去年的党课")
    meeting(world.branch_b, datetime.date(2016, 4, 1), Meeting.Kind.COMMITTEE, "乙村支委会")
    meeting(world.branch_x, datetime.date(2016, 4, 1), Meeting.Kind.COMMITTEE, "外乡支委会")
    return full, recorded


def test_the_branch_export_has_chinese_headers_dates_and_attendance(world, meetings, as_user):
    rows = read_back(
        as_user(world.secretary_a).get(
            reverse("branches:meetings-export", args=[world.branch_a.pk]) + "?year=2016"
        )
    )
    assert rows[0][:4] == ["党支部", "日期", "会议类型", "主题"]
    found = as_dicts(rows)
    assert [r["主题"] for r in found] == ["党课", "'=1+1 学习"]  # the page's order, escaped
    recorded = found[1]
    assert recorded["日期"] == datetime.datetime(2016, 3, 5)  # a real Excel date
    assert recorded["会议类型"] == "支部党员大会"
    assert recorded["状态"] == "已召开"
    assert recorded["主持人"] == "张三"
    assert (recorded["实到人数"], recorded["缺席人数"]) == (1, 1)
    assert recorded["达到法定人数"] == "否"  # 1 of 2 voting members is not more than half
    planned = found[0]
    assert planned["状态"] == "计划中"
    assert (planned["实到人数"], planned["达到法定人数"]) == (None, None)


def test_the_branch_export_follows_the_pages_year_and_kind(world, meetings, as_user):
    client = as_user(world.staff)
    url = reverse("branches:meetings-export", args=[world.branch_a.pk])
    assert [r["主题"] for r in as_dicts(read_back(client.get(url + "?year=2015")))] == [
        "去年的党课"
    ]
    rows = as_dicts(read_back(client.get(url + "?year=2016&kind=lecture")))
    assert [r["主题"] for r in rows] == ["党课"]


def test_the_meetings_page_links_its_filter_to_the_export(world, meetings, as_user):
    html = (
        as_user(world.secretary_a)
        .get(reverse("branches:meetings", args=[world.branch_a.pk]) + "?year=2016&kind=lecture")
        .content.decode()
    )
    url = reverse("branches:meetings-export", args=[world.branch_a.pk])
    assert f"{url}?year=2016&amp;kind=lecture" in html
    assert "导出Excel" in html


@pytest.mark.parametrize("who", ["secretary_b", "other_staff", "nobody"])
def test_another_branchs_or_townships_meetings_are_not_found(world, meetings, as_user, who):
    response = as_user(getattr(world, who)).get(
        reverse("branches:meetings-export", args=[world.branch_a.pk])
    )
    assert response.status_code == 404


def test_the_township_export_lists_every_branch_of_the_township_only(world, meetings, as_user):
    client = as_user(world.leader)
    rows = as_dicts(
        read_back(client.get(reverse("branches:compliance-meetings-export") + "?year=2016"))
    )
    assert {(r["党支部"], r["主题"]) for r in rows} == {
        ("甲村党支部", "'=1+1 学习"),
        ("甲村党支部", "党课"),
        ("乙村党支部", "乙村支委会"),
    }
    rows = as_dicts(
        read_back(
            client.get(reverse("branches:compliance-meetings-export") + "?year=2016&quarter=2")
        )
    )
    assert {r["主题"] for r in rows} == {"党课", "乙村支委会"}
    other = as_dicts(
        read_back(
            as_user(world.other_staff).get(
                reverse("branches:compliance-meetings-export") + "?year=2016"
            )
        )
    )
    assert [r["主题"] for r in other] == ["外乡支委会"]


def test_secretaries_may_not_export_the_township(world, meetings, as_user):
    response = as_user(world.secretary_a).get(reverse("branches:compliance-meetings-export"))
    assert response.status_code == 403


def test_the_compliance_page_links_its_filter_to_the_export(world, as_user):
    html = (
        as_user(world.staff)
        .get(reverse("branches:compliance") + "?year=2016&quarter=2")
        .content.decode()
    )
    assert reverse("branches:compliance-meetings-export") + "?year=2016&amp;quarter=2" in html
    assert "导出Excel（会议记录）" in html


def test_the_exports_cost_the_same_queries_for_1_and_10_meetings(world, as_user):
    client = as_user(world.staff)
    branch_url = reverse("branches:meetings-export", args=[world.branch_a.pk]) + "?year=2016"
    township_url = reverse("branches:compliance-meetings-export") + "?year=2016"
    host = world.member_a

    def record(day):
        save_meeting(
            meeting=Meeting(
                branch=world.branch_a, kind=Meeting.Kind.MEMBERS, date=day, topic="会", host=host
            ),
            record=True,
            present_ids={host.pk},
        )

    record(datetime.date(2016, 1, 4))
    client.get(branch_url)
    with CaptureQueriesContext(connection) as one:
        assert len(as_dicts(read_back(client.get(branch_url)))) == 1
    with CaptureQueriesContext(connection) as one_township:
        client.get(township_url)
    for day in range(5, 14):
        record(datetime.date(2016, 1, day))
    with CaptureQueriesContext(connection) as ten:
        assert len(as_dicts(read_back(client.get(branch_url)))) == 10
    with CaptureQueriesContext(connection) as ten_township:
        client.get(township_url)
    assert len(one) == len(ten)
    assert len(one_township) == len(ten_township)

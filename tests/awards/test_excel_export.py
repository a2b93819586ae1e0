"""A round's nominations to Excel: the round page's filter, its visibility rules (a secretary
sees only their own nominations until the notice, then the shortlist without the internal
assessment), Chinese headers, real dates, formula text escaped, a fixed number of queries."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Nomination, Objection, Round
from tests.factories import MemberFactory

from .factories import categories, nomination, open_round

D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def rows_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def export(client, round, query=""):
    return client.get(reverse("awards:nominations-export", args=[round.pk]) + query)


@pytest.fixture
def round(world):
    round = open_round(world.township)
    c = categories(world.township)
    mine = nomination(
        round,
        c["优秀共产党员"],
        member=world.member_a,
        stage=Nomination.Stage.ASSESSED,
        assessed_on=D(2016, 12, 18),
        assessment_passed=True,
        assessment_notes="群众评价好",
    )
    Nomination.objects.filter(pk=mine.pk).update(deeds="=HYPERLINK(1)")
    theirs = nomination(round, c["优秀共产党员"], member=world.member_b)
    nomination(round, c["先进基层党组织"], branch=world.branch_b)
    Objection.objects.create(nomination=theirs, received_on=D(2016, 12, 19), content="意见")
    return round


def test_staff_export_every_nomination_with_chinese_headers(world, round, as_user):
    rows = rows_of(export(as_user(world.staff), round))
    assert list(rows[0])[:5] == ["表彰类别", "推荐对象", "对象类型", "所在党支部", "推荐党支部"]
    by_name = {r["推荐对象"]: r for r in rows}
    assert set(by_name) == {"张三", "李四", "乙村党支部"}
    zhang = by_name["张三"]
    assert zhang["主要事迹"] == "'=HYPERLINK(1)"  # Excel would run it: escaped
    assert zhang["推荐日期"] == datetime.datetime(2016, 12, 15)
    assert (zhang["考察日期"], zhang["考察结果"]) == (datetime.datetime(2016, 12, 18), "通过")
    assert zhang["所在党支部"] == "甲村党支部" and zhang["对象类型"] == "党员"
    assert by_name["乙村党支部"]["对象类型"] == "党组织"
    assert (by_name["李四"]["异议"], by_name["李四"]["未处理异议"]) == (1, 1)
    # Names only: no personal data of the members is exported.
    text = str(rows)
    assert world.member_a.phone not in text and world.member_a.id_number not in text


def test_the_export_follows_the_round_pages_filter(world, round, as_user):
    client = as_user(world.leader)
    assert [r["推荐对象"] for r in rows_of(export(client, round, "?q=李"))] == ["李四"]
    assert [r["推荐对象"] for r in rows_of(export(client, round, "?stage=assessed"))] == ["张三"]
    html = client.get(
        reverse("awards:round-detail", args=[round.pk]) + "?q=%E6%9D%8E&stage=nominated"
    ).content.decode()
    url = reverse("awards:nominations-export", args=[round.pk])
    assert f"{url}?q=%E6%9D%8E&amp;stage=nominated" in html and "导出Excel" in html


def test_a_secretary_exports_only_their_nominations_until_the_notice(world, round, as_user):
    client = as_user(world.secretary_a)
    rows = rows_of(export(client, round))
    assert [r["推荐对象"] for r in rows] == ["张三"]
    assert rows[0]["考察意见"] == "群众评价好"  # their own nomination, read whole
    assert rows[0]["异议"] is None  # objections are for staff and leadership


def test_after_the_notice_a_secretary_gets_the_shortlist_without_the_assessment(
    world, round, as_user
):
    round.nominations.filter(member=world.member_b).update(
        stage=Nomination.Stage.NOTICE,
        on_notice=True,
        assessed_on=D(2016, 12, 18),
        assessment_passed=True,
        assessment_notes="内部意见",
    )
    Round.objects.filter(pk=round.pk).update(notice_starts_on=D(2016, 12, 19))
    rows = {r["推荐对象"]: r for r in rows_of(export(as_user(world.secretary_a), round))}
    assert set(rows) == {"张三", "李四"}  # never branch B's organisation, not on notice
    li = rows["李四"]
    assert (li["阶段"], li["是否公示"]) == ("公示", "是")
    assert (li["推荐日期"], li["考察日期"], li["考察结果"], li["考察意见"]) == (None,) * 4
    assert li["异议"] is None


@pytest.mark.parametrize("who", ["other_staff", "nobody"])
def test_another_township_gets_not_found(world, round, as_user, who):
    assert export(as_user(getattr(world, who)), round).status_code == 404


def test_another_townships_nominations_never_appear(world, round, as_user):
    other = open_round(world.other_township)
    nomination(other, categories(world.other_township)["优秀共产党员"], member=world.member_x)
    assert "王五" not in str(rows_of(export(as_user(world.staff), round)))
    assert export(as_user(world.staff), other).status_code == 404


def test_the_export_costs_the_same_queries_for_1_and_10_rows(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["优秀党务工作者"]
    client = as_user(world.staff)
    nomination(round, c, member=world.member_a)
    export(client, round)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = rows_of(export(client, round))
        return len(ctx), len(rows)

    one = count()
    for _ in range(9):
        n = nomination(round, c, member=MemberFactory(branch=world.branch_b))
        Objection.objects.create(nomination=n, received_on=D(2016, 12, 19), content="意见")
    ten = count()
    assert (one[1], ten[1]) == (1, 10)
    assert one[0] == ten[0]

"""The county's exports (every meeting, every member of the county) cost the same number of
queries however many townships, branches, meetings and members there are, and read values
rather than one model object per row (issue 20: 11 s for the meetings at 20 townships)."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Meeting
from branches.services import save_meeting
from tests.factories import BranchFactory, MemberFactory, TownshipFactory, UserFactory
from township.models import Role


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


@pytest.fixture
def county_user(world):
    user = UserFactory(username="xian")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=world.township.county)
    return user


def add_township(name: str) -> None:
    """One more township of the county: two branches, three members, two meetings each."""
    township = TownshipFactory(name=name)
    for position in range(2):
        branch = BranchFactory(township=township, name=f"{name}{position}村党支部")
        members = [MemberFactory(branch=branch) for _ in range(3)]
        for day in (4, 11):
            save_meeting(
                meeting=Meeting(
                    branch=branch,
                    kind=Meeting.Kind.MEMBERS,
                    date=datetime.date(2016, 3, day),
                    topic="学习党章",
                    host=members[0],
                    recorder=members[1],
                ),
                record=True,
                present_ids={m.pk for m in members[:2]},
            )


def rows_of(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("name", "query"),
    [("branches:compliance-meetings-export", "?year=2016"), ("members:export", "")],
    ids=["meetings", "roster"],
)
def test_a_county_export_costs_the_same_queries_for_one_township_and_four(
    world, county_user, as_user, name, query
):
    url = reverse(name) + query
    client = as_user(county_user)
    add_township("一乡")
    client.get(url)  # the session and caches settle
    with CaptureQueriesContext(connection) as small:
        small_rows = rows_of(client.get(url))
    for name in ("二乡", "三乡", "四乡"):
        add_township(name)
    with CaptureQueriesContext(connection) as large:
        large_rows = rows_of(client.get(url))
    assert len(large_rows) > len(small_rows)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_county_meetings_export_shows_names_labels_attendance_and_quorum(
    world, county_user, as_user
):
    add_township("一乡")
    rows = rows_of(
        as_user(county_user).get(reverse("branches:compliance-meetings-export") + "?year=2016")
    )
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:4] == ["党支部", "日期", "会议类型", "主题"]
    assert first["党支部"] == "一乡0村党支部"
    assert first["日期"] == datetime.datetime(2016, 3, 4)
    assert first["会议类型"] == "支部党员大会"
    assert first["状态"] == "已召开"
    assert first["主持人"] and first["记录人"]
    assert (first["实到人数"], first["缺席人数"]) == (2, 1)
    assert first["达到法定人数"] == "是"  # 2 of 3 voting members is more than half

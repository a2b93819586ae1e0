"""The compliance page for a reader of many branches (the county reads about a thousand):
a township menu, "only branches behind", 50 branches to a page with the counts over all of
them, and the county comparison's "branches behind" linking to exactly those branches."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Attendance, Meeting
from township.models import Role

from ..factories import BranchFactory, MemberFactory, TownshipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("branches:compliance")
EXPORT = reverse("branches:compliance-meetings-export")


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def county_user(county):
    user = UserFactory(username="xian_compliance")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=county)
    return user


def keep_up(branch, year=2016):
    """Every required meeting of `year` held, the voting kinds with a quorum: nothing missed."""
    members = [MemberFactory(branch=branch) for _ in range(3)]
    for month in range(1, 13):
        for kind, _label in Meeting.Kind.choices:
            meeting = Meeting.objects.create(
                branch=branch,
                kind=kind,
                date=datetime.date(year, month, 5),
                topic="学习",
                status="recorded",
            )
            if kind in Meeting.VOTING_KINDS:
                for member, present in zip(members, [True, True, False], strict=True):
                    Attendance.objects.create(
                        meeting=meeting, member=member, present=present, voting=True
                    )


def listed(response) -> list[str]:
    return [row.branch.name for row in response.context["rows"]]


def test_the_county_reads_every_township_and_can_choose_one(client, world):
    client.force_login(county_user(world.township.county))
    response = client.get(URL, {"year": 2016})
    assert sorted(listed(response)) == ["乙村党支部", "外乡党支部", "甲村党支部"]
    html = response.content.decode()
    assert 'name="township"' in html and "白云乡" in html  # the menu and the township column

    response = client.get(URL, {"year": 2016, "township": world.other_township.pk})
    assert listed(response) == ["外乡党支部"]
    assert response.context["total"] == 1


def test_a_township_reader_has_no_township_menu(client, world):
    client.force_login(world.staff)
    response = client.get(URL, {"year": 2016})
    assert sorted(listed(response)) == ["乙村党支部", "甲村党支部"]
    assert 'name="township"' not in response.content.decode()


def test_a_township_outside_the_readers_reach_is_not_found(client, world):
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    client.force_login(world.staff)
    assert client.get(URL, {"township": world.other_township.pk}).status_code == 404
    assert client.get(EXPORT, {"township": world.other_township.pk}).status_code == 404
    client.force_login(county_user(world.township.county))
    assert client.get(URL, {"township": elsewhere.pk}).status_code == 404
    assert client.get(EXPORT, {"township": elsewhere.pk}).status_code == 404


def test_a_township_not_understood_is_said_and_every_township_shown(client, world):
    client.force_login(county_user(world.township.county))
    response = client.get(URL, {"year": 2016, "township": "abc"})
    assert len(listed(response)) == 3
    assert any("乡镇" in str(m) for m in response.context["messages"])


def test_behind_lists_only_the_branches_that_missed_and_the_counts_stay(client, world):
    keep_up(world.branch_a)
    client.force_login(world.staff)
    everything = client.get(URL, {"year": 2016})
    assert everything.context["total"] == 2 and everything.context["behind"] == 1
    behind = client.get(URL, {"year": 2016, "behind": "1"})
    assert listed(behind) == ["乙村党支部"]
    assert behind.context["total"] == 2 and behind.context["behind"] == 1
    assert "checked" in behind.content.decode()


def test_behind_is_counted_per_quarter(client, world):
    # Kept up only until September: the fourth quarter's members' meeting is missed, the
    # third's is not.
    keep_up(world.branch_a)
    Meeting.objects.filter(branch=world.branch_a, date__month__gte=10).delete()
    keep_up(world.branch_b)
    client.force_login(world.staff)
    assert listed(client.get(URL, {"year": 2016, "quarter": 3, "behind": "1"})) == []
    assert listed(client.get(URL, {"year": 2016, "quarter": 4, "behind": "1"})) == ["甲村党支部"]


def test_fifty_branches_to_a_page_and_the_counts_over_all(client, world):
    for n in range(53):
        BranchFactory(township=world.township, name=f"第{n:02d}党支部")
    keep_up(world.branch_a)
    client.force_login(world.staff)
    first = client.get(URL, {"year": 2016})
    assert len(listed(first)) == 50
    assert first.context["total"] == 55 and first.context["behind"] == 54
    second = client.get(URL, {"year": 2016, "page": 2})
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    assert "year=2016" in re.search(r'href="\?([^"]*page=1)"', second.content.decode()).group(1)


def queries_for(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2016}).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_three_branches_as_for_sixty(client, world):
    user = county_user(world.township.county)
    few = queries_for(client, user)
    for n in range(57):
        branch = BranchFactory(township=world.other_township, name=f"外{n:02d}党支部")
        Meeting.objects.create(
            branch=branch, kind="committee", date=datetime.date(2016, 3, 5), topic="t"
        )
    assert queries_for(client, user) == few


def test_each_county_figure_of_branches_behind_links_to_those_branches(client, world):
    keep_up(world.branch_a)
    for n in range(3):
        keep_up(BranchFactory(township=world.other_township, name=f"外{n}党支部"))
    client.force_login(county_user(world.township.county))
    html = client.get("/county/", {"year": 2016}).content.decode()
    links = re.findall(r'href="(/branches/compliance/\?[^"]+)">(\d+)</a>/(\d+)', html)
    assert len(links) == 2
    for href, behind, total in links:
        assert "behind=1" in href
        response = client.get(href.replace("&amp;", "&"))
        assert len(listed(response)) == response.context["behind"] == int(behind)
        assert response.context["total"] == int(total)
    assert sorted((int(b), int(t)) for _h, b, t in links) == [(1, 2), (1, 4)]


def exported_branches(response) -> set[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("党支部")
    return {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_the_export_lists_the_meetings_of_the_branches_listed(client, world):
    keep_up(world.branch_a)
    for branch in (world.branch_b, world.branch_x):
        Meeting.objects.create(
            branch=branch, kind="committee", date=datetime.date(2016, 3, 5), topic="t"
        )
    client.force_login(county_user(world.township.county))
    everything = client.get(EXPORT, {"year": 2016})
    assert exported_branches(everything) == {"甲村党支部", "乙村党支部", "外乡党支部"}
    one = client.get(EXPORT, {"year": 2016, "township": world.township.pk})
    assert exported_branches(one) == {"甲村党支部", "乙村党支部"}
    behind = client.get(EXPORT, {"year": 2016, "township": world.township.pk, "behind": "1"})
    assert exported_branches(behind) == {"乙村党支部"}

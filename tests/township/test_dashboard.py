import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Rectification

from ..factories import BranchFactory, GradeFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def grade_world(world, year=2016):
    grades = ["good"] * 2 + ["fairly_good"] * 9 + ["poor"]
    branches = [world.branch_a, world.branch_b] + [
        BranchFactory(township=world.township) for _ in range(10)
    ]
    for branch, grade in zip(branches, grades, strict=True):
        GradeFactory(branch=branch, year=year, grade=grade, weak_and_lax=grade == "poor")
    return branches


def test_the_dashboard_shows_the_seeds_grading(world, client):
    branches = grade_world(world)
    for branch in branches[:3]:
        GradeFactory(branch=branch, year=2015, grade="average")
    Rectification.objects.create(
        branch=branches[-1],
        year=2016,
        problems="班子缺额",
        fill_vacancies=True,
        responsible="李明",
        deadline=datetime.date(2016, 12, 31),
        status="in_progress",
    )
    client.force_login(world.leader)
    response = client.get("/dashboard/?year=2016")
    page = response.content.decode()
    grading = response.context["grading"]
    counts = {
        item["row"].key: (item["row"].count, str(item["row"].percent), item["change"])
        for item in grading["rows"]
    }
    assert counts["good"] == (2, "16.7", 2)
    assert counts["fairly_good"] == (9, "75.0", 9)
    assert counts["average"] == (0, "0.0", -3)
    assert counts["weak"] == (1, "8.3", 1)
    assert "16.7%" in page and "75.0%" in page and "8.3%" in page and "软弱涣散" in page
    assert "进行中" in page  # the weak branch's rectification status
    assert 'data-chart="grading"' in page and 'id="chart-data"' in page


def test_member_figures_and_their_links(world, client):
    MemberFactory(branch=world.branch_a, is_mobile=True, mobile_destination="浙江省宁波市")
    MemberFactory(branch=world.branch_a, joined_on=datetime.date(2015, 6, 1), full_member_on=None)
    MemberFactory(branch=world.branch_x)  # another township: not counted
    client.force_login(world.staff)
    response = client.get("/dashboard/")
    members = response.context["members"]
    assert members["total"] == 4
    assert members["mobile"]["count"] == 1 and members["conversion_due"] == 1
    page = response.content.decode()
    assert "/members/?status=mobile" in page and "/members/?status=probationary" in page


def test_the_year_defaults_to_today_and_bad_years_fall_back(world, client):
    client.force_login(world.staff)
    assert client.get("/dashboard/").context["year"] == 2016
    assert client.get("/dashboard/?year=abc").context["year"] == 2016
    assert client.get("/dashboard/?year=123456").context["year"] == 2016


def test_another_townships_dashboard_is_404(world, client):
    client.force_login(world.staff)
    assert client.get(f"/dashboard/?township={world.other_township.pk}").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_costs_the_same_queries_at_two_sizes(world, client):
    client.force_login(world.leader)
    small = count_queries(client, "/dashboard/?year=2016")
    grade_world(world)
    for branch in world.township.branches.all():
        MemberFactory.create_batch(3, branch=branch)
    assert count_queries(client, "/dashboard/?year=2016") == small

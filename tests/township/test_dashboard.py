import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Rectification
from township.models import User

from ..factories import BranchFactory, GradeFactory, MemberFactory
from ..plans.factories import PlanFactory

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
    PlanFactory(township=world.township, year=2016)  # a year with data
    client.force_login(world.staff)
    response = client.get("/dashboard/")
    members = response.context["members"]
    assert members["total"] == 4
    assert members["mobile"]["count"] == 1 and members["conversion_due"] == 1
    page = response.content.decode()
    base = f"/members/?township={world.township.pk}&amp;"
    assert base + "status=mobile" in page and base + "status=probationary" in page
    assert base + "status=conversion_due" in page


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
    PlanFactory(township=world.township, year=2016)  # a year with data
    client.force_login(world.leader)
    small = count_queries(client, "/dashboard/?year=2016")
    grade_world(world)
    for branch in world.township.branches.all():
        MemberFactory.create_batch(3, branch=branch)
    assert count_queries(client, "/dashboard/?year=2016") == small


def small_world_with_one_of_everything(world):
    """One plan with a measure and a task, a recorded meeting, an applicant, a village
    finance rectification and a July 1 round: the dashboard's every section has a row."""
    from branches.models import Meeting
    from members.models import Applicant
    from tests.awards.factories import categories, nomination, open_round
    from tests.factories import applicant_kwargs
    from tests.finance.factories import make_finance
    from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan)
    TaskFactory(measure=measure, branch=world.branch_a)
    # One task of each tie the demo plan uses (each kind of tie costs its own queries).
    for tie in ("org_life", "letters", "finance", "commendation", "rectification", "cadres"):
        TaskFactory(measure=measure, branch=world.branch_a, tie=tie, target_reserve=1)
    Meeting.objects.create(
        branch=world.branch_a,
        kind="members",
        date=datetime.date(2016, 3, 1),
        topic="学习",
        status="recorded",
    )
    Applicant.objects.create(**applicant_kwargs(world.branch_a))
    make_finance(world.branch_a)
    round_ = open_round(world.township, year=2016)
    nomination(round_, next(iter(categories(world.township).values())), member=world.member_a)


def test_the_dashboard_costs_the_same_queries_small_and_at_the_demo_size(
    world, client, monkeypatch
):
    """One of everything in the test township, against the demo township (239 members,
    533 meetings, 60 tasks, two villages' finances, a decided round)."""
    import io

    from django.core.management import call_command

    from township.models import Township

    small_world_with_one_of_everything(world)
    client.force_login(world.leader)  # as below: leadership (staff also get the checks)
    small = count_queries(client, "/dashboard/?year=2016")
    # The demo township is 云溪县青山乡 too: give the test township another name first.
    Township.objects.filter(pk=world.township.pk).update(name="测试乡")
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2016")
    call_command("load_demo", stdout=io.StringIO())
    demo = Township.objects.get(county="云溪县", name="青山乡")
    assert demo.pk != world.township.pk
    client.force_login(User.objects.get(username="lingdao"))
    assert count_queries(client, f"/dashboard/?year=2016&township={demo.pk}") == small


def test_every_section_of_the_demo_dashboard(demo, client):
    client.force_login(User.objects.get(username="lingdao"))
    response = client.get("/dashboard/?year=2016")
    ctx = response.context
    measures = ctx["measures"]
    assert len(measures.rows) == 5
    totals = measures.totals
    assert totals.total == totals.done + totals.on_track + totals.overdue > 0
    assert totals.overdue == len(totals.overdue_tasks)
    weak = next(r for r in ctx["org_life"]["rows"] if r["branch"].name == "石板村党支部")
    assert weak["missed_year"] == max(r["missed_year"] for r in ctx["org_life"]["rows"])
    villages = {v.village: v for v in ctx["finance"]}
    assert set(villages) >= {"石板村"}
    assert not villages["石板村"].disclosure_ok
    assert ctx["commendations"]["commended"] > 0
    assert ctx["members"]["total"] == 239
    assert {r["key"] for r in ctx["pipeline"]} == {
        "applicant",
        "activist",
        "candidate",
        "probationary",
    }
    page = response.content.decode()
    for anchor in [
        'id="measures"',
        'id="grading"',
        'id="org-life"',
        'id="members"',
        'id="finance"',
        'id="pipeline"',
        'id="commendations"',
    ]:
        assert anchor in page

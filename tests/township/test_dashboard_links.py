"""Each figure on the dashboard can be followed to the records behind it (issue 13 item 1):
the figure links to a list page, the reader who sees the figure sees that page, and the
page shows exactly as many rows as the figure says. The annual report PDF names its lists
(数据来源) under each table."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from branches.models import BranchGrade, Meeting
from branches.services import save_meeting
from finance.models import ChecklistItem
from tests.finance.factories import make_finance
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

from ..factories import TownshipFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.LATE_ENTRY_DAYS = 30
    settings.ORG_LIFE_FREQUENCIES = {"lecture": "quarter"}


@pytest.fixture
def figures(world, settings):
    """Purpose-built: 2 overdue tasks, 1 done, 1 on track; 2 branches graded 好 (one of them
    also weak and lax); branch A's 2 lectures entered late and 1 on time; 2 of the village's
    6 checklist items done."""
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 6, 30))
    for title in ("逾期一", "逾期二"):
        TaskFactory(branch=world.branch_a, measure=measure, title=title)
    TaskFactory(branch=world.branch_b, measure=measure, title="完成", is_done=True)
    TaskFactory(branch=world.branch_b, measure=measure, title="推进中", due_on=D(2016, 12, 31))
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good")
    BranchGrade.objects.create(branch=world.branch_b, year=2016, grade="good", weak_and_lax=True)
    for day, entered in (
        (D(2016, 3, 1), D(2016, 12, 20)),
        (D(2016, 6, 1), D(2016, 12, 20)),
        (D(2016, 9, 1), D(2016, 9, 2)),
    ):
        settings.TOWNSHIP_TODAY = entered
        save_meeting(
            meeting=Meeting(branch=world.branch_a, kind="lecture", date=day, topic="党课"),
            record=True,
        )
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    finance = make_finance(world.branch_a)
    done = list(finance.items.values_list("pk", flat=True)[:2])
    ChecklistItem.objects.filter(pk__in=done).update(status=ChecklistItem.Status.DONE)
    return finance


def section(page: str, ident: str) -> str:
    return page.split(f'id="{ident}"', 1)[1].split("</section>", 1)[0]


def link_of(fragment: str, figure: str) -> str:
    """The href of the link whose text is `figure`."""
    match = re.search(rf'<a href="([^"]+)"[^>]*>\s*{re.escape(figure)}\s*</a>', fragment)
    assert match, f"no link on {figure!r}"
    return html.unescape(match.group(1))


def test_overdue_done_and_on_track_counts_lead_to_the_plan_filtered_by_status(
    world, figures, as_user
):
    client = as_user(world.leader)
    page = client.get(reverse("dashboard") + "?year=2016").content.decode()
    foot = section(page, "measures").split("<tfoot>", 1)[1]
    for status, figure in (("overdue", 2), ("done", 1), ("on_track", 1)):
        url = re.search(rf'<a href="([^"]*status={status})">{figure}</a>', foot)
        assert url, status
        response = client.get(html.unescape(url.group(1)))
        assert response.status_code == 200
        rows = re.findall(r'<td><a href="/plans/tasks/\d+/">', response.content.decode())
        assert len(rows) == figure, status


def county_reader(world):
    from township.models import Role

    from ..factories import UserFactory

    user = UserFactory(username="xian_links")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=world.township.county)
    return user


@pytest.mark.parametrize("reader", ["leader", "county"])
def test_grade_counts_lead_to_the_branches_of_that_grade(world, figures, as_user, reader):
    # A branch of another township graded 好 too: the county reads it, but 青山乡's figure
    # does not count it, so its link must not list it.
    BranchGrade.objects.create(branch=world.branch_x, year=2016, grade="good")
    client = as_user(world.leader if reader == "leader" else county_reader(world))
    page = client.get(
        reverse("dashboard") + f"?year=2016&township={world.township.pk}"
    ).content.decode()
    grading = section(page, "grading")
    for key, figure in (("good", 2), ("weak", 1), ("poor", 0)):
        url = re.search(rf'<a href="([^"]*grade={key})">(\d+)</a>', grading)
        assert url and int(url.group(2)) == figure
        response = client.get(html.unescape(url.group(1)))
        assert response.status_code == 200
        listed = response.content.decode().split('<table class="list">', 1)[1]
        assert len(re.findall(r'<td><a href="/branches/\d+/">', listed)) == figure, key


def test_late_meetings_and_meetings_held_lead_to_the_branchs_meetings_list(world, figures, as_user):
    client = as_user(world.leader)
    page = client.get(reverse("dashboard") + "?year=2016").content.decode()
    org_life = section(page, "org-life")
    late = re.search(r'<a href="([^"]*late=1)">([^<]*)</a>', org_life)
    assert late and "2" in late.group(2)
    late_url = html.unescape(late.group(1))
    held = re.search(r'<a href="([^"]*held=1)">(\d+)</a>', org_life)
    assert held and held.group(2) == "3"
    for url, figure in ((late_url, 2), (html.unescape(held.group(1)), 3)):
        response = client.get(url)
        assert response.status_code == 200
        rows = re.findall(r'href="/branches/meetings/\d+/"', response.content.decode())
        assert len(set(rows)) == figure, url


def test_the_checklist_figure_leads_to_the_villages_checklist(world, figures, as_user):
    client = as_user(world.leader)
    page = client.get(reverse("dashboard") + "?year=2016").content.decode()
    url = link_of(section(page, "finance"), "2/6（33.3%）")
    assert url == reverse("finance:detail", args=[figures.pk]) + "#items"
    response = client.get(url)
    assert response.status_code == 200
    items = section(response.content.decode(), "items")
    assert items.count("tag tag-ok") == 2


def test_a_secretary_cannot_follow_what_they_cannot_see(world, figures, as_user):
    """The dashboard is for readers; the lists behind it keep their own scope."""
    client = as_user(world.secretary_b)
    assert client.get(reverse("dashboard")).status_code == 403
    url = reverse("branches:meetings", args=[world.branch_a.pk]) + "?year=2016&late=1"
    assert client.get(url).status_code == 404


def test_the_county_follows_a_townships_organisational_life_to_its_branches_only(
    world, figures, as_user
):
    client = as_user(county_reader(world))
    page = client.get(
        reverse("dashboard") + f"?year=2016&township={world.township.pk}"
    ).content.decode()
    url = re.search(r'<a href="(/branches/compliance/\?[^"]*)"', section(page, "org-life")).group(1)
    response = client.get(html.unescape(url))
    assert sorted(row.branch.name for row in response.context["rows"]) == [
        "乙村党支部",
        "甲村党支部",
    ]


def test_the_county_follows_another_townships_plan_figures_to_that_plan(world, figures, as_user):
    # The plan page's default is the township first created (青山乡): the links must name
    # the township whose dashboard they are on.
    measure = MeasureFactory(
        plan=PlanFactory(township=world.other_township), deadline=D(2016, 6, 30)
    )
    TaskFactory(branch=world.branch_x, measure=measure, title="外乡逾期")
    client = as_user(county_reader(world))
    page = client.get(
        reverse("dashboard") + f"?year=2016&township={world.other_township.pk}"
    ).content.decode()
    foot = section(page, "measures").split("<tfoot>", 1)[1]
    url = re.search(r'<a href="([^"]*status=overdue)">1</a>', foot)
    assert url
    response = client.get(html.unescape(url.group(1)))
    assert re.findall(r'<td><a href="/plans/tasks/\d+/">([^<]*)', response.content.decode()) == [
        "外乡逾期"
    ]
    finance = re.search(r'<a href="(/finance/[^"]*)"', section(page, "finance")).group(1)
    assert f"township={world.other_township.pk}" in html.unescape(finance)


def test_the_county_follows_a_townships_pipeline_figures_to_its_applicants(world, figures, as_user):
    from members.models import Applicant

    from ..factories import applicant_kwargs

    Applicant.objects.create(**applicant_kwargs(world.branch_a, name="本乡申请人"))
    Applicant.objects.create(**applicant_kwargs(world.branch_x, name="外乡申请人"))
    client = as_user(county_reader(world))
    page = client.get(
        reverse("dashboard") + f"?year=2016&township={world.township.pk}"
    ).content.decode()
    url = re.search(r'<a href="([^"]*stage=applicant)">(\d+)</a>', section(page, "pipeline"))
    assert url and url.group(2) == "1"
    response = client.get(html.unescape(url.group(1)))
    assert [a.name for a in response.context["page"]] == ["本乡申请人"]
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    assert client.get(reverse("members:pipeline"), {"township": elsewhere.pk}).status_code == 404

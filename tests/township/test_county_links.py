"""Each figure of the county comparison leads to the rows it counts (figures come from
records): grades to the branch list, tasks to the township's plan, members to the member
list, a past year's members as of its 31 December, as the township's dashboard counts them."""

import datetime
import html
import re

import pytest

from branches.models import BranchGrade
from members.selectors import AGE_BANDS
from overview.county import OLDEST_BAND
from township.models import Role

from ..factories import MemberFactory, UserFactory
from ..plans.factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def county(world):
    """Members, grades and tasks in both townships, each figure different between them."""
    a, b, x = world.branch_a, world.branch_b, world.branch_x
    MemberFactory(branch=a, gender="F", birth_date=D(1950, 3, 1))  # 66 in 2016
    MemberFactory(
        branch=a, name="新党员", full_member_on=None, joined_on=D(2016, 5, 1)
    )  # joined in 2016
    MemberFactory(branch=b, is_mobile=True, birth_date=D(1955, 12, 30))  # 61 in 2016
    MemberFactory(branch=b, name="离开者", left_on=D(2016, 3, 1))  # a member in 2015 only
    MemberFactory(branch=x, gender="F", full_member_on=None, joined_on=D(2015, 11, 1))
    BranchGrade.objects.create(branch=a, year=2016, grade="good")
    BranchGrade.objects.create(branch=b, year=2016, grade="fair", weak_and_lax=True)
    BranchGrade.objects.create(branch=x, year=2016, grade="good")
    BranchGrade.objects.create(branch=a, year=2015, grade="poor")
    for township, branch, titles in (
        (world.township, a, ["逾期甲", "逾期乙"]),
        (world.other_township, x, ["外乡逾期"]),
    ):
        measure = MeasureFactory(plan=PlanFactory(township=township), deadline=D(2016, 6, 30))
        for title in titles:
            TaskFactory(branch=branch, measure=measure, title=title)
        TaskFactory(branch=branch, measure=measure, title="已完成", is_done=True)
    user = UserFactory(username="xian_links")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=world.township.county)
    return user


def rows_behind(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    path = url.split("?", 1)[0]
    if path.startswith("/plans/"):
        return len(re.findall(r'<td><a href="/plans/tasks/\d+/">', response.content.decode()))
    if path == "/branches/compliance/":
        return response.context["behind"]
    return response.context["page"].paginator.count


def figure_links(page: str) -> list[tuple[str, int]]:
    """(href, figure) of every link in the table body but the townships' names; a share
    (61 and over, female) is followed to its count, which its title gives."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = []
    for href, title, text in re.findall(r'<a href="([^"]+)"(?: title="(\d+)")?>([^<]*)</a>', body):
        if href.startswith("/dashboard/"):
            continue
        found.append((html.unescape(href), int(title or text)))
    return found


@pytest.mark.parametrize("year", [2016, 2015])
def test_every_figure_leads_to_as_many_rows(client, world, county, year):
    client.force_login(county)
    links = figure_links(client.get("/county/", {"year": year}).content.decode())
    # Per township: 4 grades, weak and lax, (done, tasks, overdue when there is a plan),
    # branches behind, 5 member figures.
    assert len(links) == (2 * 11 + 2 * 3 if year == 2016 else 2 * 11)
    for href, figure in links:
        assert rows_behind(client, href) == figure, href


def test_a_past_years_members_are_those_of_its_31_december(client, world, county):
    client.force_login(county)
    links = dict(figure_links(client.get("/county/", {"year": 2015}).content.decode()))
    ours = f"/members/?as_of=2015-12-31&township={world.township.pk}"
    # 2015: the member who left in March 2016 counts, the one who joined in May 2016 not.
    names = {m.name for m in client.get(ours).context["page"]}
    assert "离开者" in names and "新党员" not in names
    assert links[ours] == len(names) == 5
    links = dict(figure_links(client.get("/county/", {"year": 2016}).content.decode()))
    now = f"/members/?township={world.township.pk}"
    names = {m.name for m in client.get(now).context["page"]}
    assert "离开者" not in names and "新党员" in names
    assert links[now] == len(names) == 5
    assert links[f"{now}&status=probationary"] == 1


def test_61_and_over_is_the_oldest_age_band():
    assert AGE_BANDS[OLDEST_BAND] == (61, None)

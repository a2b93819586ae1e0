"""Each member figure on the dashboard links to the member list filtered to exactly the rows
it counts (issue 13 item 1), and a past year's figures, counted as of 31 December from
joining and leaving dates, link to the list as of that day (item 6)."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from branches.models import BranchGrade
from members.models import Member
from members.selectors import member_structure

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def roster(world):
    """world's 张三 and 李四 (men, born 1970, full since 1996) and purpose-built members:
    a woman who left in 2016, a man who joined in 2016 (probationary), a young woman with a
    college degree who works away, a lost-contact member of 61, a member without a birth
    date, a probationary member whose conversion fell due in 2016."""
    a, b = world.branch_a, world.branch_b
    left = MemberFactory(
        branch=a,
        name="已转出",
        gender="F",
        birth_date=D(1985, 12, 25),
        left_on=D(2016, 3, 1),
        leave_reason="transfer",
    )
    joined = MemberFactory(
        branch=b,
        name="新党员",
        birth_date=D(1986, 12, 25),
        joined_on=D(2016, 5, 1),
        full_member_on=None,
    )
    MemberFactory(
        branch=a,
        name="外出女",
        gender="F",
        birth_date=D(1990, 1, 1),
        education=Member.Education.COLLEGE,
        joined_on=D(2012, 7, 1),
        full_member_on=D(2013, 7, 1),
        is_mobile=True,
        mobile_destination="广东省深圳市",
    )
    MemberFactory(
        branch=b,
        name="失联",
        birth_date=D(1955, 1, 1),
        is_lost_contact=True,
        lost_contact_since=D(2015, 1, 1),
    )
    MemberFactory(
        branch=a,
        name="转正到期",
        birth_date=D(1975, 3, 3),
        joined_on=D(2015, 6, 1),
        full_member_on=D(2016, 6, 1),
    )
    for year in (2015, 2016):
        BranchGrade.objects.create(branch=a, year=year, grade="good")
    return {"left": left, "joined": joined}


def member_links(page: str) -> list[tuple[str, int]]:
    section = page.split('id="members"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="(/members/\?[^"]+)">(\d+)</a>', section)
    return [(html.unescape(url), int(n)) for url, n in links]


def listed(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    names = re.findall(r'<td><a href="/members/\d+/">([^<]+)</a></td>', body)
    return names


@pytest.mark.parametrize("year", [2015, 2016])
def test_every_member_figure_links_to_a_list_of_that_many_rows(world, roster, as_user, year):
    client = as_user(world.leader)
    page = client.get(reverse("dashboard") + f"?year={year}").content.decode()
    links = member_links(page)
    structure = member_structure(
        Member.objects.filter(branch__township=world.township),
        on=D(2015, 12, 31) if year == 2015 else None,
    )
    # total, full, probationary, conversions due, women, mobile, lost, 5 age bands, education.
    assert len(links) == 7 + 5 + len(Member.Education.choices)
    assert links[0][1] == structure["total"]
    for url, figure in links:
        assert ("as_of=2015-12-31" in url) == (year == 2015), url
        assert f"township={world.township.pk}" in url
        assert len(listed(client, url)) == figure, url
    # Not all zero: the figures are tested on rows.
    assert sum(figure for _, figure in links) > 20


def test_a_past_year_counts_and_lists_who_was_a_member_on_its_last_day(world, roster, as_user):
    client = as_user(world.leader)
    by_year = {}
    for year in (2015, 2016):
        page = client.get(reverse("dashboard") + f"?year={year}").content.decode()
        url, total = member_links(page)[0]
        names = listed(client, url)
        assert len(names) == total
        by_year[year] = set(names)
    # Left in March 2016: a member on 31 December 2015, not in 2016.
    assert "已转出" in by_year[2015] and "已转出" not in by_year[2016]
    # Joined in May 2016: the reverse.
    assert "新党员" not in by_year[2015] and "新党员" in by_year[2016]


def test_the_past_years_probationary_figure_is_as_of_that_day(world, roster, as_user):
    """转正到期 joined in June 2015 and became full in June 2016: probationary on 31 December
    2015, full now."""
    client = as_user(world.leader)
    base = reverse("members:list") + f"?township={world.township.pk}"
    assert "转正到期" in listed(client, base + "&as_of=2015-12-31&status=probationary")
    assert "转正到期" not in listed(client, base + "&status=probationary")
    assert "转正到期" in listed(client, base + "&status=full")


@pytest.mark.parametrize(
    "value", ["2015-13-01", "1948-12-31", "2101-01-01", "yesterday", "2015-12-31x", "9" * 30]
)
def test_a_bad_as_of_says_so_and_shows_todays_members(world, roster, as_user, value):
    client = as_user(world.leader)
    response = client.get(reverse("members:list"), {"as_of": value})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1949" in body and "2100" in body  # the bounds are named in the message
    names = re.findall(r'<td><a href="/members/\d+/">([^<]+)</a></td>', body)
    assert "已转出" not in names and "新党员" in names


def test_bounds_are_inclusive(world, roster, as_user):
    client = as_user(world.leader)
    for value in ("1949-01-01", "2100-12-31"):
        body = client.get(reverse("members:list"), {"as_of": value}).content.decode()
        assert 'role="alert"' not in body


def test_age_bands_go_by_the_birth_year_so_moving_the_date_reveals_no_birthday(
    world, roster, as_user
):
    """A leader sees 新党员's birth date as the year only (1986). 30 and under in 2016 by the
    age reached in the year: every day of 2016 gives the same answer, and the answer only
    changes with the year, which the list shows anyway."""
    client = as_user(world.leader)
    base = reverse("members:list") + "?q=新党员&age=0&as_of="
    answers = {
        day: "新党员" in listed(client, base + day)
        for day in ("2016-06-01", "2016-12-24", "2016-12-25", "2016-12-26", "2016-12-31")
    }
    assert set(answers.values()) == {True}
    assert "新党员" not in listed(client, base + "2017-06-01")  # 31 in 2017
    body = client.get(reverse("members:list") + "?q=新党员").content.decode()
    assert "1986" in body and "1986-12-25" not in body and "12月25日" not in body


def test_the_age_band_is_the_one_the_dashboard_counts(world, roster):
    """A member who turns 31 after today (born 1986-12-25) is 31 in the year's statistics."""
    members = Member.objects.filter(branch__township=world.township)
    structure = member_structure(members)
    young = [r["count"] for r in structure["age_bands"]]
    # 外出女 (born 1990) only; 新党员 reaches 30 in 2016, 已转出 has left.
    assert young[0] == 2


def test_the_annual_reports_member_figures_name_the_list_as_of_that_day(world, roster, as_user):
    """The PDF cannot link: under its member figures it names the list and the day to enter
    (数据来源), and that list shows as many members as the report counts."""
    from django.template.loader import render_to_string

    from overview.reports import annual_report_context

    context = annual_report_context(world.township, 2015)
    text = render_to_string("township/pdf/annual_report.html", context)
    situation = text.split("一、基本情况", 1)[1]
    assert "“截至日期”选2015年12月31日" in situation.split("</table>", 1)[0]
    client = as_user(world.leader)
    base = reverse("members:list") + f"?township={world.township.pk}&as_of=2015-12-31"
    members = context["members"]
    assert len(listed(client, base)) == members["total"] == 6
    assert len(listed(client, base + "&gender=F")) == members["female"]["count"] == 2
    assert len(listed(client, base + "&status=full")) == members["full"]["count"]
    assert len(listed(client, base + "&status=probationary")) == members["probationary"]["count"]
    current = render_to_string(
        "township/pdf/annual_report.html", annual_report_context(world.township, 2016)
    )
    assert "截至日期”选" not in current and "数据来源：“党员”列表，按状态" in current


def test_staff_who_manage_the_member_see_the_whole_birth_date(world, roster, as_user):
    body = as_user(world.staff).get(reverse("members:list") + "?q=新党员").content.decode()
    assert "1986年12月25日" in body


def test_the_filtered_list_costs_the_same_with_more_members(world, roster, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(world.leader)
    url = reverse("members:list") + "?as_of=2015-12-31&age=2&education=high_school&gender=M"

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = cost()
    for i in range(10):
        MemberFactory(branch=world.branch_a if i % 2 else world.branch_b, name=f"加{i}")
    assert len(listed(client, url)) == 12  # 张三, 李四 and the ten, all 45 in 2015
    assert cost() == few

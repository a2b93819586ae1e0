"""Years without data say so (issue 13, item 6): year menus offer the years that have a
plan, grades or records; a dashboard or report for another year says 该年度无数据; a past
year's members are counted as of its 31 December."""

import datetime

import pytest
from django.urls import reverse

from branches.models import BranchGrade, Meeting
from members.selectors import member_structure
from overview.dashboard import years_with_data
from overview.reports import annual_report_template
from tests.factories import MemberFactory
from tests.plans.factories import PlanFactory

D = datetime.date


@pytest.fixture(autouse=True)
def today_2016(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def test_years_come_from_plans_grades_and_records(world):
    assert years_with_data(world.township) == []
    PlanFactory(township=world.township, year=2016)
    BranchGrade.objects.create(branch=world.branch_a, year=2014, grade="good")
    Meeting.objects.create(
        branch=world.branch_b,
        kind=Meeting.Kind.COMMITTEE,
        date=D(2012, 5, 1),
        topic="支委会",
        status=Meeting.Status.RECORDED,
    )
    Meeting.objects.create(  # planned, not held: not data of 2011
        branch=world.branch_b, kind=Meeting.Kind.COMMITTEE, date=D(2011, 5, 1), topic="计划"
    )
    PlanFactory(township=world.other_township, year=2010)  # another township's
    assert years_with_data(world.township) == [2016, 2014, 2012]


def test_the_dashboard_menu_offers_only_years_with_data(world, as_user):
    PlanFactory(township=world.township, year=2016)
    BranchGrade.objects.create(branch=world.branch_a, year=2015, grade="good")
    page = as_user(world.leader).get(reverse("dashboard")).content.decode()
    assert '<option value="2016" selected>' in page and '<option value="2015"' in page
    assert '<option value="2014"' not in page and '<option value="2010"' not in page


def test_a_dashboard_for_a_year_without_data_says_so(world, as_user):
    PlanFactory(township=world.township, year=2016)
    response = as_user(world.leader).get(reverse("dashboard") + "?year=2013")
    page = response.content.decode()
    assert response.status_code == 200 and "该年度无数据" in page
    assert 'id="measures"' not in page and "chart-data" not in page


def test_an_annual_report_for_a_year_without_data_says_so(world):
    PlanFactory(township=world.township, year=2016)
    template, context = annual_report_template(world.township, 2013)
    assert template.endswith("annual_report_no_data.html") and context["year"] == 2013
    template, _context = annual_report_template(world.township, 2016)
    assert template == "township/pdf/annual_report.html"


def test_the_annual_report_pdf_of_an_empty_year_reads_no_data(world, as_user):
    import io

    from pypdf import PdfReader

    response = as_user(world.leader).get(reverse("reports:annual", args=[2013]))
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "该年度无数据" in text


def test_the_reports_page_lists_only_years_with_data(world, as_user):
    BranchGrade.objects.create(branch=world.branch_a, year=2015, grade="good")
    page = as_user(world.leader).get(reverse("reports:index")).content.decode()
    assert reverse("reports:annual", args=[2015]) in page
    assert reverse("reports:annual", args=[2016]) not in page


def test_a_past_years_members_are_counted_as_of_its_31_december(world):
    from members.models import Member

    members = Member.objects.filter(branch__township=world.township)
    base = members.count()  # the world's two, joined long ago
    MemberFactory(branch=world.branch_a, joined_on=D(2016, 3, 1))  # joined after 2015
    MemberFactory(
        branch=world.branch_a,
        joined_on=D(2010, 3, 1),
        left_on=D(2015, 6, 1),
        leave_reason="death",
    )  # left during 2015
    MemberFactory(
        branch=world.branch_a,
        joined_on=D(2010, 3, 1),
        left_on=D(2016, 2, 1),
        leave_reason="death",
    )  # still there on 31 December 2015
    assert member_structure(members)["total"] == base + 1
    assert member_structure(members, on=D(2015, 12, 31))["total"] == base + 1
    assert member_structure(members, on=D(2014, 12, 31))["total"] == base + 2


def test_the_dashboard_of_a_past_year_counts_that_years_members(world, as_user):
    BranchGrade.objects.create(branch=world.branch_a, year=2015, grade="good")
    PlanFactory(township=world.township, year=2016)
    MemberFactory(branch=world.branch_a, joined_on=D(2016, 3, 1))
    client = as_user(world.leader)
    now = client.get(reverse("dashboard") + "?year=2016").context["members"]["total"]
    then = client.get(reverse("dashboard") + "?year=2015").context["members"]["total"]
    assert now == then + 1
    page = client.get(reverse("dashboard") + "?year=2015").content.decode()
    assert "截至 2015年12月31日" in page


def test_each_townships_years_come_from_its_own_records(world):
    from overview.dashboard import years_by_township

    PlanFactory(township=world.township, year=2016)
    BranchGrade.objects.create(branch=world.branch_x, year=2014, grade="good")
    assert years_by_township([world.township.pk, world.other_township.pk]) == {
        world.township.pk: [2016],
        world.other_township.pk: [2014],
    }
    assert years_with_data([world.township.pk, world.other_township.pk]) == [2016, 2014]


def test_the_reports_page_costs_the_same_queries_for_two_townships_as_for_ten(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from township.models import Role

    from ..factories import BranchFactory, TownshipFactory, UserFactory

    county = UserFactory(username="xian_reports")
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county=world.township.county)
    client = as_user(county)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("reports:index")).content.decode()
        return len(ctx.captured_queries), page

    few, _page = queries()
    for n in range(8):
        township = TownshipFactory(name=f"新{n}乡")
        BranchGrade.objects.create(branch=BranchFactory(township=township), year=2015, grade="good")
    many, page = queries()
    assert many == few
    assert page.count(f'href="{reverse("reports:annual", args=[2015])}?township=') == 8

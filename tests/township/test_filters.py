"""One way to choose a year and a township from the query string (township/filters.py), and
each list's filter form shared by its page and its export: a bad value gives the page with
the default, never a 500; a township outside the user's reach is a 404."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from township.dates import FIRST_YEAR, LAST_YEAR, is_year, year_range_message
from township.filters import FilterForm, IdField, SearchField, YearField, chosen_township
from township.models import Role
from township.permissions import townships_managed_by

from ..factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


class ExampleFilterForm(FilterForm):
    year = YearField()
    branch = IdField()
    q = SearchField(length=5)

    def default_year(self):
        return 2016


def chosen(user, query: dict) -> dict:
    return ExampleFilterForm(query, user=user).cleaned_data


# --- The year --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2015", 2015),
        (str(FIRST_YEAR), FIRST_YEAR),
        (str(LAST_YEAR), LAST_YEAR),
        (str(FIRST_YEAR - 1), 2016),
        (str(LAST_YEAR + 1), 2016),
        ("99999999999999999999999", 2016),
        ("abc", 2016),
        ("二〇一五", 2016),
        ("", 2016),
        ("-2015", 2016),
    ],
)
def test_a_year_out_of_range_or_not_a_number_falls_back_to_the_default(world, given, expected):
    assert chosen(world.staff, {"year": given})["year"] == expected


def test_a_missing_year_is_the_default(world):
    assert chosen(world.staff, {})["year"] == 2016


def test_the_year_range_is_the_one_in_township_dates():
    assert is_year(FIRST_YEAR) and is_year(LAST_YEAR)
    assert not is_year(FIRST_YEAR - 1) and not is_year(LAST_YEAR + 1)
    assert str(FIRST_YEAR) in year_range_message() and str(LAST_YEAR) in year_range_message()


def test_a_bad_value_in_one_field_leaves_the_others_as_given(world):
    data = chosen(world.staff, {"year": "abc", "branch": "7", "q": "  张三丰大师傅  "})
    assert data == {"year": 2016, "branch": 7, "q": "张三丰大师"}


def test_a_key_too_long_for_the_database_is_dropped(world):
    assert chosen(world.staff, {"branch": "9" * 30})["branch"] is None
    assert chosen(world.staff, {"branch": "-3"})["branch"] is None


# --- The township ----------------------------------------------------------------------


def county_user():
    user = UserFactory(username="xian_filters")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county="云溪县")
    return user


def test_a_county_user_chooses_any_township_of_their_county(world):
    user = county_user()
    assert chosen_township(user, str(world.other_township.pk)) == world.other_township
    assert chosen_township(user, world.township.pk) == world.township


@pytest.mark.parametrize("given", [None, "", "abc", "１２", "²"])
def test_no_township_or_not_a_number_leaves_the_choice_to_the_page(world, given):
    assert chosen_township(county_user(), given) is None


def test_another_countys_township_is_a_404(world):
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    with pytest.raises(Http404):
        chosen_township(county_user(), str(elsewhere.pk))


def test_a_township_outside_the_staff_members_own_is_a_404(world):
    with pytest.raises(Http404):
        chosen_township(world.staff, str(world.other_township.pk))
    with pytest.raises(Http404):
        chosen_township(world.staff, "9" * 40)


def test_the_choice_can_be_narrowed_to_the_townships_a_user_manages(world):
    user = county_user()
    with pytest.raises(Http404):
        chosen_township(user, str(world.township.pk), among=townships_managed_by(user))


def test_pages_choosing_a_township_answer_404_for_another_countys(world, as_user):
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    client = as_user(county_user())
    assert client.get(f"/dashboard/?township={elsewhere.pk}").status_code == 404
    assert client.get(f"/reports/annual/2016/?township={elsewhere.pk}").status_code == 404
    assert client.get("/dashboard/?township=abc").status_code == 200


# --- The lists with an export: bad filters still give the page and the file -------------


BAD = "year=abc&kind=nonsense&quarter=9&status=nonsense&stage=nonsense&branch=x&q="


def test_the_member_list_and_its_export_take_a_bad_filter(world, as_user):
    client = as_user(world.staff)
    page = client.get(f"{reverse('members:list')}?{BAD}")
    assert page.status_code == 200
    assert page.context["status"] == "current" and page.context["branch_id"] == ""
    assert client.get(f"{reverse('members:export')}?{BAD}").status_code == 200


def test_the_meetings_page_and_its_export_fall_back_to_this_year(world, as_user):
    client = as_user(world.staff)
    pk = world.branch_a.pk
    page = client.get(f"{reverse('branches:meetings', args=[pk])}?{BAD}")
    assert page.status_code == 200
    assert (page.context["year"], page.context["kind"]) == (2016, "")
    export = client.get(f"{reverse('branches:meetings-export', args=[pk])}?year=99999")
    assert export.status_code == 200
    assert "2016" in export["Content-Disposition"]


def test_the_compliance_page_and_its_export_fall_back_to_the_whole_year(world, as_user):
    client = as_user(world.staff)
    page = client.get(f"{reverse('branches:compliance')}?{BAD}")
    assert page.status_code == 200
    assert (page.context["year"], page.context["quarter"]) == (2016, None)
    assert client.get(f"{reverse('branches:compliance-meetings-export')}?{BAD}").status_code == 200


def test_the_finance_list_and_its_export_take_a_bad_year(world, as_user):
    from tests.finance.factories import make_finance

    make_finance(world.branch_a, year=2015)
    client = as_user(world.staff)
    page = client.get(f"{reverse('finance:list')}?year=1800")
    assert page.status_code == 200
    assert page.context["year"] == 2015  # the latest year with a rectification
    assert client.get(f"{reverse('finance:export')}?year=abc").status_code == 200


def test_a_rounds_nominations_and_their_export_take_a_bad_stage(world, as_user):
    from tests.awards.factories import open_round

    round = open_round(world.township)
    client = as_user(world.staff)
    page = client.get(f"{reverse('awards:round-detail', args=[round.pk])}?{BAD}")
    assert page.status_code == 200
    assert page.context["stage"] == ""
    export = reverse("awards:nominations-export", args=[round.pk])
    assert client.get(f"{export}?{BAD}").status_code == 200


def test_a_plans_tasks_and_their_export_take_a_bad_filter(world, as_user):
    from tests.plans.factories import TaskFactory

    TaskFactory(branch=world.branch_a)
    client = as_user(world.staff)
    query = f"township={world.township.pk}&{BAD}&measure=abc"
    page = client.get(f"/plans/2016/?{query}")
    assert page.status_code == 200
    assert (page.context["branch_id"], page.context["status"]) == ("", "")
    assert len(page.context["progress"].measures[0].tasks) == 1
    assert client.get(f"/plans/2016/export/?{query}").status_code == 200


def test_a_secretary_chooses_their_townships_plan_without_reading_the_township(world, as_user):
    from tests.plans.factories import PlanFactory

    PlanFactory(township=world.township, year=2016)
    PlanFactory(township=world.other_township, year=2016)
    client = as_user(world.secretary_a)
    assert client.get(f"/plans/2016/?township={world.township.pk}").status_code == 200
    assert client.get(f"/plans/2016/?township={world.other_township.pk}").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "members:list",
        "members:export",
        "members:mobile",
        "members:pipeline",
        "members:reduced",
        "members:reduced-export",
        "branches:list",
        "branches:compliance",
        "branches:compliance-meetings-export",
    ],
)
def test_a_lists_township_outside_the_readers_reach_is_not_found(world, as_user, name):
    """The lists that take a township (TownshipChoice): the reader's own gives the page,
    another township of the county (not the staff's) or one of another county a 404."""
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    client = as_user(world.staff)
    assert client.get(reverse(name), {"township": world.township.pk}).status_code == 200
    assert client.get(reverse(name), {"township": world.other_township.pk}).status_code == 404
    county = UserFactory(username="xian_filters")
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county=world.township.county)
    client = as_user(county)
    assert client.get(reverse(name), {"township": world.other_township.pk}).status_code == 200
    assert client.get(reverse(name), {"township": elsewhere.pk}).status_code == 404

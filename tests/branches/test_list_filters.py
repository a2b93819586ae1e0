"""The branch list and the screening page read their year and grade through filter forms
(branches/filters.py): a value not understood is said, and the default shown, never a 500."""

import datetime

import pytest
from django.urls import reverse

from branches.models import BranchGrade

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


@pytest.fixture
def grades(world):
    BranchGrade.objects.create(branch=world.branch_a, year=2015, grade="good")
    BranchGrade.objects.create(branch=world.branch_b, year=2015, grade="fair", weak_and_lax=True)


def warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def names(response):
    return [row["branch"].name for row in response.context["rows"]]


def test_the_list_shows_the_latest_graded_year_and_filters_by_grade(world, grades, as_user):
    client = as_user(world.staff)
    response = client.get(reverse("branches:list"))
    assert response.context["year"] == 2015 and not warnings(response)
    assert names(client.get(reverse("branches:list"), {"grade": "good"})) == ["甲村党支部"]
    assert names(client.get(reverse("branches:list"), {"grade": "weak"})) == ["乙村党支部"]


@pytest.mark.parametrize("query", [{"year": "x"}, {"year": "3000"}, {"grade": "best"}])
def test_a_value_not_understood_is_said_and_the_default_list_shown(world, grades, as_user, query):
    response = as_user(world.staff).get(reverse("branches:list"), query)
    assert response.status_code == 200
    assert response.context["year"] == 2015
    assert sorted(names(response)) == ["乙村党支部", "甲村党支部"]
    assert len(warnings(response)) == 1


def test_the_screening_says_a_bad_year_and_shows_this_year(world, as_user):
    response = as_user(world.staff).get(reverse("branches:screening"), {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == 2016
    assert warnings(response)[0].startswith("年度：")


def county_reader(world):
    from township.models import Role

    from ..factories import UserFactory

    user = UserFactory(username="xian_list")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=world.township.county)
    return user


def test_a_reader_of_several_townships_may_choose_one(world, grades, as_user):
    BranchGrade.objects.create(branch=world.branch_x, year=2015, grade="good")
    client = as_user(county_reader(world))
    everything = client.get(reverse("branches:list"), {"year": 2015})
    assert sorted(names(everything)) == ["乙村党支部", "外乡党支部", "甲村党支部"]
    assert everything.context["distribution"].total == 3
    assert 'name="township"' in everything.content.decode()
    one = client.get(reverse("branches:list"), {"year": 2015, "township": world.township.pk})
    assert sorted(names(one)) == ["乙村党支部", "甲村党支部"]
    assert one.context["distribution"].total == 2
    good = client.get(
        reverse("branches:list"), {"year": 2015, "township": world.township.pk, "grade": "good"}
    )
    assert names(good) == ["甲村党支部"]
    # The distribution's own links keep the township.
    assert f"township={world.township.pk}&amp;grade=good" in one.content.decode()


def test_a_township_outside_the_readers_reach_is_not_found(world, as_user):
    response = as_user(world.staff).get(
        reverse("branches:list"), {"township": world.other_township.pk}
    )
    assert response.status_code == 404
    assert (
        'name="township"' not in as_user(world.staff).get(reverse("branches:list")).content.decode()
    )


def test_fifty_branches_to_a_page_and_the_grade_filter_counts_them_all(world, as_user):
    from ..factories import BranchFactory

    for n in range(60):
        branch = BranchFactory(township=world.township, name=f"第{n:02d}党支部")
        BranchGrade.objects.create(branch=branch, year=2015, grade="good")
    client = as_user(world.staff)
    first = client.get(reverse("branches:list"), {"year": 2015, "grade": "good"})
    second = client.get(reverse("branches:list"), {"year": 2015, "grade": "good", "page": 2})
    assert len(names(first)) == 50 and len(names(second)) == 10
    assert first.context["distribution"].rows[0].count == 60
    assert not set(names(first)) & set(names(second))

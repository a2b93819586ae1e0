"""The dashboard reads its year and late=open through a filter form (overview/filters.py):
a value not understood is said on the page, and the default year shown, never a 500."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1800"}, {"late": "all"}])
def test_a_value_not_understood_is_said_and_the_default_year_shown(world, as_user, query):
    response = as_user(world.staff).get(reverse("dashboard"), query)
    assert response.status_code == 200
    assert response.context["year"] == 2016
    assert len(warnings(response)) == 1


def test_a_good_year_gives_no_warning(world, as_user):
    response = as_user(world.staff).get(reverse("dashboard"), {"year": "2015"})
    assert response.context["year"] == 2015
    assert warnings(response) == []

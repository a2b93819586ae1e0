"""The lists of organisational life read their filters through forms (members/filters.py):
a value that is not understood is said on the page in Chinese and the default list is shown,
never a 500; a year that is not understood is never saved as another year."""

import datetime

import pytest
from django.urls import reverse

from members.models import Appraisal, Member

d = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


@pytest.fixture
def mobile(world):
    Member.objects.filter(pk__in=[world.member_a.pk, world.member_b.pk]).update(
        is_lost_contact=True
    )


def names(response):
    return {m.name for m in response.context["page"]}


def warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_the_mobile_list_filters_by_branch_and_flag(world, mobile, as_user):
    client = as_user(world.staff)
    url = reverse("members:mobile")
    assert names(client.get(url)) == {"张三", "李四"}
    response = client.get(url, {"branch": world.branch_a.pk, "flag": "lost"})
    assert names(response) == {"张三"}
    assert response.context["branch_id"] == str(world.branch_a.pk)
    assert response.context["flag"] == "lost"
    assert names(client.get(url, {"flag": "transfer"})) == set()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"branch": "abc"}, "党支部"),
        ({"branch": "9" * 30}, "党支部"),
        ({"branch": "-1"}, "党支部"),
        ({"flag": "nonsense"}, None),
    ],
)
def test_a_bad_value_on_the_mobile_list_is_said_and_the_whole_list_shown(
    world, mobile, as_user, query, field
):
    response = as_user(world.staff).get(reverse("members:mobile"), query)
    assert response.status_code == 200
    assert names(response) == {"张三", "李四"}
    (warning,) = warnings(response)
    if field:
        assert warning.startswith(field + "：")
    assert response.context["branch_id"] == "" and response.context["flag"] == ""


def test_a_good_filter_gives_no_warning(world, mobile, as_user):
    response = as_user(world.staff).get(reverse("members:mobile"), {"flag": "lost"})
    assert warnings(response) == []


@pytest.mark.parametrize("name", ["members:pipeline", "members:reserve", "members:reduced"])
def test_the_other_lists_say_a_bad_branch_and_show_their_page(world, as_user, name):
    response = as_user(world.staff).get(reverse(name), {"branch": "x", "stage": "y", "reason": "z"})
    assert response.status_code == 200
    assert warnings(response)


def test_the_reduced_export_reads_the_same_filter(world, as_user):
    Member.objects.filter(pk=world.member_a.pk).update(
        left_on=d(2016, 5, 1), leave_reason=Member.LeaveReason.choices[0][0]
    )
    client = as_user(world.staff)
    assert names(client.get(reverse("members:reduced"), {"branch": world.branch_b.pk})) == set()
    assert names(client.get(reverse("members:reduced"), {"branch": world.branch_a.pk})) == {"张三"}
    response = client.get(reverse("members:reduced-export"), {"branch": "bad"})
    assert response.status_code == 200


@pytest.mark.parametrize("year", ["abc", "2017", "1800", "9" * 30])
def test_the_appraisal_page_says_a_bad_year_and_shows_this_year(world, as_user, year):
    response = as_user(world.secretary_a).get(
        reverse("members:appraisals", args=[world.branch_a.pk]), {"year": year}
    )
    assert response.status_code == 200
    assert response.context["year"] == 2016
    (warning,) = warnings(response)
    assert warning.startswith("年度：")


@pytest.mark.parametrize("year", ["abc", "2017", "1800"])
def test_an_appraisal_posted_with_a_bad_year_is_refused_not_saved_as_this_year(
    world, as_user, year
):
    response = as_user(world.secretary_a).post(
        reverse("members:appraisals", args=[world.branch_a.pk]),
        {"year": year, "seen_version": "0", f"result_{world.member_a.pk}": "qualified"},
        follow=True,
    )
    assert response.status_code == 200
    assert "年度：" in response.content.decode()
    assert Appraisal.objects.count() == 0


def test_an_appraisal_posted_with_a_good_year_is_saved(world, as_user):
    as_user(world.secretary_a).post(
        reverse("members:appraisals", args=[world.branch_a.pk]),
        {"year": "2015", "seen_version": "0", f"result_{world.member_a.pk}": "qualified"},
    )
    assert Appraisal.objects.get().year == 2015

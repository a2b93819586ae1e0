import datetime
from decimal import Decimal

import pytest

from members.models import Member
from members.selectors import member_structure

from ..factories import BranchFactory, MemberFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2016, 12, 20)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def born(age_on_today: int, days_before_birthday: int = 0) -> datetime.date:
    """A birth date making the member exactly `age_on_today` today."""
    birth = TODAY.replace(year=TODAY.year - age_on_today)
    return birth + datetime.timedelta(days=days_before_birthday)


def test_age_bands_go_by_the_age_reached_in_the_year():
    """The year-end statistics' age: the year minus the birth year, whatever today's date
    (so the member list can filter by it without revealing a masked birthday)."""
    branch = BranchFactory()
    # 30 today; 30 today turning 31 tomorrow (31 in the year); 31 today; 60 and 61; born on
    # 1 January and 31 December of 1986 (both 30 in 2016); no birth date (in no band).
    births = [born(30), born(31, days_before_birthday=1), born(31), born(60), born(61)]
    births += [datetime.date(1986, 1, 1), datetime.date(1986, 12, 31), datetime.date(1985, 12, 31)]
    for birth in births:
        MemberFactory(
            branch=branch,
            birth_date=birth,
            joined_on=birth.replace(year=birth.year + 20),
            full_member_on=None,
        )
    figures = member_structure(Member.objects.filter(branch=branch))
    counts = [row["count"] for row in figures["age_bands"]]
    assert counts == [3, 3, 0, 1, 1]
    assert figures["age_bands"][0]["label"] == "30岁及以下"
    # As of a past year's 31 December: the age reached in that year.
    past = member_structure(Member.objects.filter(branch=branch), on=datetime.date(2010, 12, 31))
    assert [row["count"] for row in past["age_bands"]] == [6, 0, 0, 2, 0]


def test_totals_gender_mobility_and_conversions_due():
    branch = BranchFactory()
    MemberFactory(branch=branch, gender="F")
    MemberFactory(branch=branch, is_mobile=True, mobile_destination="广东省深圳市")
    MemberFactory(branch=branch, is_lost_contact=True, lost_contact_since=datetime.date(2016, 1, 1))
    # Probationary: joined 2015-12-20 (due today) and 2016-03-01 (not yet due).
    MemberFactory(branch=branch, joined_on=datetime.date(2015, 12, 20), full_member_on=None)
    MemberFactory(branch=branch, joined_on=datetime.date(2016, 3, 1), full_member_on=None)
    MemberFactory(branch=branch, left_on=datetime.date(2016, 5, 1), leave_reason="death")
    s = member_structure(Member.objects.filter(branch=branch))
    assert s["total"] == 5
    assert (s["full"]["count"], s["probationary"]["count"]) == (3, 2)
    assert (s["female"]["count"], s["male"]["count"]) == (1, 4)
    assert s["female"]["percent"] == Decimal("20.0")
    assert (s["mobile"]["count"], s["lost"]["count"], s["conversion_due"]) == (1, 1, 1)
    assert sum(r["count"] for r in s["education"]) == 5


def test_an_empty_township_gives_zeros():
    s = member_structure(Member.objects.none())
    assert s["total"] == 0 and s["full"]["percent"] == Decimal("0.0")

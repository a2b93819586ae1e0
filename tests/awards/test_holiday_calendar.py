"""Working days after the last year the holiday library knows (issue 16, item 6): refused
until staff enter the year's holidays and make-up days, which are data with history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Nomination, Round
from awards.services import AwardError, start_notice
from township.dates import FIRST_YEAR, LAST_YEAR, year_range_message
from township.models import HolidayDay, HolidayYear
from township.workdays import UnknownHolidayYear, add_working_days, is_working_day

from .factories import categories, nomination, open_round

D = datetime.date

pytestmark = pytest.mark.django_db


def national_day_2099() -> HolidayYear:
    year = HolidayYear.objects.create(year=2099, source="国办发明电〔2098〕7号")
    for day in range(1, 8):
        HolidayDay.objects.create(
            calendar=year, date=D(2099, 10, day), kind="holiday", name="国庆节"
        )
    HolidayDay.objects.create(calendar=year, date=D(2099, 10, 10), kind="make_up")  # Saturday
    return year


def test_an_entered_year_counts_its_holidays_and_make_up_days():
    national_day_2099()
    assert not is_working_day(D(2099, 10, 1))  # Thursday, but National Day
    assert is_working_day(D(2099, 10, 10))  # Saturday, made a working day
    assert not is_working_day(D(2099, 10, 11))  # an ordinary Sunday
    # Wed 30 Sep (1), holidays 1-7 Oct, Thu 8 (2), Fri 9 (3), make-up Sat 10 (4), Mon 12 (5)
    assert add_working_days(D(2099, 9, 30), 5) == D(2099, 10, 12)


def test_a_notice_running_into_an_unknown_year_is_refused():
    national_day_2099()
    with pytest.raises(UnknownHolidayYear) as e:
        add_working_days(D(2099, 12, 29), 5)
    assert e.value.year == 2100


def test_entering_the_year_keeps_history():
    year = national_day_2099()
    assert year.history.count() == 1
    assert HolidayDay.history.filter(date=D(2099, 10, 1)).count() == 1


@pytest.mark.parametrize(
    "year, ok",
    [
        (FIRST_YEAR - 1, False),
        (FIRST_YEAR, True),
        (1999, True),
        (LAST_YEAR, True),
        (LAST_YEAR + 1, False),
    ],
)
def test_the_calendar_and_a_round_take_the_years_the_whole_system_takes(world, year, ok):
    """One range of years (township/dates.py), not one of their own."""
    records = [
        HolidayYear(year=year),
        Round(township=world.township, year=year, meeting_on=D(min(year, 9999), 7, 1)),
    ]
    for record in records:
        try:
            record.full_clean(
                exclude=[
                    "meeting_on",
                    "nominations_open_on",
                    "nominations_close_on",
                    "assessment_on",
                ]
            )
        except ValidationError as e:
            assert not ok
            assert e.message_dict["year"] == [year_range_message()]
        else:
            assert ok


def test_a_make_up_day_must_fall_on_a_weekend_and_inside_its_year():
    year = HolidayYear.objects.create(year=2099)
    with pytest.raises(ValidationError):
        HolidayDay(calendar=year, date=D(2099, 10, 9), kind="make_up").full_clean()  # Friday
    with pytest.raises(ValidationError):
        HolidayDay(calendar=year, date=D(2098, 10, 1), kind="holiday").full_clean()


def _assessed_round(world, **kwargs):
    round = open_round(world.township, **kwargs)
    nomination(
        round,
        categories(world.township)["优秀共产党员"],
        member=world.member_a,
        stage=Nomination.Stage.ASSESSED,
        assessed_on=round.nominations_close_on,
    )
    return round


def test_the_notice_cannot_start_in_a_year_whose_holidays_are_unknown(world, settings):
    settings.TOWNSHIP_TODAY = D(2099, 6, 1)
    round = _assessed_round(
        world,
        year=2099,
        nominations_open_on=D(2099, 5, 1),
        nominations_close_on=D(2099, 5, 31),
        meeting_on=D(2099, 7, 1),
    )
    with pytest.raises(AwardError, match="2099"):
        start_notice(round=round, starts_on=D(2099, 6, 1))
    assert not Round.objects.get(pk=round.pk).notice_started
    HolidayYear.objects.create(year=2099)
    start_notice(round=round, starts_on=D(2099, 6, 1))  # Monday
    assert Round.objects.get(pk=round.pk).notice_ends_on == D(2099, 6, 5)


def test_a_round_whose_calendar_is_missing_warns_visibly_instead_of_failing(world, as_user):
    round = open_round(
        world.township,
        year=2099,
        nominations_open_on=D(2099, 5, 1),
        nominations_close_on=D(2099, 5, 31),
        meeting_on=D(2099, 7, 1),
        notice_starts_on=D(2099, 6, 1),
        notice_working_days=5,
    )
    assert round.notice_ends_on is None
    page = as_user(world.staff).get(reverse("awards:round-detail", args=[round.pk]))
    assert page.status_code == 200
    assert "2099年的法定节假日安排尚未录入" in page.content.decode()


def test_staff_enter_a_year_in_the_back_office(world, as_user):
    page = as_user(world.staff).post(
        reverse("admin:township_holidayyear_add"),
        {
            "year": 2099,
            "source": "",
            "days-TOTAL_FORMS": 1,
            "days-INITIAL_FORMS": 0,
            "days-MIN_NUM_FORMS": 0,
            "days-MAX_NUM_FORMS": 1000,
            "days-0-date": "2099-10-01",
            "days-0-kind": "holiday",
            "days-0-name": "国庆节",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert not is_working_day(D(2099, 10, 1))
    assert as_user(world.leader).get(
        reverse("admin:township_holidayyear_changelist")
    ).status_code in (
        302,
        403,
    )

import datetime

import pytest

from awards.models import Round
from township.workdays import UnknownHolidayYear, add_working_days, is_working_day

D = datetime.date


def test_national_day_2016_holidays_are_not_working_days():
    for day in range(1, 8):
        assert not is_working_day(D(2016, 10, day))


def test_the_make_up_saturday_and_sunday_of_2016_are_working_days():
    assert D(2016, 10, 8).weekday() == 5 and is_working_day(D(2016, 10, 8))
    assert D(2016, 10, 9).weekday() == 6 and is_working_day(D(2016, 10, 9))


def test_a_notice_of_five_working_days_across_national_day_2016():
    # Fri 30 Sep (1), holidays 1–7 Oct, make-up Sat 8 (2) and Sun 9 (3), Mon 10 (4), Tue 11 (5)
    assert add_working_days(D(2016, 9, 30), 5) == D(2016, 10, 11)


def test_a_notice_starting_inside_the_holiday_counts_from_the_make_up_day():
    assert add_working_days(D(2016, 10, 3), 1) == D(2016, 10, 8)
    assert add_working_days(D(2016, 10, 3), 5) == D(2016, 10, 12)


def test_an_ordinary_week_ends_on_friday():
    assert add_working_days(D(2016, 6, 13), 5) == D(2016, 6, 17)


def test_a_year_the_calendar_does_not_know_is_refused_not_guessed(db):
    # Monday to Friday would count National Day 2099 as working days: refuse instead.
    with pytest.raises(UnknownHolidayYear) as e:
        is_working_day(D(2099, 10, 1))
    assert "2099" in str(e.value)
    with pytest.raises(UnknownHolidayYear):
        add_working_days(D(2099, 10, 1), 5)
    with pytest.raises(UnknownHolidayYear):
        add_working_days(D(2003, 10, 1), 5)  # before the data too


def test_zero_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2016, 6, 13), 0)


def test_the_round_uses_the_setting_when_the_notice_has_no_day_count(settings):
    settings.AWARDS_NOTICE_WORKING_DAYS = 3
    round = Round(notice_starts_on=D(2016, 9, 29))
    assert round.notice_ends_on == D(2016, 10, 8)  # Thu 29, Fri 30, make-up Sat 8

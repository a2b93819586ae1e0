"""Working days on the official Chinese holiday calendar (国务院办公厅 holiday notices).

`chinese_calendar` knows the holidays and make-up working days (调休) of the years it ships.
For any other year staff enter the year's arrangement in the back office (HolidayYear and its
days); a year known to neither is refused (UnknownHolidayYear), never guessed as Monday to
Friday: National Day counted as working days would cut a public notice short.
"""

import datetime

import chinese_calendar
from django.utils.translation import gettext as _

from .models import HolidayDay, HolidayYear


class UnknownHolidayYear(Exception):
    """Working days cannot be counted in a year whose official holidays are unknown."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The official holidays of %(year)s are not known yet: enter that year's "
                "holidays and make-up working days in the back office (holiday calendar) "
                "before counting working days."
            )
            % {"year": year}
        )


def _known_to_library(day: datetime.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def _entered_year(year: int) -> dict[datetime.date, bool] | None:
    """The arrangement staff entered for `year` ({day: is a working day}), None without one."""
    if not HolidayYear.objects.filter(year=year).exists():
        return None
    return {
        d.date: d.kind == HolidayDay.Kind.MAKE_UP
        for d in HolidayDay.objects.filter(calendar__year=year)
    }


class WorkingDays:
    """Answers for one computation; a year entered by staff is read from the database once."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, bool] | None] = {}

    def __call__(self, day: datetime.date) -> bool:
        known = _known_to_library(day)
        if known is not None:
            return known
        if day.year not in self._years:
            self._years[day.year] = _entered_year(day.year)
        entered = self._years[day.year]
        if entered is None:
            raise UnknownHolidayYear(day.year)
        return entered.get(day, day.weekday() < 5)


def is_working_day(day: datetime.date) -> bool:
    """Raises UnknownHolidayYear for a year neither the library nor staff know."""
    return WorkingDays()(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of `days` working days beginning on `start` (counted when it
    is a working day itself). A notice from Monday for 5 working days ends on Friday.
    Raises UnknownHolidayYear when the period reaches a year whose holidays are unknown."""
    if days < 1:
        raise ValueError("days must be at least 1")
    working = WorkingDays()
    day = start
    counted = 0
    while True:
        if working(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)

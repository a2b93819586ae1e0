"""Working days on the official Chinese holiday calendar (国务院办公厅 holiday notices).

`chinese_calendar` knows the holidays and the make-up working days (调休) of the years it
ships; for other years it raises NotImplementedError and we fall back to Monday–Friday.
"""

import datetime

import chinese_calendar


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of `days` working days beginning on `start` (counted when it
    is a working day itself). A notice from Monday for 5 working days ends on Friday."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day = start
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)

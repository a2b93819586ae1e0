"""The domain's notion of today, and Chinese date formatting helpers."""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def today() -> datetime.date:
    """Today in Asia/Shanghai, unless settings.TOWNSHIP_TODAY pins it (demo, tests)."""
    return settings.TOWNSHIP_TODAY or timezone.localdate()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the 31st falls back to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


#: Years the system accepts in a URL or a form: the Party's records start in 1949.
FIRST_YEAR, LAST_YEAR = 1949, 2100


def is_year(year: int) -> bool:
    """Whether `year` is one the system accepts (FIRST_YEAR..LAST_YEAR)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def year_range_message() -> str:
    """What a form or a service says of a year outside FIRST_YEAR..LAST_YEAR."""
    return _("Enter a year between %(first)d and %(last)d.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def cn_date(day: datetime.date, *, style: str = "") -> str:
    """The one way documents and pages write a date: 2016年6月30日; compact table cells use
    2016.06.30 and months 2016年6月."""
    if style == "compact":
        return f"{day.year}.{day.month:02d}.{day.day:02d}"
    if style == "month":
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"

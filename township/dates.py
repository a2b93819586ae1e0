"""The domain's notion of today, and Chinese date formatting helpers."""

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    """Today in Asia/Shanghai, unless settings.TOWNSHIP_TODAY pins it (demo, tests)."""
    return settings.TOWNSHIP_TODAY or timezone.localdate()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

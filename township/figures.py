"""Number formatting shared by pages, the dashboard and the reports, so they agree."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> Decimal:
    """Share in percent to one decimal, rounded half up: 2 of 12 -> 16.7, 1 of 12 -> 8.3."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)

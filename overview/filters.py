"""The overview pages' filters (township/filters.py)."""

from django import forms

from township.dates import today
from township.filters import FilterForm, YearField


class DashboardFilterForm(FilterForm):
    """The dashboard: the year (by default this year, or the latest year with data when this
    year has none) and late=open, the home page's to-do link: only the late entries awaiting
    confirmation."""

    year = YearField()
    late = forms.ChoiceField(choices=[("open", "open")])

    def __init__(self, data=None, *, user, year_by_default: int, **kwargs):
        self.year_by_default = year_by_default
        super().__init__(data, user=user, **kwargs)

    def default_year(self):
        return self.year_by_default

    def default_late(self):
        return ""


class CountyYearForm(FilterForm):
    """The county page's year: this year by default."""

    year = YearField()

    def default_year(self):
        return today().year

"""The dues pages' filters, each shared by the page and its Excel export
(township/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from township.dates import today
from township.filters import FilterForm, IdField, YearField


class DuesYearForm(FilterForm):
    """The year of a dues page or export (this year by default)."""

    year = YearField()

    def default_year(self):
        return today().year


class DuesIndexFilterForm(DuesYearForm):
    """The dues index: the year, a township (for a user who reads several), and arrears=1,
    the home page's to-do link: only the branches in arrears."""

    township = IdField(label=_("township"))
    arrears = forms.BooleanField(required=False)

    def filter_qs(self, branches):
        if self.cleaned_data["township"] is not None:
            branches = branches.filter(township_id=self.cleaned_data["township"])
        return branches

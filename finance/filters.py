"""The village-finance list's filter, shared by the list page and its Excel export
(township/filters.py)."""

from township.filters import FilterForm, SearchField, YearField

from .permissions import finances_visible_to


class FinanceFilterForm(FilterForm):
    """The year (the latest with a rectification by default) and the village searched for.
    `years` are the years on offer: those of the rectifications the user reads."""

    year = YearField()
    q = SearchField()

    def __init__(self, data=None, *, user, **kwargs):
        visible = finances_visible_to(user).values_list("year", flat=True)
        self.years = sorted(set(visible), reverse=True)
        super().__init__(data, user=user, **kwargs)

    def default_year(self):
        return self.years[0] if self.years else None

    def filter_qs(self, finances):
        """The rectifications of the year, in the list's order (village by village)."""
        rows = finances.filter(year=self.cleaned_data["year"]).order_by(
            "branch__position", "branch_id"
        )
        if self.cleaned_data["q"]:
            rows = rows.filter(branch__name__icontains=self.cleaned_data["q"])
        return rows

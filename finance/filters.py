"""The village-finance list's filter, shared by the list page and its Excel export
(township/filters.py)."""

from django import forms
from django.db.models import Exists, OuterRef

from township.filters import FilterForm, IdField, SearchField, YearField

from .models import Handover
from .permissions import finances_visible_to


class FinanceFilterForm(FilterForm):
    """The year (the latest with a rectification by default) and the village searched for.
    `years` are the years on offer: those of the rectifications the user reads."""

    year = YearField()
    q = SearchField()
    township = IdField()
    # The home page's to-do: villages with a handover still missing a signature.
    handovers = forms.ChoiceField(choices=[("unsigned", "unsigned")], initial="")

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
        if self.cleaned_data["township"]:
            rows = rows.filter(branch__township_id=self.cleaned_data["township"])
        if self.cleaned_data["handovers"] == "unsigned":
            rows = rows.filter(
                Exists(Handover.objects.filter(Handover.INCOMPLETE, finance=OuterRef("pk")))
            )
        return rows

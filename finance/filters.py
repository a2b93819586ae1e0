"""The village-finance list's filter, shared by the list page and its Excel export, and the
period of the disclosure sheet (township/filters.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from township.dates import FIRST_YEAR, LAST_YEAR, today
from township.filters import FilterForm, IdField, SearchField, YearField

from .models import Handover
from .permissions import finances_visible_to
from .selectors import latest_period_with_entries, parse_period


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


class PeriodField(forms.CharField):
    """A period of the disclosure sheet as the menu names it: a month ('2016-11') or a quarter
    ('2016-Q3') of a year the system knows (selectors.parse_period, the one parser). Cleaned
    to (year, kind, number); None when empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("period"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_period(text)
        if parsed is None:
            raise ValidationError(
                _(
                    "Choose a month (like 2016-11) or a quarter (like 2016-Q3) of a year from "
                    "%(first)s to %(last)s."
                ),
                code="invalid",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return parsed


class DisclosurePeriodForm(FilterForm):
    """The disclosure sheet's period (?period=): by default the latest with entries. A value
    that does not parse is an error the page shows (the view does not print another period
    in its place)."""

    period = PeriodField()

    def __init__(self, data=None, *, user, finance, **kwargs):
        self.finance = finance
        super().__init__(data, user=user, **kwargs)

    def default_period(self):
        return latest_period_with_entries(self.finance, on=today())

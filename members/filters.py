"""The member list's filter, shared by the list page and its Excel export (township/filters.py)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.permissions import branches_managed_by
from township.dates import FIRST_YEAR, LAST_YEAR
from township.filters import FilterForm, IdField, SearchField

from .models import Member
from .selectors import AGE_BANDS, member_list

STATUS_LABELS = {
    "current": _("current members"),
    "full": _("full members"),
    "probationary": _("probationary members"),
    "mobile": _("mobile members"),
    "lost": _("lost contact"),
    "left": _("members who left"),
    "conversion_due": _("due for conversion"),
    "all": _("all"),
}


class MemberFilterForm(FilterForm):
    """Branch, status (current members by default) and a search by name, or by ID number or
    phone among the members the user manages; gender, education and age band as the
    dashboard counts them; and `as_of`, a day (FIRST_YEAR..LAST_YEAR): the members on that
    day, as a past year's figures count them (member_list, member_structure).

    No filter here reads a birth date finer than its year: the age band is the age reached
    in a year (age_band_q), so a reader who sees the birth year only learns nothing more by
    moving `as_of` or the band."""

    q = SearchField()
    branch = IdField()
    township = IdField()
    status = forms.ChoiceField(choices=list(STATUS_LABELS.items()), initial="current")
    gender = forms.ChoiceField(choices=[("", "")] + list(Member.Gender.choices), initial="")
    education = forms.ChoiceField(choices=[("", "")] + list(Member.Education.choices), initial="")
    age = forms.TypedChoiceField(
        choices=[(str(i), str(i)) for i in range(len(AGE_BANDS))], coerce=int, empty_value=None
    )
    as_of = forms.DateField(input_formats=["%Y-%m-%d"])

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day is not None and not (
            datetime.date(FIRST_YEAR, 1, 1) <= day <= datetime.date(LAST_YEAR, 12, 31)
        ):
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    @property
    def bad_as_of(self) -> bool:
        """An `as_of` was given but is not a date in range: the page says so (the list
        falls back to today's members)."""
        return "as_of" in self.errors

    def filter_qs(self, members):
        data = self.cleaned_data
        if data["branch"] is not None:
            members = members.filter(branch_id=data["branch"])
        if data["township"]:
            members = members.filter(branch__township_id=data["township"])
        return member_list(
            members,
            q=data["q"],
            status=data["status"],
            personal_in=branches_managed_by(self.user),
            on=data["as_of"],
            gender=data["gender"],
            education=data["education"],
            age_band=data["age"],
        )

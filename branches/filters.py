"""The filters of the branch lists that have an Excel export, each shared by the page and
its export (township/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from township.dates import today
from township.filters import FilterForm, TownshipChoice, YearField
from township.late import annotate_entered_on, late_q

from .models import BranchGrade, Meeting
from .selectors import QUARTER_MONTHS, meetings_with_attendance, org_life_tally, valid_meetings


class MeetingFilterForm(FilterForm):
    """A branch's meetings page: the year (this year by default), the kind of meeting, and
    held=1 (the meetings the compliance figures count as held: recorded, quorate) or late=1
    (those of them entered late, 补录): the dashboard's figures link here."""

    year = YearField()
    kind = forms.ChoiceField(choices=Meeting.Kind.choices, initial="")
    held = forms.BooleanField(required=False)
    late = forms.BooleanField(required=False)

    def default_year(self):
        return today().year

    def filter_qs(self, meetings):
        meetings = meetings.filter(date__year=self.cleaned_data["year"])
        if self.cleaned_data["kind"]:
            meetings = meetings.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["held"] or self.cleaned_data["late"]:
            meetings = valid_meetings(meetings)
        if self.cleaned_data["late"]:
            meetings = annotate_entered_on(meetings).filter(late_q("date"))
        return meetings_with_attendance(meetings)


class ComplianceFilterForm(TownshipChoice, FilterForm):
    """The compliance page: the year (this year by default), a quarter (none: the whole
    year), a township (for a reader of several: the county's comparison links each
    township's "branches behind" here) and behind=1 (only the branches that missed a
    period). `listed()` gives the branches listed, `filter_qs` the meetings of the period
    (the page's export, of the same branches)."""

    year = YearField()
    quarter = forms.TypedChoiceField(
        choices=[(q, q) for q in QUARTER_MONTHS], coerce=int, empty_value=None
    )
    behind = forms.BooleanField(required=False)

    def default_year(self):
        return today().year

    def listed(self, branches, tallies: dict | None = None):
        """The branches listed: `branches` (the user's, scoped() to the township), only
        those that missed a period when behind=1. `tallies`: their org_life_tally() when
        the caller has it (the page counts with it), else read only when needed."""
        data = self.cleaned_data
        if not data["behind"]:
            return branches
        if tallies is None:
            tallies = org_life_tally(branches, data["year"], data["quarter"])
        return branches.filter(pk__in=[pk for pk, t in tallies.items() if t.missed])

    def filter_qs(self, meetings):
        meetings = meetings.filter(date__year=self.cleaned_data["year"])
        if self.cleaned_data["quarter"]:
            meetings = meetings.filter(date__month__in=QUARTER_MONTHS[self.cleaned_data["quarter"]])
        return meetings_with_attendance(meetings)


class GradeFilterForm(FilterForm):
    """The grades export of the branch list: the year chosen there (every year when none)."""

    year = YearField()

    def filter_qs(self, grades):
        if self.cleaned_data["year"] is not None:
            grades = grades.filter(year=self.cleaned_data["year"])
        return grades


class BranchListFilterForm(TownshipChoice, FilterForm):
    """The branch list: the year of the grades shown (the latest graded year by default, else
    this year), a grade, or "weak" (weak and lax), and a township (for a reader of several):
    the dashboard's grade counts link here with their township."""

    year = YearField()
    grade = forms.ChoiceField(
        label=_("grade"), choices=[*BranchGrade.Grade.choices, ("weak", _("weak and lax"))]
    )

    def __init__(self, data=None, *, user, graded_years: list[int], **kwargs):
        self.graded_years = graded_years
        super().__init__(data, user=user, **kwargs)

    def default_year(self):
        return self.graded_years[0] if self.graded_years else today().year

    def default_grade(self):
        return ""


class ScreeningYearForm(FilterForm):
    """The yearly screening (排查) page: its year, this year by default."""

    year = YearField()

    def default_year(self):
        return today().year

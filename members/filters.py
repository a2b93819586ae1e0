"""The member lists' filters (township/filters.py), each shared by the page and its Excel export
where it has one: the member list, the 已减少 list, and the lists of organisational life."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.permissions import branches_managed_by, branches_visible_to
from township.dates import FIRST_YEAR, LAST_YEAR, add_months, today
from township.filters import FilterForm, IdField, SearchField, TownshipChoice, YearField

from .models import SIX_MONTHS, Applicant, Member
from .selectors import AGE_BANDS, applicants_due, member_list, silent_since

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


class MemberFilterForm(TownshipChoice, FilterForm):
    """Branch, status (current members by default) and a search by name, or by ID number or
    phone among the members the user manages; gender, education and age band as the
    dashboard counts them; and `as_of`, a day (FIRST_YEAR..LAST_YEAR): the members on that
    day, as a past year's figures count them (member_list, member_structure).

    No filter here reads a birth date finer than its year: the age band is the age reached
    in a year (age_band_q), so a reader who sees the birth year only learns nothing more by
    moving `as_of` or the band."""

    q = SearchField()
    branch = IdField()
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
        members = self.scoped(members, "branch__township")
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


class BranchFilterForm(TownshipChoice, FilterForm):
    """One branch (every visible branch by default) and one township (for a reader of
    several: the dashboard's figures link here with their township): the lists of
    organisational life filter their rows by them. `filter_qs` keeps the rows of that branch
    and township (any query with `branch_id`); a township the user does not read is a 404."""

    branch = IdField(label=_("branch"))

    def filter_qs(self, qs):
        if self.cleaned_data["branch"] is not None:
            qs = qs.filter(branch_id=self.cleaned_data["branch"])
        return self.scoped(qs, "branch__township")


#: The mobile list's flags (DOMAIN.md): "" lists every member flagged for any of them.
FLAG_LABELS = {
    "": _("all listed"),
    "transfer": _("should transfer their relationship"),
    "silent": _("six months without organisational life or contact"),
    "lost": _("lost contact"),
}


class MobileFilterForm(BranchFilterForm):
    """The mobile and lost-contact list: a branch and a flag (every flag by default)."""

    flag = forms.ChoiceField(label=_("flag"), choices=list(FLAG_LABELS.items()), initial="")

    def filter_qs(self, members):
        day = today()
        limit = add_months(day, -SIX_MONTHS)
        members = super().filter_qs(members)
        # The "since" subqueries read only the attendances of the members' branches: those
        # the user reads (the list's scope), not the whole county's.
        silent = silent_since(limit, branches_visible_to(self.user))
        flag = self.cleaned_data["flag"]
        if flag == "transfer":
            return members.filter(is_mobile=True, mobile_since__lte=limit)
        if flag == "silent":
            return members.filter(silent)
        if flag == "lost":
            return members.filter(is_lost_contact=True)
        return members.filter(Q(is_mobile=True) | Q(is_lost_contact=True) | silent)


#: The steps of member development a list may choose (a stopped applicant is no step).
STAGES = [(s.value, s.label) for s in Applicant.Stage if s != Applicant.Stage.STOPPED]


class PipelineFilterForm(BranchFilterForm):
    """The development pipeline: a branch and a stage (every stage by default); `filter_qs`
    gives the applicants due for their next step, soonest first (a list)."""

    stage = forms.ChoiceField(label=_("stage"), choices=STAGES, initial="")

    def filter_qs(self, applicants):
        rows = applicants_due(super().filter_qs(applicants))
        if stage := self.cleaned_data["stage"]:
            rows = [a for a in rows if a.stage == stage]
        return rows


class ReducedFilterForm(BranchFilterForm):
    """The 已减少 list and its export: a branch and the reason for leaving (any by default)."""

    reason = forms.ChoiceField(label=_("reason"), choices=Member.LeaveReason.choices, initial="")

    def filter_qs(self, members):
        members = super().filter_qs(members)
        if self.cleaned_data["reason"]:
            members = members.filter(leave_reason=self.cleaned_data["reason"])
        return members


class AppraisalYearForm(FilterForm):
    """The year of a branch's democratic appraisal (this year by default): appraisals are not
    made ahead, so a later year is refused, not quietly replaced."""

    year = YearField()

    def default_year(self):
        return today().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year > today().year:
            # The same words as the grid's own range check (members/views/orglife.py).
            raise forms.ValidationError(
                _("Appraisals can be recorded for %(first)s to %(last)s only.")
                % {"first": today().year - 5, "last": today().year}
            )
        return year

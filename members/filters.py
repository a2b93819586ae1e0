"""The member list's filter, shared by the list page and its Excel export (township/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.permissions import branches_managed_by
from township.filters import FilterForm, IdField, SearchField

from .selectors import member_list

STATUS_LABELS = {
    "current": _("current members"),
    "probationary": _("probationary members"),
    "mobile": _("mobile members"),
    "lost": _("lost contact"),
    "left": _("members who left"),
    "conversion_due": _("due for conversion"),
    "all": _("all"),
}


class MemberFilterForm(FilterForm):
    """Branch, status (current members by default) and a search by name, or by ID number or
    phone among the members the user manages."""

    q = SearchField()
    branch = IdField()
    township = IdField()
    status = forms.ChoiceField(choices=list(STATUS_LABELS.items()), initial="current")

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
        )

"""The outgoing letters' filter, shared by the transfer list and its Excel export
(township/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from township.filters import FilterForm, IdField

from .selectors import letters_out, overdue_letters

#: The list's status menu: a letter's status, or "overdue" (open past its validity).
STATUS_LABELS = {
    "issued": _("being transferred out"),
    "overdue": _("receipt overdue"),
    "received": _("receipt returned"),
    "closed": _("closed without receipt"),
}


class LetterFilterForm(FilterForm):
    """A township (for a user who reads several), a status (every status by default), and
    overdue=1, the home page's to-do link: the letters whose receipt is overdue."""

    township = IdField(label=_("township"))
    status = forms.ChoiceField(label=_("status"), choices=list(STATUS_LABELS.items()), initial="")
    overdue = forms.BooleanField(required=False)

    def status_chosen(self) -> str:
        return "overdue" if self.cleaned_data["overdue"] else self.cleaned_data["status"]

    def in_township(self, letters):
        if self.cleaned_data["township"] is not None:
            letters = letters.filter(township_id=self.cleaned_data["township"])
        return letters

    def filter_qs(self, letters):
        letters = self.in_township(letters)
        status = self.status_chosen()
        if status == "overdue":
            letters = overdue_letters(letters)
        elif status:
            letters = letters.filter(status=status)
        return letters_out(letters)

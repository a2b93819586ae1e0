"""The filter of a round's nominations, shared by the round page and its Excel export
(township/filters.py)."""

from django import forms
from django.db.models import Q

from township.filters import FilterForm, SearchField

from .models import Nomination


class NominationFilterForm(FilterForm):
    """The stage (every stage by default) and a name searched for, a member's or a branch's."""

    stage = forms.ChoiceField(choices=Nomination.Stage.choices, initial="")
    q = SearchField()

    def filter_qs(self, nominations):
        stage, q = self.cleaned_data["stage"], self.cleaned_data["q"]
        if stage:
            nominations = nominations.filter(stage=stage)
        if q:
            nominations = nominations.filter(
                Q(member__name__contains=q) | Q(branch__name__contains=q)
            )
        return nominations

"""The filter of a round's nominations, shared by the round page and its Excel export
(township/filters.py)."""

from django import forms
from django.db.models import Exists, OuterRef, Q

from township.filters import FilterForm, SearchField

from .models import Nomination, Objection


class NominationFilterForm(FilterForm):
    """The stage (every stage by default) and a name searched for, a member's or a branch's."""

    stage = forms.ChoiceField(choices=Nomination.Stage.choices, initial="")
    q = SearchField()
    # The home page's to-do: nominations with an objection still to resolve.
    objections = forms.ChoiceField(choices=[("open", "open")], initial="")

    def filter_qs(self, nominations):
        stage, q = self.cleaned_data["stage"], self.cleaned_data["q"]
        if stage:
            nominations = nominations.filter(stage=stage)
        if q:
            nominations = nominations.filter(
                Q(member__name__contains=q) | Q(branch__name__contains=q)
            )
        if self.cleaned_data["objections"] == "open":
            nominations = nominations.filter(
                Exists(
                    Objection.objects.filter(nomination=OuterRef("pk"), resolved_on__isnull=True)
                )
            )
        return nominations

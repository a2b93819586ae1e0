"""Forms of the 不合格 follow-up (views/unqualified.py); both carry the version they were
read at (township/concurrency.py), so a second person's stale save is refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from township.concurrency import VersionGuardForm
from township.uploads import validate_upload

from ..models import UnqualifiedFollowUp

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CorrectionOrderForm(VersionGuardForm):
    """限期改正: when the member was told, and by when to correct."""

    class Meta:
        model = UnqualifiedFollowUp
        fields = ["ordered_on", "deadline", "note"]
        widgets = {"ordered_on": DATE, "deadline": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.appraisal = appraisal


class OutcomeForm(VersionGuardForm):
    """How the correction ended: corrected (assessed on), or 劝退 / 除名 (branch meeting,
    township approval, document). The service writes it (unqualified.py)."""

    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[(k, v) for k, v in UnqualifiedFollowUp.Outcome.choices if k != "pending"],
    )
    document = forms.FileField(label=_("document"), required=False, validators=[validate_upload])

    class Meta:
        model = UnqualifiedFollowUp
        fields = ["outcome", "assessed_on", "branch_meeting_on", "approved_on", "note"]
        widgets = {
            "assessed_on": DATE,
            "branch_meeting_on": DATE,
            "approved_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

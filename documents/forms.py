from django import forms

from township.concurrency import VersionGuardForm

from .models import ReportText


class ReportTextForm(VersionGuardForm):
    """The narrative of a year's report; carries the version it was read at, so a second
    writer's save is refused instead of overwriting the first one's paragraphs."""

    class Meta:
        model = ReportText
        fields = ["situation", "achievements", "problems", "next_steps", "signed_on"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "achievements": forms.Textarea(attrs={"rows": 8}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 6}),
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

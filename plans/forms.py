from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from township.concurrency import VersionGuardForm
from township.dates import today
from township.uploads import PrivateFileInput, validate_upload

from .models import ResponsibilityLetter, Tie


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: photos taken on a phone, scanned pages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class VersionedForm(forms.Form):
    #: The task's version when the page was loaded (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TaskUpdateForm(VersionedForm):
    text = forms.CharField(
        label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    percent = forms.IntegerField(label=_("percent complete"), min_value=0, max_value=100)
    on = forms.DateField(
        label=_("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=today,
    )
    files = MultipleFileField(label=_("evidence (photos, scans)"), required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > today():
            raise ValidationError(_("The date cannot be in the future."))
        return on


class DoneForm(VersionedForm):
    text = forms.CharField(
        label=_("closing note: what was achieved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    files = MultipleFileField(label=_("evidence (photos, scans)"), required=False)

    def __init__(self, *args, **kwargs):
        # Its page holds another form with fields of the same names: ids of its own.
        kwargs.setdefault("auto_id", "id_done_%s")
        super().__init__(*args, **kwargs)


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class FanOutForm(forms.Form):
    """New tasks of a measure: one per chosen branch, plus one for the township office."""

    title = forms.CharField(label=_("task"), max_length=200)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.CharField(
        label=_("responsible person"),
        max_length=50,
        help_text=_("e.g. branch secretary; the same for every branch chosen."),
    )
    due_on = forms.DateField(
        label=_("due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the measure's deadline."),
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("branches"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_office = forms.BooleanField(
        label=_("Also a task for the township office itself (no branch)"), required=False
    )
    evidence_required = forms.BooleanField(
        label=_("evidence required to mark done"), required=False
    )
    tie = forms.ChoiceField(
        label=_("measured by"),
        choices=Tie.choices,
        required=False,
        help_text=_(
            "A tied task's progress and status are computed from the branch's records of "
            "the plan year; an untied one is reported by hand with evidence."
        ),
    )
    target_reserve = forms.IntegerField(
        label=_("target: reserve cadres"), min_value=0, max_value=99, required=False
    )
    target_village_officials = forms.IntegerField(
        label=_("target: college-graduate village officials"),
        min_value=0,
        max_value=99,
        required=False,
    )
    target_double_strong = forms.IntegerField(
        label=_("target: double-strong secretaries"), min_value=0, max_value=1, required=False
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = branches

    def clean(self):
        data = super().clean()
        if not data.get("branches") and not data.get("include_office"):
            raise ValidationError(_("Choose at least one branch or the township office."))
        if data.get("tie") and data.get("include_office"):
            raise ValidationError(_("Only a branch's task can be tied to the branch's records."))
        targets = [data.get(name) for name in TARGETS]
        if data.get("tie") == Tie.CADRES and not any(targets):
            raise ValidationError(_("Set at least one target count for a cadre-team task."))
        return data

    def targets(self) -> dict:
        if self.cleaned_data.get("tie") != Tie.CADRES:
            return {}
        return {name: self.cleaned_data.get(name) for name in TARGETS}


TARGETS = ("target_reserve", "target_village_officials", "target_double_strong")


class LetterForm(VersionGuardForm):
    class Meta:
        model = ResponsibilityLetter
        fields = ["signed_on", "scan", "result", "notes"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scan": PrivateFileInput("plans:letter-scan"),
        }

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # a new upload, not the stored file
            validate_upload(scan)
        return scan

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > today():
            raise ValidationError(_("The date cannot be in the future."))
        return signed_on


class NextYearForm(forms.Form):
    """Which measures due by a date go on into next year (recurring ones always do)."""

    dated_measures = forms.TypedMultipleChoiceField(
        label=_("measures due by a date to copy"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dated_measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dated_measures"].choices = [(m.pk, str(m)) for m in dated_measures]

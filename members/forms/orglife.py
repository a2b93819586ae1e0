from django import forms
from django.utils.translation import gettext_lazy as _

from township.concurrency import VersionGuardForm

from ..models import Applicant, ContactLog, DevelopmentStep, Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactLog
        fields = ["date", "how", "what"]
        widgets = {"date": DATE, "what": forms.Textarea(attrs={"rows": 3})}


class MobilityForm(VersionGuardForm):
    """The fields a secretary keeps up to date for members of their own branch."""

    class Meta:
        model = Member
        fields = [
            "is_mobile",
            "mobile_destination",
            "mobile_since",
            "last_contact_on",
            "is_lost_contact",
            "lost_contact_since",
        ]
        widgets = {"mobile_since": DATE, "last_contact_on": DATE, "lost_contact_since": DATE}


class ApplicantForm(forms.ModelForm):
    class Meta:
        model = Applicant
        fields = [
            "branch",
            "name",
            "gender",
            "ethnicity",
            "id_number",
            "birth_date",
            "education",
            "category",
            "job",
            "phone",
            "applied_on",
        ]
        widgets = {"birth_date": DATE, "applied_on": DATE}

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("step"), choices=Applicant.Step.choices)
    on = forms.DateField(label=_("date"), widget=DATE)
    person_1 = forms.ModelChoiceField(
        label=_("first contact person or introducer"),
        queryset=Member.objects.none(),
        required=False,
    )
    person_2 = forms.ModelChoiceField(
        label=_("second contact person or introducer"),
        queryset=Member.objects.none(),
        required=False,
    )
    extend_to = forms.DateField(label=_("probation extended to"), required=False, widget=DATE)

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        # Only full members of the applicant's branch can be chosen; a forged id fails here.
        people = Member.objects.current().full().filter(branch_id=applicant.branch_id)
        self.fields["person_1"].queryset = people
        self.fields["person_2"].queryset = people


class DevelopmentStepForm(forms.Form):
    """One step of 发展纪实; which fields matter depends on the step (development.py)."""

    def __init__(self, *args, **kwargs):
        # Its page holds another form with fields of the same names: ids of its own.
        kwargs.setdefault("auto_id", "id_step_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(
        label=_("step"),
        choices=DevelopmentStep.Kind.choices,
    )
    on = forms.DateField(label=_("date"), widget=DATE)
    ends_on = forms.DateField(
        label=_("last day of the training"),
        required=False,
        widget=DATE,
    )
    class_hours = forms.IntegerField(
        label=_("class hours"), required=False, min_value=0, max_value=1000
    )
    certificate_on = forms.DateField(
        label=_("certificate dated"),
        required=False,
        widget=DATE,
    )
    conclusion = forms.CharField(
        label=_("conclusion of the political review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    number = forms.CharField(
        label=_("number of the application form"), required=False, max_length=50
    )
    document = forms.FileField(label=_("document"), required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import PARTICULARS, Member
from township.filters import YearField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%Y.%m", "%Y年%m月"]


class LetterOutForm(forms.Form):
    issued_on = forms.DateField(label=_("issued on"), widget=DATE)
    destination = forms.CharField(label=_("to organisation"), max_length=200)
    reason = forms.CharField(label=_("reason for the transfer"), max_length=200)
    valid_until = forms.DateField(
        label=_("valid until"), widget=DATE, help_text=_("At most three months.")
    )


class ReceiptForm(forms.Form):
    on = forms.DateField(label=_("receipt returned on"), widget=DATE)
    by = forms.CharField(label=_("receipt returned by"), max_length=200, required=False)


class ReceiptByNumberForm(forms.Form):
    """A receipt that came back, found by the number printed on it."""

    year = YearField()
    number = forms.IntegerField(label=_("letter number"), min_value=1)
    on = forms.DateField(label=_("receipt returned on"), widget=DATE)
    by = forms.CharField(label=_("receipt returned by"), max_length=200, required=False)


class CloseForm(forms.Form):
    on = forms.DateField(label=_("closed on"), widget=DATE)
    note = forms.CharField(label=_("note on closing"), max_length=200)

    def __init__(self, *args, **kwargs):
        # Its page holds another form with fields of the same names: ids of its own.
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)


class LetterInForm(forms.Form):
    """A received letter, and the member's items for a new or restored member record."""

    branch = forms.ModelChoiceField(label=_("branch"), queryset=None)
    from_organisation = forms.CharField(label=_("from organisation"), max_length=200)
    letter_number = forms.CharField(label=_("letter number"), max_length=50)
    letter_date = forms.DateField(label=_("letter dated"), widget=DATE)
    received_on = forms.DateField(label=_("received on"), widget=DATE)
    dues_paid_to = forms.DateField(
        label=_("dues paid up to (month)"),
        input_formats=MONTH_FORMATS,
        widget=MONTH,
        required=False,
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        person = forms.models.fields_for_model(
            Member,
            fields=PARTICULARS,
            widgets={"birth_date": DATE, "joined_on": DATE, "full_member_on": DATE},
        )
        self.person_fields = list(person)
        self.fields.update(person)

    def person(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.person_fields}


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("certificate number"), max_length=50)
    destination = forms.CharField(label=_("working away in"), max_length=200)
    issued_on = forms.DateField(label=_("issued on"), widget=DATE)
    valid_until = forms.DateField(label=_("valid until"), widget=DATE)

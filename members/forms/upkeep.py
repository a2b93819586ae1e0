"""Forms of member upkeep in the front office (members/views/upkeep.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from township.concurrency import VersionGuardForm
from township.uploads import validate_upload

from ..models import RECORD_FIELDS, Member
from ..upkeep import LEAVING_HERE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(VersionGuardForm):
    """Add or edit a member: the model's clean() checks the ID number, birth date, gender
    and dates exactly as the roster import does; an edit carries the version it was read at."""

    class Meta:
        model = Member
        fields = RECORD_FIELDS
        widgets = {
            "birth_date": DATE,
            "joined_on": DATE,
            "full_member_on": DATE,
            "lost_contact_since": DATE,
            "mobile_since": DATE,
        }

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        if self.instance.pk:
            # Moving to another branch is its own step (members:move).
            del self.fields["branch"]


class MoveForm(forms.Form):
    to_branch = forms.ModelChoiceField(label=_("move to branch"), queryset=None)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches


def _document(upload):
    if upload:
        validate_upload(upload)


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("reason for leaving"),
        choices=[(r.value, r.label) for r in LEAVING_HERE],
    )
    on = forms.DateField(label=_("left on"), widget=DATE)
    basis = forms.CharField(
        label=_("basis for leaving"),
        max_length=200,
        required=False,
        help_text=_("The meeting or approval that decided it, with its date and number."),
    )
    document = forms.FileField(
        label=_("document on leaving"), required=False, validators=[_document]
    )
    note = forms.CharField(label=_("note on leaving"), max_length=200, required=False)


class ProbationForm(forms.Form):
    """One decision on a probationary member: 转正, 延长预备期 or 取消预备党员资格."""

    CONVERT, EXTEND, CANCEL = "convert", "extend", "cancel"
    decision = forms.ChoiceField(
        label=pgettext_lazy("probation", "decision"),
        choices=[
            ("convert", _("convert to full member")),
            ("extend", _("extend probation")),
            ("cancel", _("cancel probationary membership")),
        ],
    )
    on = forms.DateField(label=_("date of the branch meeting"), widget=DATE)
    extend_to = forms.DateField(label=_("probation extended to"), required=False, widget=DATE)
    basis = forms.CharField(
        label=_("basis for leaving"),
        max_length=200,
        required=False,
        help_text=_("The meeting or approval that decided it, with its date and number."),
    )
    document = forms.FileField(
        label=_("document on leaving"), required=False, validators=[_document]
    )

"""Forms of member upkeep in the front office (members/views/upkeep.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from township.concurrency import VersionedForm, VersionGuardForm
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


class ProbationForm(VersionedForm):
    """One decision on a probationary member: 转正, 延长预备期 or 取消预备党员资格. It carries
    the version of the member and their development record as read (members/views/upkeep.py).
    A member without a development record (a roster import) gives the 公示 before conversion
    here (`with_notice`); the rule is checked by members.upkeep.convert_member."""

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
    notice_on = forms.DateField(
        label=_("first day of the notice before conversion"), required=False, widget=DATE
    )
    notice_ends_on = forms.DateField(
        label=_("last day of the notice before conversion"),
        required=False,
        widget=DATE,
        help_text=_(
            "For a conversion: at least five working days, over by the branch meeting "
            "(《中国共产党发展党员工作细则》)."
        ),
    )

    def __init__(self, *args, with_notice: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_notice:
            # Recorded as a step of the member's development record instead.
            del self.fields["notice_on"], self.fields["notice_ends_on"]

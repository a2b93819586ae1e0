from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from township.concurrency import VersionGuardForm
from township.uploads import validate_image

from .models import Attendance, Meeting


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one upload (phones pick several at once)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class MeetingForm(VersionGuardForm):
    """The meeting itself; it carries the version it was read at (township/concurrency.py),
    so a second secretary's stale save is refused, shown the current state, input kept."""

    record = forms.BooleanField(
        label=_("The meeting has been held: record attendance now"), required=False
    )
    photos = MultipleImageField(label=_("photos"), required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "party_group", "date", "topic", "place", "host", "recorder", "minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, branch, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.branch = branch
        ids = [m.pk for m in members]
        for name in ("host", "recorder"):
            self.fields[name].queryset = self.fields[name].queryset.filter(pk__in=ids)
        if self.instance.is_recorded:
            self.fields["record"].initial = True
        # 党小组会 is counted per group: a branch with groups names the group that met; a
        # branch without groups has nothing to choose.
        groups = branch.party_groups.filter(dissolved_on__isnull=True)
        if self.instance.party_group_id:
            groups = branch.party_groups.filter(
                Q(dissolved_on__isnull=True) | Q(pk=self.instance.party_group_id)
            )
        self.branch_has_groups = groups.exists()
        if self.branch_has_groups:
            self.fields["party_group"].queryset = groups
            self.fields["party_group"].help_text = _(
                "For a Party group meeting: the group that met."
            )
        else:
            del self.fields["party_group"]

    def clean(self):
        data = super().clean()
        if self.branch_has_groups:
            if data.get("kind") == Meeting.Kind.GROUP:
                if not data.get("party_group"):
                    self.add_error(
                        "party_group",
                        _(
                            "The branch has Party groups: a Party group meeting is counted "
                            "per group, so say which group met."
                        ),
                    )
            else:
                data["party_group"] = None
                self.instance.party_group = None
        if data.get("record") and data.get("date"):
            from township.dates import today

            if data["date"] > today():
                self.add_error("date", _("A recorded meeting cannot be dated in the future."))
        return data


PRESENT, ABSENT = "1", "0"


class AttendanceRowForm(forms.Form):
    """One member's row: present or absent, and for the absent a reason of four kinds."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.ChoiceField(
        label=_("attendance"),
        choices=[(PRESENT, _("present")), (ABSENT, _("absent"))],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.ChoiceField(
        label=_("reason for absence"),
        choices=[("", "—")] + list(Attendance.Reason.choices),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("present") == PRESENT:
            data["reason"] = ""
        return data


class BaseAttendanceFormSet(forms.BaseFormSet):
    """Every member of the branch on the day, each marked present or absent (nothing is
    assumed), every absence with its reason; a row for anyone else refuses the save."""

    def __init__(self, *args, members, **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)
        by_id = {m.pk: m for m in members}
        for form in self.forms:
            value = form["member"].value()
            try:
                form.person = by_id.get(int(value))
            except (TypeError, ValueError):
                form.person = None

    def clean(self):
        if any(self.errors):
            return
        ids = [f.cleaned_data.get("member") for f in self.forms]
        if set(ids) != {m.pk for m in self.members} or len(ids) != len(set(ids)):
            raise forms.ValidationError(
                _("The branch's members changed while the form was open: reload the page.")
            )
        unmarked = [f.person.name for f in self.forms if not f.cleaned_data.get("present")]
        if unmarked:
            raise forms.ValidationError(
                _("Mark each member present or absent: %(names)s.") % {"names": "、".join(unmarked)}
            )
        no_reason = [
            f.person.name
            for f in self.forms
            if f.cleaned_data["present"] == ABSENT and not f.cleaned_data.get("reason")
        ]
        if no_reason:
            raise forms.ValidationError(
                _("Give the reason of each absence: %(names)s.") % {"names": "、".join(no_reason)}
            )

    def present_ids(self) -> set[int]:
        return {
            f.cleaned_data["member"] for f in self.forms if f.cleaned_data["present"] == PRESENT
        }

    def reasons(self) -> dict[int, str]:
        return {
            f.cleaned_data["member"]: f.cleaned_data["reason"]
            for f in self.forms
            if f.cleaned_data["present"] == ABSENT
        }


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0, max_num=1000, validate_max=True
)


def attendance_initial(members, attendances) -> list[dict]:
    """The rows as first shown: a recorded meeting's attendance as stored; otherwise empty,
    except members working away, shown absent with that reason (DOMAIN.md, issue 13)."""
    stored = {a.member_id: a for a in attendances}
    rows = []
    for m in members:
        if m.pk in stored:
            a = stored[m.pk]
            rows.append(
                {
                    "member": m.pk,
                    "present": PRESENT if a.present else ABSENT,
                    "reason": "" if a.present else a.absence_reason,
                }
            )
        elif m.is_mobile:
            rows.append(
                {"member": m.pk, "present": ABSENT, "reason": Attendance.Reason.WORKING_AWAY}
            )
        else:
            rows.append({"member": m.pk, "present": "", "reason": ""})
    return rows


class ScreeningForm(forms.Form):
    """The decision on one branch in the yearly screening (排查)."""

    decision = forms.ChoiceField(
        label=pgettext_lazy("screening", "decision"),
        choices=[("designate", _("designate as weak and lax")), ("clear", _("not designated"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))
    #: The decision's version when the page was loaded (0: none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

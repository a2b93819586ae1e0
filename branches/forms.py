from django import forms
from django.utils.translation import gettext_lazy as _

from township.uploads import validate_image

from .models import Meeting


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


class MeetingForm(forms.ModelForm):
    record = forms.BooleanField(
        label=_("The meeting has been held: record attendance now"), required=False
    )
    photos = MultipleImageField(label=_("photos"), required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "date", "topic", "host", "recorder", "minutes"]
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

    def clean(self):
        data = super().clean()
        if data.get("record") and data.get("date"):
            from township.dates import today

            if data["date"] > today():
                self.add_error("date", _("A recorded meeting cannot be dated in the future."))
        return data


class ScreeningForm(forms.Form):
    """The decision on one branch in the yearly screening (排查)."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("designate", _("designate as weak and lax")), ("clear", _("not designated"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))
    #: The decision's version when the page was loaded (0: none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

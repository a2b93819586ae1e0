import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.permissions import branches_managed_by
from members.models import Member
from township.concurrency import VersionedForm, VersionGuardForm
from township.dates import today
from township.uploads import validate_upload

from .models import Category, Nomination, Objection, Round

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(VersionGuardForm):
    class Meta:
        model = Round
        fields = [
            "year",
            "meeting_on",
            "nominations_open_on",
            "nominations_close_on",
            "assessment_on",
            "document_number",
            "notes",
        ]
        widgets = {
            "meeting_on": DATE,
            "nominations_open_on": DATE,
            "nominations_close_on": DATE,
            "assessment_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.township = township
        self.fields["meeting_on"].required = False
        self.fields["meeting_on"].help_text = _("Empty: July 1 of the year.")
        if self.instance.pk and self.instance.notice_started:
            for name in ("year", "nominations_open_on", "nominations_close_on", "assessment_on"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("year") and not data.get("meeting_on"):
            try:
                data["meeting_on"] = datetime.date(data["year"], 7, 1)
            except ValueError:
                pass
            self.instance.meeting_on = data.get("meeting_on")
        return data

    def validate_unique(self):
        # township is not a form field: check the one-round-per-year rule by hand.
        super().validate_unique()
        year = self.cleaned_data.get("year")
        others = Round.objects.filter(township=self.instance.township, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if year and others.exists():
            self.add_error("year", _("This township already has a round for that year."))


class QuotaForm(VersionedForm):
    def __init__(self, *args, categories, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for c in self.categories:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=c.name,
                min_value=0,
                max_value=999,
                required=False,
                initial=current.get(c.pk),
            )

    def quotas(self) -> dict:
        return {c: self.cleaned_data.get(f"c{c.pk}") for c in self.categories}


class NominationForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), label=pgettext_lazy("award", "category")
    )
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("member nominated"),
        help_text=_("For the categories for Party members."),
    )
    branch = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("branch nominated"),
        help_text=_("For the categories for Party branches."),
    )
    deeds = forms.CharField(
        label=_("main deeds"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )
    file = forms.FileField(
        label=_("supporting file"),
        required=False,
        validators=[validate_upload],
    )

    def __init__(self, *args, user, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Optional: PDF, an image or an Office document, at most %(mb)s MB."
        ) % {"mb": settings.UPLOAD_MAX_MB}
        # Only the user's own branches (a secretary: one) are offered, so a forged id
        # for another branch or its member is an invalid choice.
        branches = branches_managed_by(user).filter(township=round.township).active()
        self.fields["category"].queryset = Category.objects.filter(
            township=round.township, is_active=True
        )
        self.fields["member"].queryset = (
            Member.objects.current()
            .filter(branch__in=branches)
            .select_related("branch")
            .order_by("branch__position", "name")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.branch.name}）"
        self.fields["branch"].queryset = branches

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is None:
            return data
        if category.for_members:
            if not data.get("member"):
                self.add_error("member", _("Choose the member nominated."))
            data["branch"] = None
        else:
            if not data.get("branch"):
                self.add_error("branch", _("Choose the branch nominated."))
            data["member"] = None
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=_("supporting file"), validators=[validate_upload])


class AssessmentForm(VersionedForm):
    passed = forms.TypedChoiceField(
        label=pgettext_lazy("assessment", "result"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("passed")), ("no", _("not passed"))],
    )
    confirmed = forms.BooleanField(
        label=_("The nominee's occupation and deeds fit this category"), required=False
    )
    notes = forms.CharField(label=_("assessment notes"), widget=forms.Textarea(attrs={"rows": 5}))
    on = forms.DateField(label=_("assessed on"), widget=DATE, initial=today)


class NoticeForm(VersionedForm):
    starts_on = forms.DateField(label=_("public notice starts on"), widget=DATE, initial=today)


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DATE, initial=today)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Objection.Outcome.choices, widget=forms.RadioSelect
    )
    resolution = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 4}))
    resolved_on = forms.DateField(label=_("resolved on"), widget=DATE, initial=today)


class DecisionForm(VersionedForm):
    chosen = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("commended"),
    )
    decided_on = forms.DateField(label=_("decision date"), widget=DATE, initial=today)
    document_number = forms.CharField(
        label=_("document number"), max_length=50, help_text=_("e.g. 青委发〔2016〕15号")
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        qs = round.nominations.filter(stage=Nomination.Stage.NOTICE).select_related(
            "category", "member", "branch"
        )
        self.fields["chosen"].queryset = qs
        self.fields["chosen"].label_from_instance = lambda n: f"{n.category.name}：{n.nominee_name}"
        self.fields["chosen"].initial = list(qs)
        if round.document_number:
            self.fields["document_number"].initial = round.document_number

"""The back office's import and export of branches and grades (django-import-export),
with the same columns and parsers as the import pages (branches/sheets.py), scoped to the
staff user's own townships."""

from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import Widget

from township.excel import ParsedWidget, parse_bool, parse_choice, parse_date, parse_text
from township.permissions import townships_managed_by

from .lookup import BranchNames
from .models import Branch, BranchGrade
from .sheets import (
    BRANCH_SPEC,
    GRADE_LABELS,
    GRADE_SPEC,
    KIND_LABELS,
    _label_of,
    _parse_int,
    _units,
)


def _day(value):
    found = parse_date(value)
    return found.value if found else None


class ScopedResourceMixin:
    """Resources built with the acting user (admin get_resource_kwargs) see only the
    branches of that user's townships."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._branches = None
        if "branch" in self.fields:
            self.fields["branch"].widget = BranchNameWidget(self)

    def townships(self):
        return townships_managed_by(self.user) if self.user is not None else None

    def branch_named(self, name: str):
        """The branch by the name typed (branches/lookup.py), None when there is none;
        BranchNameError (a ValueError) when several go by it."""
        if self._branches is None:
            qs = Branch.objects.all()
            if self.townships() is not None:
                qs = qs.filter(township__in=self.townships())
            self._branches = BranchNames((b, b.name, b.short_name) for b in qs)
        return self._branches.find(name)


class BranchNameWidget(Widget):
    """A branch by its full or short name, among the resource's townships only: a row
    naming another township's branch is an error."""

    def __init__(self, resource, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        branch = self.resource.branch_named(parse_text(value).replace(" ", ""))
        if branch is None:
            raise ValueError(_("Your township has no branch called “%(name)s”.") % {"name": value})
        return branch

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


B = {c.key: c.header for c in BRANCH_SPEC}
G = {c.key: c.header for c in GRADE_SPEC}


class BranchResource(ScopedResourceMixin, resources.ModelResource):
    name = fields.Field("name", B["name"], ParsedWidget(parse_text))
    short_name = fields.Field("short_name", B["short_name"], ParsedWidget(parse_text))
    kind = fields.Field(
        "kind",
        B["kind"],
        ParsedWidget(lambda v: parse_choice(v, KIND_LABELS), lambda v: _label_of(KIND_LABELS, v)),
    )
    is_joint = fields.Field(
        "is_joint", B["is_joint"], ParsedWidget(parse_bool, lambda v: "是" if v else "否")
    )
    joint_units = fields.Field(
        "joint_units", B["joint_units"], ParsedWidget(_units, lambda v: "、".join(v.split()))
    )
    founded_on = fields.Field("founded_on", B["founded_on"], ParsedWidget(_day))
    dissolved_on = fields.Field("dissolved_on", B["dissolved_on"], ParsedWidget(_day))
    position = fields.Field("position", B["position"], ParsedWidget(lambda v: _parse_int(v) or 0))

    class Meta:
        model = Branch
        import_id_fields = ["name"]
        fields = [c.key for c in BRANCH_SPEC]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        qs = Branch.objects.all()
        if self.townships() is not None:
            qs = qs.filter(township__in=self.townships())
        return qs

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.township_id is None:
            townships = list(self.townships() or [])
            if len(townships) == 1:
                instance.township = townships[0]


class BranchGradeResource(ScopedResourceMixin, resources.ModelResource):
    branch = fields.Field("branch", G["branch"])
    year = fields.Field("year", G["year"], ParsedWidget(_parse_int))
    grade = fields.Field(
        "grade",
        G["grade"],
        ParsedWidget(lambda v: parse_choice(v, GRADE_LABELS), lambda v: _label_of(GRADE_LABELS, v)),
    )
    weak_and_lax = fields.Field(
        "weak_and_lax", G["weak_and_lax"], ParsedWidget(parse_bool, lambda v: "是" if v else "否")
    )
    basis = fields.Field("basis", G["basis"], ParsedWidget(parse_text))
    assessed_on = fields.Field("assessed_on", G["assessed_on"], ParsedWidget(_day))

    class Meta:
        model = BranchGrade
        import_id_fields = ["branch", "year"]
        fields = [c.key for c in GRADE_SPEC]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        qs = BranchGrade.objects.select_related("branch")
        if self.townships() is not None:
            qs = qs.filter(branch__township__in=self.townships())
        return qs

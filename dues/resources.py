"""Import and export of the yearly dues assessment (党费核定) in the back office: one row a
member and year, read with the same safe sheet reader as every registry, scoped to the
staff user's townships. The dues a month come from the rate table (services.dues_for), as
on the assessment page: a row that breaks a rule is an error, nothing of the file saved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import Widget

from members.models import Member
from members.validators import mask_id_number
from township.excel import ParsedWidget, SheetColumn, parse_choice, parse_text
from township.excel_admin import ScopedResourceMixin

from .models import Assessment, Category
from .services import DuesError, dues_for, first_owed_month, table_in_force

ASSESSMENT_SPEC = [
    SheetColumn("name", "姓名", required=True, example="张三", width=10),
    SheetColumn(
        "member",
        "公民身份号码",
        ("身份证号", "身份证号码"),
        required=True,
        note="在册党员的身份证号码",
        width=22,
    ),
    SheetColumn("year", "年度", ("年份",), required=True, example=2016, width=8),
    SheetColumn(
        "category",
        "党费类别",
        ("交纳类别",),
        required=True,
        note="在职 / 离退休 / 农民 / 学生、下岗失业或低保",
        example="在职",
        width=16,
    ),
    SheetColumn("base", "月缴纳基数（元）", ("缴纳基数", "月收入"), example=4200, width=14),
    SheetColumn("monthly", "月交党费（元）", ("月交党费", "每月党费"), example="42.00", width=14),
]

CATEGORY_LABELS = {
    "在职": Category.EMPLOYED,
    "离退休": Category.RETIRED,
    "退休": Category.RETIRED,
    "农民": Category.FARMER,
    "学生、下岗失业或低保": Category.LOW_INCOME,
    "学生": Category.LOW_INCOME,
    "下岗失业": Category.LOW_INCOME,
    "低保": Category.LOW_INCOME,
    **{str(c.label): c.value for c in Category},
}
SHORT_LABEL = {
    Category.EMPLOYED: "在职",
    Category.RETIRED: "离退休",
    Category.FARMER: "农民",
    Category.LOW_INCOME: "学生、下岗失业或低保",
}
H = {c.key: c.header for c in ASSESSMENT_SPEC}


def _decimal(value):
    text = parse_text(value)
    if text in ("", None):
        return None
    try:
        return Decimal(str(text)).quantize(Decimal("0.01"))
    except InvalidOperation as e:
        raise ValueError(_("Enter a number.")) from e


def _year(value):
    try:
        return int(str(parse_text(value)))
    except ValueError as e:
        raise ValueError(_("Enter a number.")) from e


class MemberIdWidget(Widget):
    """A current member of the user's townships by ID number; exported masked only to
    nobody: the back office is staff's, who manage every member of their township."""

    def __init__(self, resource, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        id_number = str(parse_text(value) or "").upper()
        member = (
            Member.objects.current()
            .filter(id_number=id_number, branch__township__in=self.resource.townships())
            .select_related("branch")
            .first()
        )
        if member is None:
            # The number is personal data: the message shows it masked.
            raise ValueError(
                _("No current member of your township has the ID number %(id)s.")
                % {"id": mask_id_number(id_number)}
            )
        return member

    def render(self, value, obj=None, **kwargs):
        return value.id_number if value else ""


class AssessmentResource(ScopedResourceMixin, resources.ModelResource):
    name = fields.Field(attribute="member__name", column_name=H["name"], readonly=True)
    member = fields.Field("member", H["member"])
    year = fields.Field("year", H["year"], ParsedWidget(_year))
    category = fields.Field(
        "category",
        H["category"],
        ParsedWidget(lambda v: parse_choice(v, CATEGORY_LABELS), lambda v: SHORT_LABEL.get(v, v)),
    )
    base = fields.Field("base", H["base"], ParsedWidget(_decimal))
    monthly = fields.Field("monthly", H["monthly"], ParsedWidget(_decimal))

    class Meta:
        model = Assessment
        import_id_fields = ["member", "year"]
        fields = [c.key for c in ASSESSMENT_SPEC]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, user=None, **kwargs):
        super().__init__(user, **kwargs)
        self.fields["member"].widget = MemberIdWidget(self)

    def get_queryset(self):
        return Assessment.objects.select_related("member").filter(
            member__branch__township__in=self.townships()
        )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        self.assess(instance)

    @staticmethod
    def assess(instance: Assessment) -> None:
        """The table's dues for the row, as assess_member() sets them."""
        import datetime

        from township.dates import today

        member = instance.member
        table = table_in_force(member.branch.township_id, datetime.date(instance.year, 12, 31))
        if table is None:
            raise ValidationError(
                _("The township has no dues rate table in force for %(year)s.")
                % {"year": instance.year}
            )
        first = first_owed_month(member, instance.year)
        if first is None:
            raise ValidationError(
                _("The member was not yet admitted in %(year)s.") % {"year": instance.year}
            )
        try:
            low, high = dues_for(table, category=instance.category, base=instance.base)
        except DuesError as e:
            raise ValidationError(str(e)) from e
        if low == high:
            instance.monthly = low
        else:
            instance.base = None
            instance.monthly = instance.monthly if instance.monthly is not None else low
            if not low <= instance.monthly <= high:
                raise ValidationError(
                    _("Dues for this category are %(low)s to %(high)s yuan a month.")
                    % {"low": low, "high": high}
                )
        instance.first_month = first
        instance.table = table
        instance.assessed_on = instance.assessed_on or today()

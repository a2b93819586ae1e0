"""The back office's import and export of members (django-import-export).

Columns, parsers and labels are the roster's (members/roster.py), so a file that the import
page accepts is accepted here too. A staff user reaches only their own townships: a row
naming another township's branch is an error, and rows are matched among their own current
members."""

from import_export import fields, resources

from branches.resources import ScopedResourceMixin
from township.excel import ParsedWidget, parse_bool, parse_choice, parse_date, parse_text

from .models import Member
from .roster import (
    CATEGORY_LABELS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    ROSTER_SPEC,
    STANDING_LABELS,
    _label_of,
    parse_ethnicity,
    parse_id_number,
    parse_name,
    parse_phone,
)
from .validators import birth_date_of, gender_of

HEADERS = {c.key: c.header for c in ROSTER_SPEC}


def _day(value):
    found = parse_date(value)
    return found.value if found else None


def _choice(labels, default=""):
    return ParsedWidget(
        lambda v: parse_choice(v, labels, default=default), lambda v: _label_of(labels, v)
    )


def _yes_no():
    return ParsedWidget(parse_bool, lambda v: "是" if v else "否")


class MemberResource(ScopedResourceMixin, resources.ModelResource):
    name = fields.Field("name", HEADERS["name"], ParsedWidget(parse_name))
    gender = fields.Field("gender", HEADERS["gender"], _choice(GENDER_LABELS))
    ethnicity = fields.Field(
        "ethnicity", HEADERS["ethnicity"], ParsedWidget(lambda v: parse_ethnicity(v) or "汉族")
    )
    id_number = fields.Field("id_number", HEADERS["id_number"], ParsedWidget(parse_id_number))
    birth_date = fields.Field("birth_date", HEADERS["birth_date"], ParsedWidget(_day))
    education = fields.Field("education", HEADERS["education"], _choice(EDUCATION_LABELS))
    category = fields.Field("category", HEADERS["category"], _choice(CATEGORY_LABELS))
    branch = fields.Field("branch", HEADERS["branch"])
    joined_on = fields.Field("joined_on", HEADERS["joined_on"], ParsedWidget(_day))
    full_member_on = fields.Field("full_member_on", HEADERS["full_member_on"], ParsedWidget(_day))
    job = fields.Field("job", HEADERS["job"], ParsedWidget(parse_text))
    phone = fields.Field("phone", HEADERS["phone"], ParsedWidget(parse_phone))
    address = fields.Field("address", HEADERS["address"], ParsedWidget(parse_text))
    standing = fields.Field(
        "standing", HEADERS["standing"], _choice(STANDING_LABELS, Member.Standing.NORMAL)
    )
    is_lost_contact = fields.Field("is_lost_contact", HEADERS["is_lost_contact"], _yes_no())
    lost_contact_since = fields.Field(
        "lost_contact_since", HEADERS["lost_contact_since"], ParsedWidget(_day)
    )
    is_mobile = fields.Field("is_mobile", HEADERS["is_mobile"], _yes_no())
    mobile_destination = fields.Field(
        "mobile_destination", HEADERS["mobile_destination"], ParsedWidget(parse_text)
    )
    mobile_since = fields.Field("mobile_since", HEADERS["mobile_since"], ParsedWidget(_day))
    last_contact_on = fields.Field(
        "last_contact_on", HEADERS["last_contact_on"], ParsedWidget(_day)
    )

    # Exported for the record; members leave through their page (date and reason), so an
    # import never sets it.
    left_on = fields.Field("left_on", HEADERS["left_on"], ParsedWidget(_day), readonly=True)

    class Meta:
        model = Member
        import_id_fields = ["id_number"]
        fields = [c.key for c in ROSTER_SPEC]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = False

    def get_queryset(self):
        qs = Member.objects.current().select_related("branch")
        if self.townships() is not None:
            qs = qs.filter(branch__township__in=self.townships())
        return qs

    def before_import_row(self, row, **kwargs):
        """Gender and the day of birth come from the ID number when the sheet leaves them
        out or gives only the month (出生年月)."""
        try:
            number = parse_id_number(row.get(HEADERS["id_number"]))
            born = birth_date_of(number)
        except Exception:
            return
        if not row.get(HEADERS["gender"]):
            row[HEADERS["gender"]] = "男" if gender_of(number) == "M" else "女"
        try:
            given = parse_date(row.get(HEADERS["birth_date"]))
        except ValueError:
            return
        if given is None or (
            given.month_only and (given.value.year, given.value.month) == (born.year, born.month)
        ):
            row[HEADERS["birth_date"]] = born

"""The roster (党员花名册) townships already keep: reading it in and writing it out.

The column set is the national member-information form's 16 items (DOMAIN.md, "The roster
people already have"), with the other names real sheets use. `read_roster()` and
`parse_member_row()` are pure; `import_roster()` is the service: it validates every row with
Member.full_clean(), and writes all rows or none in one transaction.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from branches.lookup import BranchNameError, BranchNames
from branches.models import Branch
from township.db import LARGE_IMPORT_ROWS, analyze_if_postgres, bulk_create_with_history_rows
from township.excel import (
    CellError,
    Column,
    ImportReport,
    RowProblem,
    SheetColumn,
    SheetDate,
    SheetError,
    formula_message,
    is_blank,
    parse_bool,
    parse_choice,
    parse_date,
    parse_text,
    read_sheet,
)
from township.models import Township

from .models import ID_NUMBER_TAKEN, RECORD_FIELDS, Member
from .validators import (
    birth_date_of,
    gender_of,
    id_number_warning,
    mask_address,
    mask_birth_date,
    mask_id_number,
    mask_phone,
)

M = Member

GENDER_LABELS = {
    "男": M.Gender.MALE,
    "男性": M.Gender.MALE,
    "女": M.Gender.FEMALE,
    "女性": M.Gender.FEMALE,
}
EDUCATION_LABELS = {
    "研究生": M.Education.POSTGRADUATE,
    "硕士研究生": M.Education.POSTGRADUATE,
    "博士研究生": M.Education.POSTGRADUATE,
    "大学本科": M.Education.BACHELOR,
    "本科": M.Education.BACHELOR,
    "大学专科": M.Education.COLLEGE,
    "大专": M.Education.COLLEGE,
    "专科": M.Education.COLLEGE,
    "中专": M.Education.SECONDARY_VOCATIONAL,
    "中等专科": M.Education.SECONDARY_VOCATIONAL,
    "中技": M.Education.SECONDARY_VOCATIONAL,
    "高中": M.Education.HIGH_SCHOOL,
    "初中": M.Education.JUNIOR_HIGH,
    "小学及以下": M.Education.PRIMARY,
    "小学": M.Education.PRIMARY,
}
CATEGORY_LABELS = {
    "农牧渔民": M.Category.FARMER,
    "农民": M.Category.FARMER,
    "工人": M.Category.WORKER,
    "专业技术人员": M.Category.PROFESSIONAL,
    "企业管理人员": M.Category.MANAGER,
    "党政机关工作人员": M.Category.OFFICIAL,
    "学生": M.Category.STUDENT,
    "离退休人员": M.Category.RETIRED,
    "其他职业人员": M.Category.OTHER,
    "无职业": M.Category.NONE,
}
STANDING_LABELS = {
    "正常": M.Standing.NORMAL,
    "停止党籍": M.Standing.SUSPENDED,
    "保留党籍": M.Standing.RESERVED,
}


#: The 56 ethnic groups (GB 3304), full names; the short form drops the final 族.
ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
ETHNICITY_OF = {
    **{group: group for group in ETHNIC_GROUPS},
    **{group[:-1]: group for group in ETHNIC_GROUPS},
    # Common names on sheets that are not the standard's.
    "维族": "维吾尔族",
    "蒙族": "蒙古族",
    "哈族": "哈萨克族",
    "柯族": "柯尔克孜族",
}


ROSTER_SPEC = [
    SheetColumn("name", "姓名", ("党员姓名",), required=True, example="张三", width=10),
    SheetColumn("gender", "性别", (), note="男 或 女；空着则按身份证号", example="男", width=6),
    SheetColumn("ethnicity", "民族", (), note="空着为汉族", example="汉族", width=8),
    SheetColumn(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码", "身份证", "公民身份证号码", "身份证件号码"),
        required=True,
        note="18位；该列请设为“文本”格式，否则Excel会把后几位变成0",
        example="110101197503081238",
        width=22,
    ),
    SheetColumn(
        "birth_date",
        "出生日期",
        ("出生年月", "出生时间", "出生年月日"),
        note="可写 1975-03-08、1975.03、1975年3月；空着则按身份证号",
        example=datetime.date(1975, 3, 8),
        width=12,
    ),
    SheetColumn(
        "education",
        "学历",
        ("文化程度", "最高学历"),
        required=True,
        note="研究生、大学本科、大学专科（大专）、中专、高中、初中、小学及以下",
        example="高中",
        width=10,
    ),
    SheetColumn(
        "category",
        "人员类别",
        ("职业", "人员身份"),
        required=True,
        note="农牧渔民、工人、专业技术人员、企业管理人员、党政机关工作人员、学生、离退休人员、其他职业人员、无职业",
        example="农牧渔民",
        width=12,
    ),
    SheetColumn(
        "branch",
        "所在党支部",
        ("所在支部", "党支部", "支部", "所在党组织", "支部名称"),
        required=True,
        note="支部全称或简称",
        example="青龙村党支部",
        width=18,
    ),
    SheetColumn(
        "joined_on",
        "加入党组织日期",
        ("入党时间", "入党日期", "入党年月", "加入党组织时间"),
        required=True,
        example=datetime.date(1998, 7, 1),
        width=14,
    ),
    SheetColumn(
        "full_member_on",
        "转为正式党员日期",
        ("转正日期", "转正时间", "转为正式党员时间", "转正年月"),
        note="预备党员空着",
        example=datetime.date(1999, 7, 1),
        width=14,
    ),
    SheetColumn(
        "job",
        "工作岗位",
        ("工作单位及职务", "职务", "工作单位", "现工作岗位"),
        example="村民",
        width=14,
    ),
    SheetColumn(
        "phone",
        "联系电话",
        ("电话", "手机号码", "手机", "联系方式", "手机号"),
        note="11位手机号或 0831-1234567",
        example="13800001234",
        width=14,
    ),
    SheetColumn(
        "address",
        "家庭住址",
        ("住址", "家庭地址", "现居住地", "居住地址"),
        example="青山乡青龙村3组",
        width=24,
    ),
    SheetColumn(
        "standing",
        "党籍状态",
        ("党籍",),
        note="正常、停止党籍、保留党籍；空着为正常",
        example="正常",
        width=10,
    ),
    SheetColumn(
        "is_lost_contact",
        "是否失联",
        ("失联", "失联党员", "失去联系", "是否失联党员"),
        note="是 或 否",
        example="否",
        width=8,
    ),
    SheetColumn(
        "lost_contact_since", "失联日期", ("失去联系日期", "失联时间"), example="", width=12
    ),
    SheetColumn(
        "is_mobile",
        "是否流动",
        ("流动", "流动党员", "是否流动党员", "是否为流动党员"),
        note="是 或 否",
        example="否",
        width=8,
    ),
    SheetColumn(
        "mobile_destination",
        "外出流向",
        ("流向", "外出地点", "流出地"),
        note="省、市、县",
        example="",
        width=16,
    ),
    SheetColumn(
        "mobile_since", "外出日期", ("外出时间", "流出日期", "流出时间"), example="", width=12
    ),
    SheetColumn(
        "last_contact_on", "最后联系日期", ("最近联系日期", "最后联系时间"), example="", width=12
    ),
    SheetColumn(
        "left_on",
        "离开日期",
        ("转出日期", "离开党组织日期"),
        note="只在导出已离开（转出、去世等）的党员时填写；导入时这些行不会改动，离开请在系统中办理",
        example="",
        width=12,
    ),
]

#: The model fields an import may set (the "branch" key sets branch_id).
IMPORTED_FIELDS = (
    "branch_id",
    *(f for f in RECORD_FIELDS if f != "branch"),
    "last_contact_on",
)
_HEADER_OF = {c.key: c.header for c in ROSTER_SPEC}
_KEY_OF_FIELD = {"branch_id": "branch"}
DATE_FIELDS = {
    "birth_date",
    "joined_on",
    "full_member_on",
    "lost_contact_since",
    "mobile_since",
    "last_contact_on",
}

TEMPLATE_NOTES = [
    "党员花名册导入模板：第一张表第一行是表头，从第二行起每行一名党员；示例行请删除或改成真实数据。",
    "按公民身份号码匹配在册党员：已有的更新有变化的项目，没有的新增；同一张表重复导入不会改变任何数据。",
    "导入先预览：新增、更新、未变各多少行，以及每个错误所在的行、列和原因；确认后才写入。只要有一个错误，什么都不写入。",
    "日期可以是Excel日期，也可以写成 1975-03-08、1975/3/8、1975.03、1975年3月、19750308。",
]


# ---------------------------------------------------------------------------------------
# Parsing one row
# ---------------------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+?\d+$", re.IGNORECASE)


def _number_lost() -> CellError:
    return CellError(
        _(
            "Excel turned the ID number into a number and its last digits are lost: format "
            "the column as text and export the sheet again."
        )
    )


def parse_id_number(value: Any) -> str:
    """The ID number as text. A number cell, 4.10102E+17, or 18 digits whose tail Excel
    rounded to zeros have lost digits: reported, never guessed."""
    if is_blank(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _number_lost()
    text = str(value).replace(" ", "").upper()
    if "*" in text:
        raise CellError(_("The ID number is masked (a masked export cannot be imported)."))
    if _SCIENTIFIC.match(text):
        raise _number_lost()
    if text.endswith(".0") and text[:-2].isdigit():
        raise _number_lost()
    if len(text) == 18 and text.isdigit() and text.endswith("000"):
        from stdnum.cn import ric

        # Only the check digit: a valid number with an old area code has lost nothing.
        if ric.calc_check_digit(text) != text[-1]:
            raise _number_lost()
    return text


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def parse_name(value: Any) -> str:
    """张 三 -> 张三: clerks pad two-character names to line them up with three-character
    ones. Spaces between Chinese characters go; a Latin name keeps its spaces."""
    return _CJK_SPACE.sub("", parse_text(value))


def parse_ethnicity(value: Any) -> str:
    """汉 -> 汉族, 维吾尔 -> 维吾尔族: the 56 groups by their short or full names. Other text
    (穿青人, 未识别民族) is kept as written."""
    text = parse_text(value).replace(" ", "")
    return ETHNICITY_OF.get(text, text)


def parse_phone(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = parse_text(value).replace(" ", "")
    if "*" in text:
        raise CellError(_("The phone number is masked (a masked export cannot be imported)."))
    return text


def _branch_lookup(township: Township) -> BranchNames[int]:
    return BranchNames(
        Branch.objects.filter(township=township).values_list("pk", "name", "short_name")
    )


class _RowCells:
    """One sheet row's cells read with their parsers, and the problems found (column
    header, message): what every rule of parse_member_row() shares."""

    def __init__(self, values: dict[str, Any]):
        self.values = values
        self.problems: list[tuple[str, str]] = []

    def read(self, key: str, parse) -> Any:
        if key not in self.values:
            return None
        try:
            return parse(self.values[key])
        except CellError as e:
            self.problem(key, str(e))
            return None

    def problem(self, key: str, message: str) -> None:
        self.problems.append((_HEADER_OF[key], message))

    def has_problem(self, key: str) -> bool:
        return _HEADER_OF[key] in {header for header, _message in self.problems}


def parse_member_row(
    values: dict[str, Any], *, branches: BranchNames[int], township_name: str
) -> tuple[dict[str, Any], dict[str, SheetDate], list[tuple[str, str]]]:
    """A sheet row as model field values, the dates given to the month only, and the
    problems found (column header, message). Each rule is one function below."""
    cells = _RowCells(values)
    data = _text_and_choices(cells)
    data.update(_flags(cells))
    dates, months = _dates(cells)
    data.update(dates)
    data["gender"] = _gender(cells, data["id_number"])
    _birth_date_from_id_number(cells, data, months)
    data["branch_id"] = _branch_id(cells, branches, township_name)
    return data, months, cells.problems


def _text_and_choices(cells: _RowCells) -> dict[str, Any]:
    """The text cells, and the choices by their Chinese labels (blank: the default)."""
    data = {
        "name": cells.read("name", parse_name) or "",
        "id_number": cells.read("id_number", parse_id_number) or "",
        "ethnicity": cells.read("ethnicity", parse_ethnicity) or "汉族",
        "education": cells.read("education", lambda v: parse_choice(v, EDUCATION_LABELS)) or "",
        "category": cells.read("category", lambda v: parse_choice(v, CATEGORY_LABELS)) or "",
        "job": cells.read("job", parse_text) or "",
        "phone": cells.read("phone", parse_phone) or "",
        "address": cells.read("address", parse_text) or "",
    }
    _address_not_masked(cells)
    data["standing"] = (
        cells.read(
            "standing", lambda v: parse_choice(v, STANDING_LABELS, default=M.Standing.NORMAL)
        )
        or M.Standing.NORMAL
    )
    data["mobile_destination"] = cells.read("mobile_destination", parse_text) or ""
    return data


def _address_not_masked(cells: _RowCells) -> None:
    address = cells.values.get("address")
    if isinstance(address, str) and address.endswith("****"):
        cells.problem("address", _("The address is masked (a masked export cannot be imported)."))


def _flags(cells: _RowCells) -> dict[str, bool]:
    return {key: bool(cells.read(key, parse_bool)) for key in ("is_lost_contact", "is_mobile")}


def _dates(cells: _RowCells) -> tuple[dict[str, Any], dict[str, SheetDate]]:
    """Every date cell, and apart those given to the month only (1998.07)."""
    dates: dict[str, Any] = {}
    months: dict[str, SheetDate] = {}
    for key in (*DATE_FIELDS, "left_on"):
        found = cells.read(key, parse_date)
        dates[key] = found.value if found else None
        if found and found.month_only:
            months[key] = found
    return dates, months


def _id_number_readable(id_number: str) -> bool:
    """Long enough and digits where the birth date and gender are (the check is the model's)."""
    return len(id_number) == 18 and id_number[:17].isdigit()


def _gender(cells: _RowCells, id_number: str) -> str:
    """The column when given; the column is optional: else the ID number says it."""
    gender = cells.read("gender", lambda v: parse_choice(v, GENDER_LABELS))
    if not gender and _id_number_readable(id_number):
        gender = gender_of(id_number)
    return gender or ""


def _birth_date_from_id_number(
    cells: _RowCells, data: dict[str, Any], months: dict[str, SheetDate]
) -> None:
    """A blank date of birth is the ID number's; 出生年月 1975.03 takes the day from the ID
    number if the month agrees, and is a problem if it does not."""
    if not _id_number_readable(data["id_number"]):
        return
    try:
        from_id = birth_date_of(data["id_number"])
    except ValueError:  # an impossible date: the model's ID check says so
        from_id = None
    birth = months.pop("birth_date", None)
    if from_id and data["birth_date"] is None and not cells.has_problem("birth_date"):
        data["birth_date"] = from_id
    elif from_id and birth is not None:
        if (birth.value.year, birth.value.month) == (from_id.year, from_id.month):
            data["birth_date"] = from_id
        else:
            cells.problem(
                "birth_date", _("The date of birth differs from the one in the ID number.")
            )


def _branch_id(cells: _RowCells, branches: BranchNames[int], township_name: str) -> int | None:
    """The branch by its full or short name among the township's branches."""
    name = cells.read("branch", parse_text) or ""
    if not name:
        return None
    try:
        branch_id = branches.find(name)
    except BranchNameError as e:
        cells.problem("branch", str(e))
        return None
    if branch_id is None:
        cells.problem(
            "branch",
            _("%(township)s has no branch called “%(name)s”.")
            % {"township": township_name, "name": name},
        )
    return branch_id


# ---------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------


FIELD_HEADERS = {
    **{f: _HEADER_OF[_KEY_OF_FIELD.get(f, f)] for f in IMPORTED_FIELDS},
    "__all__": "",
    "left_on": "",
    "leave_reason": "",
    "branch": _HEADER_OF["branch"],
}


def _validation_problems(row: int, error: ValidationError) -> list[RowProblem]:
    problems = []
    for name, messages in error.message_dict.items():
        for message in messages:
            problems.append(RowProblem(row, FIELD_HEADERS.get(name, name), message))
    return problems


def _validate(member: Member) -> None:
    """Member.full_clean() without its unique checks, written out so that clean() is told
    the ID numbers are checked. Left out because made once per sheet instead of once per
    row: the branch exists (it was looked up among the township's branches) and the
    unique-current-ID rule (import_roster() checks the sheet's numbers against the database
    in one query, and the sheet's own duplicates above)."""
    errors: dict = {}
    try:
        member.clean_fields(exclude=["branch"])
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    try:
        member.clean(id_number_checked=True)  # import_roster() checks the sheet in one query
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _same(field_name: str, old: Any, new: Any, months: dict[str, SheetDate]) -> bool:
    if old == new:
        return True
    # A date given to the month (入党时间 1998.07) keeps the exact day already on file.
    month = months.get(field_name)
    return bool(month and old and (old.year, old.month) == (new.year, new.month))


def import_roster(*, data: bytes, township: Township, dry_run: bool, user=None) -> ImportReport:
    """Read a roster sheet and create or update the township's current members.

    Members are matched by ID number. With any problem nothing is written; a sheet already
    imported changes nothing and writes no history."""
    report = ImportReport()
    try:
        sheet = read_sheet(data, ROSTER_SPEC)
    except SheetError as e:
        report.file_error = str(e)
        return report
    report.ignored_headers = sheet.ignored_headers
    if sheet.masked:
        report.file_error = _(
            "This is an export with personal data masked; it cannot be imported. "
            "Ask the organisation office for a full export."
        )
        return report
    report.total = len(sheet.rows)
    if not sheet.rows:
        report.file_error = _("The sheet has a header but no rows.")
        return report
    for number, key in sheet.uncomputed:
        report.problems.append(RowProblem(number, _HEADER_OF[key], formula_message()))
    branches = _branch_lookup(township)
    existing = {m.id_number: m for m in Member.objects.current().filter(branch__township=township)}
    left = set(
        Member.objects.filter(branch__township=township, left_on__isnull=False).values_list(
            "id_number", "left_on"
        )
    )
    seen: dict[tuple, int] = {}
    to_create: list[Member] = []
    to_update: list[Member] = []
    changed_fields: set[str] = set()
    for number, values in sheet.rows:
        data_row, months, problems = parse_member_row(
            values, branches=branches, township_name=township.name
        )
        report.problems.extend(RowProblem(number, col, msg) for col, msg in problems)
        id_number = data_row["id_number"]
        # Someone who left and joined again appears twice in an export of all members.
        key = (id_number, data_row["left_on"])
        if key in seen:
            report.problems.append(
                RowProblem(
                    number,
                    _HEADER_OF["id_number"],
                    _("The same ID number is already on row %(row)s.") % {"row": seen[key]},
                )
            )
            continue
        if id_number:
            seen[key] = number
        if problems:
            continue
        warning = id_number_warning(id_number)
        if warning:
            report.warnings.append(RowProblem(number, _HEADER_OF["id_number"], warning))
        if data_row["left_on"] is not None:
            # Members leave through the system (date and reason), never through a sheet: a
            # row of someone who left is only checked against the record.
            if (id_number, data_row["left_on"]) in left:
                report.unchanged += 1
            else:
                report.problems.append(
                    RowProblem(
                        number,
                        _HEADER_OF["left_on"],
                        _(
                            "A member leaves through the member's page (date and reason), "
                            "not through an import: clear this cell or remove the row."
                        ),
                    )
                )
            continue
        member = existing.get(id_number)
        if member is None:
            member = Member(**data_row)
            try:
                _validate(member)
            except ValidationError as e:
                report.problems.extend(_validation_problems(number, e))
                continue
            to_create.append(member)
            report.new += 1
            continue
        differs = [
            f for f in IMPORTED_FIELDS if not _same(f, getattr(member, f), data_row[f], months)
        ]
        if not differs:
            report.unchanged += 1
            continue
        for f in differs:
            setattr(member, f, data_row[f])
        try:
            _validate(member)
        except ValidationError as e:
            report.problems.extend(_validation_problems(number, e))
            continue
        to_update.append(member)
        changed_fields.update(differs)
        report.changed += 1
    # The unique-current-ID rule for the whole sheet in one query: members of this township
    # were matched above, so a clash can only be with a current member elsewhere.
    rows_of = {id_number: row for (id_number, left_on), row in seen.items() if left_on is None}
    for id_number in (
        Member.objects.current()
        .exclude(branch__township=township)
        .filter(id_number__in=[m.id_number for m in to_create])
        .values_list("id_number", flat=True)
    ):
        report.problems.append(
            RowProblem(rows_of[id_number], _HEADER_OF["id_number"], str(ID_NUMBER_TAKEN))
        )
    if report.problems or dry_run:
        return report
    with transaction.atomic():
        if to_create:
            bulk_create_with_history_rows(to_create, Member, batch_size=500, user=user)
        if to_update:
            bulk_update_with_history(
                to_update, Member, sorted(changed_fields), batch_size=500, default_user=user
            )
    if len(to_create) + len(to_update) >= LARGE_IMPORT_ROWS:
        analyze_if_postgres(Member, Member.history.model)
    report.written = True
    return report


# ---------------------------------------------------------------------------------------
# Export: the same columns as the template, so export -> edit -> import round-trips
# ---------------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


#: The member fields the export reads: plain values, no model instances (issue 20).
ROSTER_FIELDS = (
    "branch_id",
    "branch__name",
    *(c.key for c in ROSTER_SPEC if c.key != "branch"),
)


def _canonical_labels(labels: dict[str, str]) -> dict[str, str]:
    """stored value -> its first (canonical) label, as label_of() finds it, built once."""
    found: dict[str, str] = {}
    for label, stored in labels.items():
        found.setdefault(stored, label)
    return found


def roster_columns() -> list[Column]:
    """Columns over the rows of roster_rows(): dicts of ROSTER_FIELDS and `show_personal`
    (True: whole, False: masked). Labels are looked up in maps built once per export."""

    def personal(key, mask):
        return lambda m: m[key] if m["show_personal"] else mask(m[key])

    def label(labels, key):
        found = _canonical_labels(labels)
        return lambda m: found.get(m[key], "")

    def yes_no(key):
        return lambda m: _yes_no(m[key])

    def plain(key):
        return lambda m: m[key]

    values = {
        "gender": label(GENDER_LABELS, "gender"),
        "id_number": personal("id_number", mask_id_number),
        "birth_date": personal("birth_date", mask_birth_date),
        "education": label(EDUCATION_LABELS, "education"),
        "category": label(CATEGORY_LABELS, "category"),
        "branch": plain("branch__name"),
        "phone": personal("phone", mask_phone),
        "address": personal("address", mask_address),
        "standing": label(STANDING_LABELS, "standing"),
        "is_lost_contact": yes_no("is_lost_contact"),
        "is_mobile": yes_no("is_mobile"),
    }
    return [Column(c.header, values.get(c.key) or plain(c.key), c.width) for c in ROSTER_SPEC]


def roster_rows(members, managed: set[int]) -> tuple[list[dict], bool]:
    """The members (a queryset) as roster_columns() rows, read as values in one query, and
    whether any row is masked (a member of a branch not in `managed`)."""
    rows = []
    masked = False
    for row in members.values(*ROSTER_FIELDS).iterator(chunk_size=2000):
        row["show_personal"] = shown = row["branch_id"] in managed
        masked = masked or not shown
        rows.append(row)
    return rows, masked


MASKED_BANNER = "党员花名册（身份证号、出生日期、电话、住址已遮挡，本表不能用于导入）"

"""Branches and yearly grades in and out of Excel: the same behaviour as the roster
(preview, all or nothing, a sheet imported twice changes nothing)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from township.excel import (
    CellError,
    Column,
    ImportReport,
    RowProblem,
    SheetColumn,
    SheetError,
    formula_message,
    is_blank,
    label_of,
    parse_bool,
    parse_choice,
    parse_date,
    parse_text,
    read_sheet,
)
from township.models import Township

from .lookup import BranchNameError, BranchNames
from .models import Branch, BranchGrade

KIND_LABELS = {
    "村党支部": Branch.Kind.VILLAGE,
    "村": Branch.Kind.VILLAGE,
    "社区党支部": Branch.Kind.COMMUNITY,
    "社区": Branch.Kind.COMMUNITY,
    "企业党支部": Branch.Kind.ENTERPRISE,
    "企业": Branch.Kind.ENTERPRISE,
    "事业单位党支部": Branch.Kind.INSTITUTION,
    "事业单位": Branch.Kind.INSTITUTION,
    "机关党支部": Branch.Kind.ORGAN,
    "机关": Branch.Kind.ORGAN,
}
GRADE_LABELS = {
    "好": BranchGrade.Grade.GOOD,
    "较好": BranchGrade.Grade.FAIRLY_GOOD,
    "一般": BranchGrade.Grade.AVERAGE,
    "较差": BranchGrade.Grade.POOR,
}


BRANCH_SPEC = [
    SheetColumn(
        "name",
        "支部名称",
        ("党支部名称", "党组织名称", "支部全称"),
        required=True,
        example="青龙村党支部",
        width=22,
    ),
    SheetColumn("short_name", "简称", ("支部简称",), note="如村名", example="青龙村", width=10),
    SheetColumn(
        "kind",
        "类型",
        ("支部类型", "党组织类型"),
        required=True,
        note="村党支部、社区党支部、企业党支部、事业单位党支部、机关党支部",
        example="村党支部",
        width=14,
    ),
    SheetColumn(
        "is_joint",
        "是否联合党支部",
        ("联合党支部", "联合支部"),
        note="是 或 否",
        example="否",
        width=10,
    ),
    SheetColumn(
        "joint_units",
        "涵盖单位",
        ("联合单位",),
        note="联合党支部涵盖的单位，用顿号分隔，2至5个",
        example="",
        width=30,
    ),
    SheetColumn(
        "founded_on", "成立日期", ("成立时间",), example=datetime.date(1956, 7, 1), width=12
    ),
    SheetColumn("dissolved_on", "撤销日期", ("撤销时间",), example="", width=12),
    SheetColumn("position", "排序", ("序号",), note="列表中的顺序，整数", example=1, width=6),
]

GRADE_SPEC = [
    SheetColumn(
        "branch",
        "支部名称",
        ("党支部", "所在党支部", "支部", "党组织名称"),
        required=True,
        note="支部全称或简称",
        example="青龙村党支部",
        width=22,
    ),
    SheetColumn("year", "年度", ("年份", "定级年度"), required=True, example=2016, width=8),
    SheetColumn(
        "grade",
        "等次",
        ("定级等次", "定级结果", "分类定级"),
        required=True,
        note="好、较好、一般、较差",
        example="较好",
        width=8,
    ),
    SheetColumn(
        "weak_and_lax", "是否软弱涣散", ("软弱涣散",), note="是 或 否", example="否", width=12
    ),
    SheetColumn("basis", "定级依据", ("依据", "备注"), example="", width=30),
    SheetColumn(
        "assessed_on",
        "评定日期",
        ("定级日期", "评定时间"),
        example=datetime.date(2016, 12, 10),
        width=12,
    ),
]

BRANCH_NOTES = [
    "党支部导入模板：按支部名称匹配本乡已有支部，已有的更新，没有的新增；重复导入不改变数据。",
    "先预览再确认；只要有一个错误，什么都不写入。",
]
GRADE_NOTES = [
    "分类定级导入模板：每个支部每年一行，按支部和年度匹配；重复导入不改变数据。",
    "先预览再确认；只要有一个错误，什么都不写入。",
]


def _parse_int(value: Any) -> int | None:
    if is_blank(value):
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if not number.is_integer() or number < 0:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


def _parse_day(value: Any) -> datetime.date | None:
    found = parse_date(value)
    return found.value if found else None


def _units(value: Any) -> str:
    text = parse_text(value)
    for sep in ("、", "，", ",", ";", "；"):
        text = text.replace(sep, "\n")
    return "\n".join(u.strip() for u in text.splitlines() if u.strip())


def _branch_lookup(township: Township) -> BranchNames[Branch]:
    return BranchNames((b, b.name, b.short_name) for b in Branch.objects.filter(township=township))


def _run_import(
    *,
    data: bytes,
    spec: list[SheetColumn],
    model: type[models.Model],
    fields: list[str],
    build: Callable[[dict, Callable], tuple[Any, dict] | None],
    existing: dict,
    dry_run: bool,
    user,
) -> ImportReport:
    """Shared by the branch and grade imports: parse, validate with full_clean(), count new /
    changed / unchanged, and write everything or nothing."""
    report = ImportReport()
    try:
        sheet = read_sheet(data, spec)
    except SheetError as e:
        report.file_error = str(e)
        return report
    report.ignored_headers = sheet.ignored_headers
    report.total = len(sheet.rows)
    if not sheet.rows:
        report.file_error = _("The sheet has a header but no rows.")
        return report
    headers = {c.key: c.header for c in spec}
    for number, key in sheet.uncomputed:
        report.problems.append(RowProblem(number, headers[key], formula_message()))
    seen: dict[Any, int] = {}
    to_create, to_update, changed = [], [], set()
    for number, values in sheet.rows:
        problems: list[RowProblem] = []

        def cell(key, parse, values=values, problems=problems, number=number):
            if key not in values:
                return None
            try:
                return parse(values[key])
            except CellError as e:
                problems.append(RowProblem(number, headers[key], str(e)))
                return None

        built = build(values, cell)
        report.problems.extend(problems)
        if problems or built is None:
            continue
        key, row = built
        if key in seen:
            report.problems.append(
                RowProblem(
                    number, "", _("The same row is already on row %(row)s.") % {"row": seen[key]}
                )
            )
            continue
        seen[key] = number
        obj = existing.get(key)
        if obj is None:
            obj = model(**row)
            target = to_create
        else:
            differs = [f for f in fields if getattr(obj, f) != row[f]]
            if not differs:
                report.unchanged += 1
                continue
            for f in differs:
                setattr(obj, f, row[f])
            changed.update(differs)
            target = to_update
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as e:
            for name, messages in e.message_dict.items():
                header = headers.get(name.removesuffix("_id"), "")
                report.problems.extend(RowProblem(number, header, m) for m in messages)
            continue
        target.append(obj)
        if target is to_create:
            report.new += 1
        else:
            report.changed += 1
    if report.problems or dry_run:
        return report
    with transaction.atomic():
        if to_create:
            bulk_create_with_history(to_create, model, default_user=user)
        if to_update:
            bulk_update_with_history(to_update, model, sorted(changed), default_user=user)
    report.written = True
    return report


def import_branches(*, data: bytes, township: Township, dry_run: bool, user=None) -> ImportReport:
    """Create or update the township's branches, matched by name."""
    existing = {b.name: b for b in Branch.objects.filter(township=township)}

    def build(values, cell):
        name = cell("name", parse_text) or ""
        if not name:
            return None
        row = {
            "township_id": township.pk,
            "name": name,
            "short_name": cell("short_name", parse_text) or "",
            "kind": cell("kind", lambda v: parse_choice(v, KIND_LABELS)) or "",
            "is_joint": bool(cell("is_joint", parse_bool)),
            "joint_units": cell("joint_units", _units) or "",
            "founded_on": cell("founded_on", _parse_day),
            "dissolved_on": cell("dissolved_on", _parse_day),
            "position": cell("position", _parse_int) or 0,
        }
        return name, row

    fields = [
        "short_name",
        "kind",
        "is_joint",
        "joint_units",
        "founded_on",
        "dissolved_on",
        "position",
    ]
    return _run_import(
        data=data,
        spec=BRANCH_SPEC,
        model=Branch,
        fields=fields,
        build=build,
        existing=existing,
        dry_run=dry_run,
        user=user,
    )


def import_grades(*, data: bytes, township: Township, dry_run: bool, user=None) -> ImportReport:
    """Create or update yearly grades of the township's branches, matched by branch and year."""
    branches = _branch_lookup(township)
    existing = {
        (g.branch_id, g.year): g for g in BranchGrade.objects.filter(branch__township=township)
    }

    def find_branch(value):
        name = parse_text(value)
        if not name:
            raise CellError(_("Give the branch."))
        try:
            branch = branches.find(name)
        except BranchNameError as e:
            raise CellError(str(e)) from None
        if branch is None:
            raise CellError(
                _("%(township)s has no branch called “%(name)s”.")
                % {"township": township.name, "name": name}
            )
        return branch

    def build(values, cell):
        branch = cell("branch", find_branch)
        year = cell("year", _parse_int)
        row = {
            "branch_id": branch.pk if branch else None,
            "year": year,
            "grade": cell("grade", lambda v: parse_choice(v, GRADE_LABELS)) or "",
            "weak_and_lax": bool(cell("weak_and_lax", parse_bool)),
            "basis": cell("basis", parse_text) or "",
            "assessed_on": cell("assessed_on", _parse_day),
        }
        if branch is None or year is None:
            return None
        return (branch.pk, year), row

    return _run_import(
        data=data,
        spec=GRADE_SPEC,
        model=BranchGrade,
        fields=["grade", "weak_and_lax", "basis", "assessed_on"],
        build=build,
        existing=existing,
        dry_run=dry_run,
        user=user,
    )


def branch_columns() -> list[Column]:
    values = {
        "name": lambda b: b.name,
        "short_name": lambda b: b.short_name,
        "kind": lambda b: label_of(KIND_LABELS, b.kind),
        "is_joint": lambda b: "是" if b.is_joint else "否",
        "joint_units": lambda b: "、".join(b.joint_unit_list()),
        "founded_on": lambda b: b.founded_on,
        "dissolved_on": lambda b: b.dissolved_on,
        "position": lambda b: b.position,
    }
    return [Column(c.header, values[c.key], c.width) for c in BRANCH_SPEC]


def grade_columns() -> list[Column]:
    values = {
        "branch": lambda g: g.branch.name,
        "year": lambda g: g.year,
        "grade": lambda g: label_of(GRADE_LABELS, g.grade),
        "weak_and_lax": lambda g: "是" if g.weak_and_lax else "否",
        "basis": lambda g: g.basis,
        "assessed_on": lambda g: g.assessed_on,
    }
    return [Column(c.header, values[c.key], c.width) for c in GRADE_SPEC]

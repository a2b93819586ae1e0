"""Rosters as townships really keep them (issue 16, items 11-13): renumbered area codes,
branch names as clerks type them, 是否流动党员, 民族 short forms, spaced names."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from branches.lookup import BranchNameError, BranchNames
from branches.models import Branch
from members.models import Member
from members.roster import import_roster, parse_ethnicity, parse_name
from members.validators import clean_id_number, id_number_warning
from tests.factories import BranchFactory, MemberFactory
from tests.members.sheets import HEADERS, person, workbook
from township.demo_data import make_id_number

# 500101 (重庆万州) exists only since 1997: someone born in 1975 and registered after the
# renumbering carries it. stdnum's table calls it invalid in 1975; it is a real number.
RENUMBERED = make_id_number(datetime.date(1975, 3, 8), "M", 7, "500101")


@pytest.fixture
def roster_world(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    world.branch_a.short_name = "甲村"
    world.branch_a.save()
    return world


def run(world, data, dry_run=False):
    return import_roster(data=data, township=world.township, dry_run=dry_run, user=world.staff)


# --- Item 11: ID numbers ---------------------------------------------------------------


def test_a_number_with_an_area_code_renumbered_after_the_birth_year_is_accepted_with_a_warning():
    assert clean_id_number(RENUMBERED) == RENUMBERED
    assert "500101" in id_number_warning(RENUMBERED)


def test_an_unknown_area_code_is_a_warning_not_a_refusal():
    number = make_id_number(datetime.date(1975, 3, 8), "F", 9, "999999")
    assert clean_id_number(number) == number
    assert id_number_warning(number)


def test_a_known_area_code_valid_in_the_birth_year_gives_no_warning():
    assert id_number_warning(make_id_number(datetime.date(1975, 3, 8), "M", 7)) == ""


def test_the_check_digit_is_still_checked_strictly():
    wrong = RENUMBERED[:-1] + ("0" if RENUMBERED[-1] != "0" else "1")
    with pytest.raises(ValidationError) as e:
        clean_id_number(wrong)
    assert e.value.code == "id_checksum"


@pytest.mark.parametrize("birth_digits", ["19751308", "19750230", "18991231", "20170101"], ids=str)
def test_the_birth_date_is_checked_strictly(birth_digits, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    body = f"510121{birth_digits}015"
    from stdnum.cn import ric

    with pytest.raises(ValidationError) as e:
        clean_id_number(body + ric.calc_check_digit(body + "0"))
    assert e.value.code == "id_birth_date"


def test_the_warning_shows_on_the_member_page_to_staff_only(world, as_user, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    member = MemberFactory(
        branch=world.branch_a, id_number=RENUMBERED, birth_date=datetime.date(1975, 3, 8)
    )
    member.full_clean()
    url = reverse("members:detail", args=[member.pk])
    assert "地区码500101" in as_user(world.staff).get(url).content.decode()
    assert "500101" not in as_user(world.leader).get(url).content.decode()


def test_the_import_preview_warns_of_a_renumbered_area_code_and_imports_the_row(
    roster_world, as_user
):
    row = person(1, 公民身份号码=RENUMBERED)
    report = run(roster_world, workbook([row]))
    assert report.ok and report.written, report.problems
    assert [w.row for w in report.warnings] == [2]
    assert Member.objects.filter(id_number=RENUMBERED).exists()


def test_the_import_page_shows_the_warnings(roster_world, as_user):
    client = as_user(roster_world.staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = workbook([person(1, 公民身份号码=RENUMBERED)])
    page = client.post(
        reverse("members:import"), {"file": SimpleUploadedFile("r.xlsx", data)}, follow=True
    )
    text = page.content.decode()
    assert "提醒（不影响导入）" in text and "地区码500101" in text


# --- Item 12: branch names -------------------------------------------------------------


def test_a_branch_is_found_by_full_name_short_name_and_name_without_its_suffix():
    names = BranchNames(
        [(1, "青龙村党支部", "青龙"), (2, "红星社区党总支", ""), (3, "机关支部", "")]
    )
    assert names.find("青龙村党支部") == 1
    assert names.find("青 龙") == 1
    assert names.find("青龙村") == 1
    assert names.find("青龙村支部") == 1
    assert names.find("红星社区") == 2
    assert names.find("红星社区党支部") == 2
    assert names.find("机关") == 3
    assert names.find("白云村") is None


def test_an_ambiguous_branch_name_is_an_error_naming_the_candidates():
    names = BranchNames([(1, "青龙村党支部", ""), (2, "青龙村党总支", "")])
    assert names.find("青龙村党总支") == 2  # the full name is never ambiguous
    with pytest.raises(BranchNameError) as e:
        names.find("青龙村")
    assert "青龙村党支部" in str(e.value) and "青龙村党总支" in str(e.value)


def test_the_roster_import_takes_the_name_without_suffix_and_reports_ambiguity(roster_world):
    BranchFactory(township=roster_world.township, name="乙村党总支")
    ok = run(roster_world, workbook([person(1, 所在党支部="甲村支部")]), dry_run=True)
    assert ok.ok, ok.problems
    bad = run(roster_world, workbook([person(2, 所在党支部="乙村")]), dry_run=True)
    assert len(bad.problems) == 1
    assert "乙村党支部" in bad.problems[0].message and "乙村党总支" in bad.problems[0].message


# --- Item 13: columns and values -------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [("汉", "汉族"), ("汉族", "汉族"), ("维吾尔", "维吾尔族"), ("回", "回族"), ("蒙", "蒙古族")],
)
def test_ethnic_short_forms_are_written_out(typed, stored):
    if typed == "蒙":
        stored = "蒙"  # not a short form: kept as written, never guessed
    assert parse_ethnicity(typed) == stored


def test_spaces_inside_a_chinese_name_go_and_a_latin_name_keeps_them():
    assert parse_name("张 三") == "张三"
    assert parse_name("张　 三") == "张三"
    assert parse_name("Anna Li") == "Anna Li"


def test_is_mobile_member_column_sets_the_mobile_flag(roster_world):
    headers = [h if h != "是否流动" else "是否流动党员" for h in HEADERS]
    row = person(1, 是否流动党员="是", 外出流向="广东省深圳市", 民族="汉", 姓名="王 五")
    row.pop("是否流动")
    report = run(roster_world, workbook([row], headers=headers))
    assert report.ok, report.problems
    member = Member.objects.get(id_number=row["公民身份号码"])
    assert member.is_mobile and member.ethnicity == "汉族" and member.name == "王五"


def test_the_command_lists_the_columns_it_skipped_and_the_warnings(roster_world, tmp_path, capsys):
    headers = [*HEADERS, "备注"]
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook([person(1, 备注="x", 公民身份号码=RENUMBERED)], headers=headers))
    call_command("import_roster", str(path), "--dry-run", "--township", "青山乡")
    out = capsys.readouterr().out
    assert "未导入的列：" in out and "备注" in out
    assert "地区码500101" in out


# --- The roster of a real township -----------------------------------------------------

REAL_HEADER_TOP = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "身份证号码",
    "出生年月",
    "文化程度",
    "人员类别",
    "所在支部",
    "入党时间",
    "转正时间",
    "工作单位及职务",
    "联系电话",
    "家庭住址",
    "党籍状态",
    "流动情况",
    None,
]
REAL_HEADER_SUB = [None] * 15 + ["是否流动党员", "外出流向"]


def real_roster(branches: list[Branch], n: int = 300) -> bytes:
    """A sheet shaped like a township's own: a title row, a merged two-row header, text
    dates, renumbered area codes, short branch names, short ethnic names, spaced names."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青山乡党员花名册（截至2016年12月）"])
    sheet.merge_cells("A1:Q1")
    sheet.append(REAL_HEADER_TOP)
    sheet.append(REAL_HEADER_SUB)
    sheet.merge_cells("P2:Q2")
    for col in "ABCDEFGHIJKLMNO":
        sheet.merge_cells(f"{col}2:{col}3")
    codes = ["510121", "500101", "511702", "500112"]
    surnames = "张王李赵刘陈杨黄周吴"
    given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
    for i in range(n):
        birth = datetime.date(1940 + i % 50, 1 + i % 12, 1 + i % 28)
        gender = "M" if i % 3 else "F"
        number = make_id_number(birth, gender, 100 + i, codes[i % len(codes)])
        name = surnames[i % 10] + given[(i * 7) % len(given)]
        if i % 2:
            name = name[0] + " " + name[1]  # 张 三: padded to line up with three characters
        else:
            name += given[(i * 3) % len(given)]
        branch = branches[i % len(branches)]
        typed = [branch.name, branch.short_name, branch.name.removesuffix("党支部")][i % 3]
        joined = datetime.date(birth.year + 20 + i % 5, 1 + (i * 5) % 12, 1)
        mobile = i % 10 == 0
        sheet.append(
            [
                i + 1,
                name,
                "男" if gender == "M" else "女",
                ["汉", "汉族", "回", "土家"][i % 4],
                number,
                f"{birth.year}.{birth.month:02d}",  # text, to the month
                ["高中", "初中", "大专", "本科", "小学"][i % 5],
                ["农民", "工人", "离退休人员", "其他职业人员"][i % 4],
                typed,
                f"{joined.year}年{joined.month}月",
                f"{joined.year + 1}-{joined.month}-1",
                "村民",
                f"138{i:08d}",
                f"青山乡{branch.short_name}{i % 9 + 1}组",
                "正常",
                "是" if mobile else "否",
                "广东省深圳市" if mobile else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_real_shaped_roster_of_300_rows_imports_whole_and_again_changes_nothing(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    branches = [
        BranchFactory(township=world.township, name=f"{v}村党支部", short_name=f"{v}村")
        for v in ("青龙", "白马", "石板", "桃园")
    ]
    data = real_roster(branches)
    first = import_roster(data=data, township=world.township, dry_run=False, user=world.staff)
    assert first.ok, first.problems[:5]
    assert (first.new, first.changed, first.unchanged) == (300, 0, 0)
    # 500101, 511702 and 500112 postdate every birth in the sheet: warned, imported.
    assert len(first.warnings) >= 225
    assert Member.objects.filter(id_number__startswith="500101").count() == 75
    assert Member.objects.filter(branch__in=branches, is_mobile=True).count() == 30
    assert not Member.objects.filter(name__contains=" ").exists()
    assert set(Member.objects.filter(branch__in=branches).values_list("ethnicity", flat=True)) == {
        "汉族",
        "回族",
        "土家族",
    }
    history = Member.history.count()
    again = import_roster(data=data, township=world.township, dry_run=False, user=world.staff)
    assert again.ok and (again.new, again.changed, again.unchanged) == (0, 0, 300)
    assert Member.history.count() == history

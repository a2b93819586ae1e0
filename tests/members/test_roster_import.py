"""Importing the roster townships already keep, in the shapes real sheets come in."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from members.models import Member
from members.roster import import_roster
from tests.members.sheets import HEADERS, person, workbook

LOST = "身份证号被Excel转成了数字，后几位已丢失：请把该列设为文本格式后重新导出"


@pytest.fixture
def roster_world(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    world.branch_a.short_name = "甲村"
    world.branch_a.save()
    world.branch_b.short_name = "乙村"
    world.branch_b.save()
    return world


def run(world, data, dry_run=False):
    return import_roster(data=data, township=world.township, dry_run=dry_run, user=world.staff)


def history_rows():
    return Member.history.count()


def test_it_imports_a_clean_sheet_and_counts_new_rows(roster_world):
    report = run(roster_world, workbook([person(1), person(2, 所在党支部="乙村党支部")]))
    assert report.ok, report.problems
    assert (report.new, report.changed, report.unchanged) == (2, 0, 0)
    member = Member.objects.get(name="新党员2")
    assert member.branch == roster_world.branch_b
    assert member.education == Member.Education.HIGH_SCHOOL
    assert member.category == Member.Category.FARMER
    assert member.history.count() == 1


def test_a_dry_run_writes_nothing(roster_world):
    before = Member.objects.count()
    report = run(roster_world, workbook([person(1)]), dry_run=True)
    assert report.ok and report.new == 1 and not report.written
    assert Member.objects.count() == before


def test_it_finds_the_header_below_title_rows_and_a_merged_two_row_header(roster_world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青山乡党员花名册"])
    sheet.merge_cells("A1:P1")
    sheet.append(["填报单位：青山乡党委", None, None, "填报日期：2016年12月"])
    top = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "出生年月",
        "文化程度",
        "人员类别",
        "所在支部",
        "入党时间",
        "转正时间",
        "联系电话",
        "住址",
        "失联情况",
        None,
        "流动情况",
        None,
    ]
    sub = [None] * 12 + ["是否失联", "失联日期", "是否流动", "外出流向"]
    sheet.append(top)
    sheet.append(sub)
    for col in "ABCDEFGHIJKL":
        sheet.merge_cells(f"{col}3:{col}4")
    sheet.merge_cells("M3:N3")
    sheet.merge_cells("O3:P3")
    p = person(1)
    sheet.append(
        [
            1,
            p["姓名"],
            "男",
            p["公民身份号码"],
            "1975.03",
            "大专",
            "工人",
            "甲村",
            "1998.07",
            "1999年7月",
            13800001234,
            "甲村1组",
            "是",
            "2015-6-1",
            "是",
            "广东省深圳市",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    report = run(roster_world, out.getvalue())
    assert report.ok, report.problems
    member = Member.objects.get(name=p["姓名"])
    assert member.birth_date == datetime.date(1975, 3, 8)
    assert member.education == Member.Education.COLLEGE
    assert member.category == Member.Category.WORKER
    assert member.joined_on == datetime.date(1998, 7, 1)
    assert member.full_member_on == datetime.date(1999, 7, 1)
    assert member.phone == "13800001234"
    assert member.is_lost_contact and member.lost_contact_since == datetime.date(2015, 6, 1)
    assert member.is_mobile and member.mobile_destination == "广东省深圳市"
    assert report.ignored_headers == ["序号"]


def test_it_reads_reordered_columns_with_other_names(roster_world):
    headers = ["所在党支部", "公民身份号码", "姓名", "加入党组织日期", "学历", "人员类别", "电话"]
    renamed = ["党支部", "身份证号码", "姓名", "入党日期", "学历", "人员类别", "手机号码"]
    p = person(1, 电话="13900001111")
    data = workbook([p], headers=headers, header_rows=[renamed])
    report = run(roster_world, data)
    assert report.ok, report.problems
    member = Member.objects.get(name=p["姓名"])
    assert member.phone == "13900001111"
    assert member.gender == "M" and member.birth_date == datetime.date(1975, 3, 8)


@pytest.mark.parametrize(
    "typed", ["1998-7-1", "1998/7/1", "1998.07.01", "1998年7月1日", "19980701"]
)
def test_it_reads_text_dates_in_each_form(roster_world, typed):
    report = run(roster_world, workbook([person(1, 加入党组织日期=typed)]))
    assert report.ok, report.problems
    assert Member.objects.get(name="新党员1").joined_on == datetime.date(1998, 7, 1)


def test_it_normalises_full_width_digits_and_stray_spaces(roster_world):
    p = person(1)
    wide = p["公民身份号码"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    data = workbook(
        [
            person(
                1,
                公民身份号码=f" {wide} ",
                姓名=" 新党员1 ",
                所在党支部=" 甲村党支部",
                联系电话="１３８ ００００ １２３４",
                学历="大学 专科",
                出生日期="１９７５年３月",
            )
        ]
    )
    report = run(roster_world, data)
    assert report.ok, report.problems
    member = Member.objects.get(id_number=p["公民身份号码"])
    assert member.name == "新党员1"
    assert member.phone == "13800001234"
    assert member.education == Member.Education.COLLEGE


@pytest.mark.parametrize(
    "mangled", [4.10102197503081e17, 410102197503081000, "4.10102E+17", "410102197503081000"]
)
def test_an_id_number_excel_turned_into_a_number_is_reported_on_its_row(roster_world, mangled):
    report = run(roster_world, workbook([person(1), person(2, 公民身份号码=mangled)]))
    assert not report.ok
    assert [(p.row, p.column, p.message) for p in report.problems] == [(3, "公民身份号码", LOST)]
    assert not Member.objects.filter(name="新党员1").exists()


def test_every_error_has_its_row_column_and_a_chinese_reason(roster_world):
    rows = [
        person(1),
        person(2, 学历="博士后"),
        person(3, 所在党支部="外乡党支部"),  # another township's branch
        person(4, 加入党组织日期="1988.07"),  # before 18
        person(5, 公民身份号码="110101197503081234"),  # check digit wrong
        person(6, 联系电话="12345"),
    ]
    report = run(roster_world, workbook(rows))
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (3, "学历"),
        (4, "所在党支部"),
        (5, "加入党组织日期"),
        (6, "公民身份号码"),
        (7, "联系电话"),
    }
    messages = " ".join(p.message for p in report.problems)
    assert "青山乡没有名为“外乡党支部”的党支部" in messages
    assert "校验码" in messages or "校验" in messages
    assert not Member.objects.filter(name__startswith="新党员").exists()


def test_it_is_all_or_nothing(roster_world):
    before = (Member.objects.count(), history_rows())
    rows = [person(i) for i in range(1, 30)] + [person(99, 性别="女")]  # gender disagrees
    report = run(roster_world, workbook(rows))
    assert report.new == 29 and len(report.problems) == 1
    assert report.problems[0].row == 31 and report.problems[0].column == "性别"
    assert (Member.objects.count(), history_rows()) == before


def test_the_same_id_number_twice_in_a_sheet_is_an_error(roster_world):
    report = run(roster_world, workbook([person(1), person(1, 姓名="重复")]))
    assert [(p.row, p.column) for p in report.problems] == [(3, "公民身份号码")]
    assert "第 2 行" in report.problems[0].message


def test_reimporting_the_same_sheet_changes_nothing_and_writes_no_history(roster_world):
    data = workbook([person(1), person(2)])
    assert run(roster_world, data).new == 2
    before = history_rows()
    report = run(roster_world, data)
    assert report.ok and (report.new, report.changed, report.unchanged) == (0, 0, 2)
    assert history_rows() == before


def test_an_updated_sheet_changes_only_what_changed_and_history_records_it(roster_world):
    run(roster_world, workbook([person(1), person(2)]))
    report = run(
        roster_world,
        workbook(
            [person(1), person(2, 联系电话="13912345678", 是否流动="是", 外出流向="浙江省杭州市")]
        ),
    )
    assert report.ok and (report.new, report.changed, report.unchanged) == (0, 1, 1)
    member = Member.objects.get(name="新党员2")
    assert member.phone == "13912345678" and member.is_mobile
    latest = member.history.first()
    assert latest.history_type == "~" and latest.history_user == roster_world.staff
    changed = set(latest.diff_against(latest.prev_record).changed_fields)
    assert changed == {"is_mobile", "mobile_destination", "phone"}


def test_a_join_date_given_to_the_month_keeps_the_day_on_file(roster_world):
    member = roster_world.member_a  # joined 1995-07-01 in the factory
    member.joined_on = datetime.date(1995, 7, 15)
    member.save()
    row = person(
        0,
        姓名=member.name,
        公民身份号码=member.id_number,
        出生日期=member.birth_date,
        加入党组织日期="1995.07",
        转为正式党员日期=member.full_member_on,
        家庭住址=member.address,
        工作岗位="",
    )
    report = run(roster_world, workbook([row]))
    assert report.ok, report.problems
    assert report.unchanged == 1
    member.refresh_from_db()
    assert member.joined_on == datetime.date(1995, 7, 15)


def test_a_member_of_another_township_is_not_matched_or_duplicated(roster_world):
    x = roster_world.member_x
    row = person(0, 姓名=x.name, 公民身份号码=x.id_number, 出生日期=x.birth_date)
    report = run(roster_world, workbook([row]))
    assert [p.column for p in report.problems] == ["公民身份号码"]
    assert report.problems[0].message == "已有在册党员使用此公民身份号码。"
    assert Member.objects.filter(id_number=x.id_number).count() == 1


def test_a_formula_is_read_as_its_saved_value_and_one_without_is_reported(roster_world):
    # openpyxl saves formulas without a computed value, like a program-made file.
    data = workbook([person(1, 工作岗位="=1+1")])
    report = run(roster_world, data)
    assert [(p.row, p.column) for p in report.problems] == [(2, "工作岗位")]
    assert "公式" in report.problems[0].message
    assert not Member.objects.filter(name="新党员1").exists()


def test_the_import_command_reports_in_chinese_and_exits_non_zero_on_errors(roster_world, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([person(1), person(2, 学历="博士后")]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_roster", str(bad), "--township", str(roster_world.township.pk))
    assert not Member.objects.filter(name="新党员1").exists()


def test_the_import_command_dry_run_checks_without_writing(roster_world, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([person(1)]))
    call_command("import_roster", str(good), "--dry-run", "--township", "青山乡")
    assert "检查通过" in capsys.readouterr().out
    assert not Member.objects.filter(name="新党员1").exists()
    call_command("import_roster", str(good), "--township", "青山乡")
    assert Member.objects.filter(name="新党员1").exists()


def test_the_import_command_needs_a_township_when_there_are_several(roster_world, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([person(1)]))
    with pytest.raises(CommandError, match="--township"):
        call_command("import_roster", str(good))


def test_the_import_command_refuses_a_missing_file(roster_world):
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_roster", "/nonexistent.xlsx", "--township", "青山乡")


def test_headers_are_the_template_headers():
    from members.roster import ROSTER_SPEC

    assert [c.header for c in ROSTER_SPEC][: len(HEADERS) - 4] == HEADERS[:-4]


def test_the_import_command_prints_each_problem_with_row_and_column(roster_world, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([person(1), person(2, 公民身份号码=4.10102197503081e17)]))
    with pytest.raises(CommandError):
        call_command("import_roster", str(bad), "--township", "青山乡")
    assert f"第 3 行 “公民身份号码”列: {LOST}" in capsys.readouterr().out


def test_an_id_number_held_by_a_current_member_of_another_township_is_refused(roster_world):
    """Checked for the whole sheet in one query, not row by row (the 10,000-row benchmark)."""
    elsewhere = roster_world.member_x  # a current member of 白云乡
    row = person(1, 公民身份号码=elsewhere.id_number, 出生日期=elsewhere.birth_date)
    report = run(roster_world, workbook([person(2), row]))
    assert [(p.row, p.column) for p in report.problems] == [(3, "公民身份号码")]
    assert "已有在册党员" in report.problems[0].message
    assert not Member.objects.filter(name__in=["新党员1", "新党员2"]).exists()


def test_imported_members_get_the_history_rows_simple_history_would_write(roster_world):
    # The history is copied by the database (INSERT … SELECT), not built row by row in
    # Python (issue 20): every tracked field, "+", the importing user, no change reason.
    report = run(roster_world, workbook([person(1), person(2, 所在党支部="乙村党支部")]))
    assert report.ok and report.written, report.problems
    history = Member.history.model
    tracked = [f.attname for f in history.tracked_fields]
    for member in Member.objects.filter(name__in=["新党员1", "新党员2"]):
        (row,) = member.history.all()
        assert row.history_type == "+"
        assert row.history_user == roster_world.staff
        assert row.history_change_reason is None
        assert row.history_date is not None
        assert {f: getattr(row, f) for f in tracked} == {f: getattr(member, f) for f in tracked}
        assert row.instance == member

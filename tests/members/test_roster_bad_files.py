"""Files that are not a roster: a clear message, no crash, nothing written."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from members.models import Member
from members.roster import import_roster
from tests.members.sheets import person, workbook


@pytest.fixture
def township(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    return world.township


def check(township, data):
    before = (Member.objects.count(), Member.history.count())
    report = import_roster(data=data, township=township, dry_run=False)
    assert not report.ok and not report.written
    assert (Member.objects.count(), Member.history.count()) == before
    return report.file_error


def test_random_bytes_are_not_an_excel_file(township):
    assert check(township, b"\x00\x01hello world") == "这不是Excel工作簿（.xlsx）文件。"


def test_a_renamed_csv_is_named_as_such(township):
    error = check(township, "姓名,性别,公民身份号码\n张三,男,110101197503081238\n".encode())
    assert "CSV" in error and "另存为" in error


def test_an_old_xls_file_is_named_as_such(township):
    assert ".xls" in check(township, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_an_empty_file_and_an_empty_sheet(township):
    assert check(township, b"") == "文件是空的。"
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert check(township, out.getvalue()) == "第一个工作表是空的。"


def test_a_sheet_without_a_header_row(township):
    book = openpyxl.Workbook()
    for i in range(5):
        book.active.append([f"随便{i}", i, "内容"])
    out = io.BytesIO()
    book.save(out)
    assert "没有找到表头" in check(township, out.getvalue())


def test_a_header_without_rows(township):
    assert check(township, workbook([])) == "表里只有表头，没有数据行。"


def test_a_header_missing_a_required_column(township):
    data = workbook([person(1)], headers=["姓名", "公民身份号码", "学历", "人员类别"])
    assert "加入党组织日期" in check(township, data) and "所在党支部" in check(township, data)


def test_a_file_over_the_size_limit(township, settings):
    settings.IMPORT_MAX_MB = 1
    data = workbook([person(1)]) + b"\x00" * (1024 * 1024)
    assert "超过 1 MB" in check(township, data)


def test_an_xlsx_bomb_with_a_hugely_compressed_sheet(township):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * (50 * 1024 * 1024) + b"</row>")
    data = out.getvalue()
    assert len(data) < 200 * 1024
    assert "已拒绝打开" in check(township, data)


def test_a_sheet_declaring_an_enormous_dimension(township):
    source = zipfile.ZipFile(io.BytesIO(workbook([person(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', content
                )
                assert b"XFD1048576" in content
            zf.writestr(info, content)
    assert "1048576" in check(township, out.getvalue())


def test_a_damaged_zip(township):
    data = workbook([person(1)])
    assert check(township, data[: len(data) // 2]) in (
        "这不是Excel工作簿（.xlsx）文件。",
        "文件已损坏，无法打开。",
    )


def test_a_masked_export_cannot_be_imported(township):
    data = workbook([person(1, 公民身份号码="110***********1238")])
    report = import_roster(data=data, township=township, dry_run=True)
    assert [p.column for p in report.problems] == ["公民身份号码"]
    assert "遮挡" in report.problems[0].message

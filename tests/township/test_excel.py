"""The shared Excel writer other registries plug into (township/excel.py)."""

import datetime

import pytest
from django.test import RequestFactory

from tests.members.sheets import read_back
from township.decorators import readers_only
from township.excel import Column, escape_formula, export_view, write_xlsx


@pytest.mark.parametrize(
    "text", ["=1+1", "+86 138", "-5", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']
)
def test_text_excel_would_run_is_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "1-2", 5, -5, None, datetime.date(2016, 1, 1)])
def test_ordinary_values_are_left_alone(value):
    assert escape_formula(value) == value


def test_write_xlsx_has_the_header_the_rows_dates_and_notes():
    columns = [Column("名称", lambda r: r["name"]), Column("日期", lambda r: r["day"])]
    rows = [{"name": "=cmd|' /C calc'!A0", "day": datetime.date(2016, 6, 30)}]
    content = write_xlsx(title="测试", columns=columns, rows=rows, notes=["说明一", "=不是公式"])
    sheet = read_back(content)
    assert sheet[0] == ["名称", "日期"]
    assert sheet[1][0] == "'=cmd|' /C calc'!A0"
    assert sheet[1][1] == datetime.datetime(2016, 6, 30)
    assert read_back(content, 1) == [["说明一"], ["'=不是公式"]]


def test_export_view_uses_the_rows_of_the_request_and_its_decorator(world):
    view = export_view(
        filename="导出.xlsx",
        title="测试",
        columns=[Column("用户", lambda u: u.username)],
        rows=lambda request: [request.user],
        decorator=readers_only,
    )
    request = RequestFactory().get("/x/")
    request.user = world.leader
    response = view(request)
    assert "filename*=UTF-8''%E5%AF%BC%E5%87%BA.xlsx" in response["Content-Disposition"]
    assert read_back(response.content)[1] == ["lingdao"]
    request.user = world.secretary_a
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        view(request)

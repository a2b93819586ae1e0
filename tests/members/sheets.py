"""Build roster workbooks in the awkward shapes real townships send."""

import datetime
import io

import openpyxl

from township.demo_data import make_id_number

HEADERS = [
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "出生日期",
    "学历",
    "人员类别",
    "所在党支部",
    "加入党组织日期",
    "转为正式党员日期",
    "工作岗位",
    "联系电话",
    "家庭住址",
    "党籍状态",
    "是否失联",
    "失联日期",
    "是否流动",
    "外出流向",
]


def person(serial, *, branch="甲村党支部", birth=datetime.date(1975, 3, 8), gender="M", **over):
    row = {
        "姓名": f"新党员{serial}",
        "性别": "男" if gender == "M" else "女",
        "民族": "汉族",
        "公民身份号码": make_id_number(birth, gender, 500 + serial),
        "出生日期": birth,
        "学历": "高中",
        "人员类别": "农牧渔民",
        "所在党支部": branch,
        "加入党组织日期": datetime.date(1998, 7, 1),
        "转为正式党员日期": datetime.date(1999, 7, 1),
        "工作岗位": "村民",
        "联系电话": "13800001234",
        "家庭住址": "青山乡甲村1组",
        "党籍状态": "正常",
        "是否失联": "否",
        "失联日期": None,
        "是否流动": "否",
        "外出流向": "",
    }
    row.update(over)
    return row


def workbook(rows, *, headers=None, title_rows=(), header_rows=None) -> bytes:
    """rows: dicts by header. title_rows go above; header_rows replaces the header line(s)."""
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    sheet = book.active
    for title in title_rows:
        sheet.append([title])
    for line in header_rows or [headers]:
        sheet.append(line)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_back(content: bytes, sheet_index=0):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(r) for r in book.worksheets[sheet_index].iter_rows(values_only=True)]

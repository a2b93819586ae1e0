"""Benchmark: writing an export, township/excel.py's write_xlsx against openpyxl's
write-only mode (what it used before), CPU time, interleaved.

    .venv/bin/python bench/exports.py            # 10,617 rows × 12 columns (the county's
    .venv/bin/python bench/exports.py 20000      # meetings at 20 townships), 5 rounds

Rows are built in memory (no database): this measures only the writing, which was half of
the county's meetings export (issue 20). The whole export over HTTP, database included, is
in bench/walk.py (`--only export --roles county`). Prints the median CPU seconds of each and
the lowest and highest round.
"""

import datetime
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "township.settings")


def openpyxl_write_only(columns, rows) -> bytes:
    """The former write_xlsx: openpyxl write-only, a styled cell per date."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([c.header for c in columns])
    for row in rows:
        values = []
        for column in columns:
            value = column.value(row)
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                value = cell
            values.append(value)
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    import django

    django.setup()
    from township.excel import Column, write_xlsx

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10617
    rows = [
        (
            f"第{i % 240}党支部",
            datetime.date(2016, 1 + i % 12, 1 + i % 28),
            "党员大会",
            "学习贯彻党的十八届六中全会精神",
            "张三",
            "李四",
            "已记录",
            10 + i % 7,
            i % 3,
            12,
            10,
            "是" if i % 2 else "",
            Decimal("1234.56"),
        )
        for i in range(n)
    ]
    columns = [Column(str(k), itemgetter(k)) for k in range(13)]
    times = {"write_xlsx (XlsxWriter)": [], "openpyxl write-only": []}
    for _ in range(5):
        for label, write in (
            ("write_xlsx (XlsxWriter)", lambda: write_xlsx(title="x", columns=columns, rows=rows)),
            ("openpyxl write-only", lambda: openpyxl_write_only(columns, rows)),
        ):
            start = time.process_time()
            write()
            times[label].append(time.process_time() - start)
    print(f"{n} rows × 13 columns; CPU seconds, median [lowest–highest] of 5 interleaved rounds")
    for label, got in times.items():
        print(f"  {label:26s} {statistics.median(got):.2f} [{min(got):.2f}–{max(got):.2f}]")
    a, b = (statistics.median(t) for t in times.values())
    print(f"  ratio {b / a:.2f}×")


if __name__ == "__main__":
    main()

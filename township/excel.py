"""Excel in and out, shared by every registry.

Reading: `read_sheet()` opens an uploaded .xlsx safely (size limit, zip-bomb and dimension
checks before openpyxl loads it), finds the header row among title rows by matching known
column names (merged and two-row headers included), and yields each data row as
{column key: raw value} with text NFKC-normalised. Parsing the values is the caller's job;
`parse_date()`, `parse_bool()` and `parse_choice()` are the common parsers.

Writing: a registry lists its columns as `Column(header, value)` and either calls
`xlsx_response()` from a view or builds one with `export_view()`. Text that Excel would run as
a formula (= + - @, tab, CR) is escaped with a leading apostrophe.

Sheet headers are Chinese literals on purpose: they are the file format townships already use,
whatever the interface language.

How a registry adds its Excel export (branches/excel_views.py's grades, for example):

    # branches/excel_views.py
    from township.excel import Column, export_view

    def _grades(request):                                  # the list page's own scope and filter
        grades = BranchGrade.objects.filter(branch__in=branches_visible_to(request.user))
        ...
        return grades.select_related("branch").order_by("-year", "branch__position")

    grade_export = export_view(
        filename="分类定级.xlsx", title="分类定级", columns=grade_columns(), rows=_grades
    )

    # branches/sheets.py: one Column per heading of the import's GRADE_SPEC, so an export
    # reads back in: Column("支部名称", lambda g: g.branch.name, width=22), …

    # branches/urls.py
    path("grades/export/", excel_views.grade_export, name="grades-export"),
    # tests/branches/routes.py
    "branches:grades-export": (lambda w: {}, ROLE_LIST),
    # templates/branches/list.html
    <a href="{% url 'branches:grades-export' %}?year={{ year }}">…</a>

A view that builds its workbook itself calls `write_xlsx()` and `xlsx_response()` (the exports
of members, plans, finance, awards and dues do).

Money columns: `Column("金额（元）", lambda r: money(r.amount), number_format=MONEY_FORMAT)`
writes the exact Decimal as a number shown with two decimals.

`rows(request)` must apply the user's scope (404-scope rows never reach it) and the list's
filter, with select_related so the export costs a fixed number of queries. Personal data: set
a flag on each row in `rows()` (as members/excel_views.py does with `show_personal`) and
mask in the column's function. Pages for staff and leadership only pass
`decorator=readers_only`.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export.widgets import Widget

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The header row is looked for in the first rows only: title rows sit above it.
HEADER_SEARCH_ROWS = 20
#: A part of the zip that inflates more than this many times over is a bomb, not a roster.
MAX_COMPRESSION_RATIO = 200


class SheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class SheetColumn:
    """A column the reader recognises: its key, the template header and other names."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    note: str = ""
    example: Any = ""
    width: int = 14

    def names(self) -> tuple[str, ...]:
        return (normalise_header(self.header), *(normalise_header(a) for a in self.aliases))


@dataclass
class SheetRows:
    """What read_sheet() found: the header's columns and the data rows (row number, values)."""

    columns: dict[int, SheetColumn]
    header_row: int
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    masked: bool = False
    #: (row number, column key) of formulas saved without their computed value.
    uncomputed: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Normalising text
# ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_NOTE_IN_BRACKETS = re.compile(r"[(\[【].*?[)\]】]")


def normalise_text(value: Any) -> Any:
    """Full-width digits and letters to half-width (NFKC), stray spaces trimmed."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).replace("\u3000", " ").strip()
        return _SPACES.sub(" ", value)
    return value


def normalise_header(value: Any) -> str:
    """A header cell as a comparable key: no spaces, no '*', no bracketed notes."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _NOTE_IN_BRACKETS.sub("", text)
    return _SPACES.sub("", text).replace("*", "").replace(":", "").strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------
# Opening a file safely
# ---------------------------------------------------------------------------------------


def _max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_MB", 10)) * 1024 * 1024


def check_upload(data: bytes) -> None:
    """Refuse what is not an .xlsx, or too large, or a zip bomb, before openpyxl sees it."""
    if not data:
        raise SheetError(_("The file is empty."))
    if len(data) > _max_bytes():
        raise SheetError(
            _("The file is larger than %(mb)s MB. Split it into several sheets.")
            % {"mb": getattr(settings, "IMPORT_MAX_MB", 10)}
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError(
            _("This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as .xlsx.")
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:2] == b"PK":
            raise SheetError(_("The file is damaged and cannot be opened."))
        head = data[:2048]
        if b"\x00" not in head and (b"," in head or b"\t" in head):
            raise SheetError(
                _(
                    "This looks like a CSV or text file renamed to .xlsx. "
                    "Open it in Excel and save it as an Excel workbook (.xlsx)."
                )
            )
        raise SheetError(_("This is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise SheetError(_("The file is damaged and cannot be opened.")) from None
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise SheetError(_("This is not an Excel workbook (.xlsx)."))
    limit = int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", 200)) * 1024 * 1024
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limit or (info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO):
            raise SheetError(
                _(
                    "The workbook unpacks to far more data than a roster holds; it was not "
                    "opened. Copy the rows into a new workbook and try again."
                )
            )


def _open_first_sheet(data: bytes):
    import openpyxl

    check_upload(data)
    try:
        # data_only: a formula is read as the value Excel saved with it, never evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise SheetError(_("The file is damaged and cannot be opened.")) from None
    if not book.worksheets:
        raise SheetError(_("The workbook has no sheet."))
    sheet = book.worksheets[0]
    max_rows = int(getattr(settings, "IMPORT_MAX_ROWS", 50000))
    try:
        declared_rows, declared_cols = sheet.max_row, sheet.max_column
    except Exception:
        declared_rows = declared_cols = None
    if (declared_rows and declared_rows > max_rows + HEADER_SEARCH_ROWS) or (
        declared_cols and declared_cols > 200
    ):
        raise SheetError(
            _(
                "The sheet declares %(rows)s rows and %(cols)s columns; at most %(max)s rows are read."
            )
            % {"rows": declared_rows, "cols": declared_cols, "max": max_rows}
        )
    return book, sheet, max_rows


# ---------------------------------------------------------------------------------------
# Finding the header and reading rows
# ---------------------------------------------------------------------------------------


def _match_header(names: dict[str, SheetColumn], text: str) -> SheetColumn | None:
    return names.get(normalise_header(text)) if text else None


def _find_header(
    rows: list[tuple], spec: list[SheetColumn]
) -> tuple[int, dict[int, SheetColumn], list[str], int]:
    """The header row (index), its columns, the headers not recognised, and how many rows
    the header takes (2 when a merged group header has sub-headers below it)."""
    names = {name: col for col in spec for name in col.names()}
    best, best_index = {}, -1
    for index, row in enumerate(rows):
        found = {}
        for position, value in enumerate(row):
            col = _match_header(names, value)
            if col and col.key not in {c.key for c in found.values()}:
                found[position] = col
        if len(found) > len(best):
            best, best_index = found, index
    if len(best) < 3:
        raise SheetError(
            _(
                "No header row was found in the first %(n)s rows: the sheet needs column "
                "names such as %(names)s."
            )
            % {"n": HEADER_SEARCH_ROWS, "names": "、".join(c.header for c in spec[:4])}
        )
    header = rows[best_index]
    depth = 1
    # A merged group header ("失联情况" over two columns) has the real names in the row
    # below it; a cell merged downwards ("姓名" over two rows) leaves that row empty.
    if best_index + 1 < len(rows):
        below = rows[best_index + 1]
        group = ""
        extra = {}
        for position in range(max(len(header), len(below))):
            top = header[position] if position < len(header) else None
            if not is_blank(top):
                group = str(top)
            sub = below[position] if position < len(below) else None
            if position in best or is_blank(sub):
                continue
            col = _match_header(names, sub) or _match_header(names, f"{group}{sub}")
            if col and col.key not in {c.key for c in best.values()}:
                extra[position] = col
        if extra:
            best = {**best, **extra}
            depth = 2
    ignored = []
    for position, value in enumerate(header):
        if position not in best and not is_blank(value):
            ignored.append(normalise_text(str(value)))
    return best_index, best, ignored, depth


def read_sheet(data: bytes, spec: list[SheetColumn]) -> SheetRows:
    """Read the first sheet of an uploaded workbook into rows keyed by the spec's keys.

    Raises SheetError when the file as a whole is unusable. Row numbers are Excel's."""
    book, sheet, max_rows = _open_first_sheet(data)
    try:
        iterator = sheet.iter_rows(values_only=True)
        top = []
        for row in iterator:
            top.append(tuple(normalise_text(v) for v in row))
            if len(top) >= HEADER_SEARCH_ROWS:
                break
        if not any(any(not is_blank(v) for v in row) for row in top):
            raise SheetError(_("The first sheet is empty."))
        header_index, columns, ignored, depth = _find_header(top, spec)
        missing = [c.header for c in spec if c.required and c.key not in _keys(columns)]
        if missing:
            raise SheetError(
                _("The header row lacks the required columns: %(names)s.")
                % {"names": "、".join(missing)}
            )
        result = SheetRows(columns=columns, header_row=header_index + 1, ignored_headers=ignored)
        masked_marker = any(
            isinstance(v, str) and "不能用于导入" in v for row in top[:header_index] for v in row
        )
        result.masked = masked_marker

        def all_rows() -> Iterator[tuple]:
            yield from top[header_index + depth :]
            for raw in iterator:
                yield tuple(normalise_text(v) for v in raw)

        number = header_index + depth
        for row in all_rows():
            number += 1
            if number > max_rows + HEADER_SEARCH_ROWS:
                raise SheetError(
                    _("The sheet has more than %(max)s rows; split it.") % {"max": max_rows}
                )
            values = {
                col.key: (row[position] if position < len(row) else None)
                for position, col in columns.items()
            }
            if all(is_blank(v) for v in values.values()):
                continue
            result.rows.append((number, values))
    finally:
        book.close()
    if _has_formulas(data, sheet):
        result.uncomputed = _uncomputed_formulas(data, result)
    return result


def _has_formulas(data: bytes, sheet) -> bool:
    """Whether the first sheet's XML holds any formula (<f> element): rare in rosters, so the
    second, formula-aware pass below runs only when needed."""
    path = getattr(sheet, "_worksheet_path", None) or "xl/worksheets/sheet1.xml"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            with zf.open(path.lstrip("/")) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                        return True
                    tail = chunk[-3:]
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return False


def _uncomputed_formulas(data: bytes, found: SheetRows) -> list[tuple[int, str]]:
    """Formula cells whose saved value is missing (a file written by a program, never opened
    in Excel). They are reported; this system never evaluates a formula."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values_by_row = dict(found.rows)
    missing = []
    try:
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if number <= found.header_row:
                continue
            for position, col in found.columns.items():
                formula = row[position] if position < len(row) else None
                if isinstance(formula, str) and formula.startswith("="):
                    if is_blank(values_by_row.get(number, {}).get(col.key)):
                        missing.append((number, col.key))
    finally:
        book.close()
    return missing


def formula_message() -> str:
    return _(
        "This cell holds a formula whose result was not saved in the file. Open the file in "
        "Excel, save it, and import again (formulas are never calculated here)."
    )


def _keys(columns: dict[int, SheetColumn]) -> set[str]:
    return {c.key for c in columns.values()}


# ---------------------------------------------------------------------------------------
# Parsing cell values
# ---------------------------------------------------------------------------------------


class CellError(ValueError):
    """A value that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class SheetDate:
    """A date as written: `month_only` when the sheet gave only year and month."""

    value: datetime.date
    month_only: bool = False


_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), False),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), False),
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), True),
    (re.compile(r"^(\d{4})(\d{2})$"), True),
]


def _bad_date(text: Any) -> CellError:
    return CellError(
        _("“%(value)s” is not a date; write it as 1975-03-08, 1975.03 or 1975年3月8日.")
        % {"value": text}
    )


def parse_date(value: Any) -> SheetDate | None:
    """A date as Excel stores it or as people type it: 1975.03, 1975年3月, 1975-3-8,
    1975/3/8, 19750308, or an Excel date cell. Empty gives None."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return SheetDate(value.date())
    if isinstance(value, datetime.date):
        return SheetDate(value)
    if isinstance(value, bool):
        raise _bad_date(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            # 1975.03 typed into a number cell: year and month. 1975.1 could be January or
            # October (Excel dropped the zero of 1975.10), so it is refused, not guessed.
            text = repr(value)
            year, _sep, month = text.partition(".")
            if len(year) == 4 and len(month) == 2:
                return _make_date(int(year), int(month), 1, month_only=True, text=text)
            if len(year) == 4:
                raise CellError(
                    _(
                        "“%(value)s” is ambiguous (Excel drops the trailing zero of 1975.10): "
                        "write the date as text, e.g. 1975-10."
                    )
                    % {"value": text}
                )
            raise _bad_date(text)
        number = int(value)
        if 19000101 <= number <= 21001231:
            return parse_date(str(number))
        if 190001 <= number <= 210012:
            return parse_date(str(number))
        if 1 <= number <= 80000:
            return SheetDate(_EXCEL_EPOCH + datetime.timedelta(days=number))
        raise _bad_date(value)
    text = str(value).replace(" ", "")
    for pattern, month_only in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()]
            day = 1 if month_only else parts[2]
            return _make_date(parts[0], parts[1], day, month_only=month_only, text=value)
    raise _bad_date(value)


def _make_date(year: int, month: int, day: int, *, month_only: bool, text: Any) -> SheetDate:
    try:
        return SheetDate(datetime.date(year, month, day), month_only)
    except ValueError:
        raise _bad_date(text) from None


TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "-"}


def parse_bool(value: Any) -> bool:
    """是/否 (empty is 否)."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("Write 是 or 否, not “%(value)s”.") % {"value": value})


def parse_choice(value: Any, labels: dict[str, str], *, default: str = "") -> str:
    """A choice written by its Chinese label (or one of its other names)."""
    if is_blank(value):
        return default
    text = str(value).replace(" ", "")
    if text in labels:
        return labels[text]
    first_label = {}
    for label, stored in labels.items():
        first_label.setdefault(stored, label)  # the canonical label is listed first
    allowed = "、".join(first_label.values())
    raise CellError(
        _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
    )


_CHOICE_LABELS: dict = {}


def choice_labels(choices) -> dict[str, str]:
    """A choices class's labels ({stored value: label}) in the current language, translated
    once per language, not once per cell: a county's export has tens of thousands of rows
    and get_*_display translates each anew."""
    key = (get_language(), choices)
    if key not in _CHOICE_LABELS:
        _CHOICE_LABELS[key] = {value: str(label) for value, label in choices.choices}
    return _CHOICE_LABELS[key]


def label_of(labels: dict[str, str], value: str) -> str:
    """The first (canonical) label of a stored value in a parse_choice() table: what an
    export writes, so that the import reads it back."""
    return next((label for label, stored in labels.items() if stored == value), "")


def parse_text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import found (dry run) or did: counts and every problem."""

    total: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_error: str = ""
    ignored_headers: list[str] = field(default_factory=list)
    written: bool = False
    #: Shown with the preview, never blocking (e.g. an ID number's renumbered area code).
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.problems

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        text = _("%(total)s rows: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.") % {
            "total": self.total,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }
        if self.problems:
            text += " " + _("%(n)s problems: nothing was written.") % {"n": len(self.problems)}
        return text


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """Text Excel would run as a formula gets a leading apostrophe (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column of an export: the Chinese header and how to get the value from a row."""

    header: str
    value: Callable[[Any], Any]
    width: int = 14
    #: An Excel number format for the column's numbers, e.g. MONEY_FORMAT.
    number_format: str = ""


#: Money: a number (the exact Decimal, never a float) shown with two decimals.
MONEY_FORMAT = "#,##0.00"


def money(value: Any) -> Any:
    """A money value for an export cell: the Decimal to the fen (None stays empty)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"))


def write_xlsx(
    *,
    title: str,
    columns: list[Column],
    rows: Iterable[Any],
    notes: Iterable[str] = (),
    banner: str = "",
) -> bytes:
    """A workbook: the sheet `title` with an optional banner row, the header and the rows;
    notes, if any, on a second sheet 说明.

    Written with XlsxWriter in constant-memory mode (row by row): 1.6 times less CPU than
    openpyxl's write-only mode (bench/exports.py), whose per-cell work was half of the
    county's meetings export (issue 20). Every cell is written with its type named, so text
    is never read as a formula or a number; text starting like a formula is also escaped."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "in_memory": True, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd h:mm:ss"})
    number_formats = {
        c.number_format: book.add_format({"num_format": c.number_format})
        for c in columns
        if c.number_format
    }
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    row_index = 0
    if banner:
        sheet.write_string(0, 0, escape_formula(banner), bold)
        row_index = 1
    for index, column in enumerate(columns):
        sheet.write_string(row_index, index, column.header, bold)
    getters = [(column.value, number_formats.get(column.number_format)) for column in columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, write_boolean = sheet.write_datetime, sheet.write_boolean
    for row in rows:
        row_index += 1
        for index, (get, number_format) in enumerate(getters):
            value = get(row)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                write_string(row_index, index, escape_formula(value))
            elif isinstance(value, bool):
                write_boolean(row_index, index, value)
            elif isinstance(value, int | float | Decimal):
                write_number(row_index, index, value, number_format)
            elif isinstance(value, datetime.datetime):
                if value.tzinfo is not None:
                    from django.utils import timezone

                    value = timezone.localtime(value).replace(tzinfo=None)
                write_datetime(row_index, index, value, datetime_format)
            elif isinstance(value, datetime.date):
                write_datetime(row_index, index, value, date_format)
            else:
                write_string(row_index, index, escape_formula(str(value)))
    notes = list(notes)
    if notes:
        note_sheet = book.add_worksheet("说明")
        note_sheet.set_column(0, 0, 100)
        for index, note in enumerate(notes):
            note_sheet.write_string(index, 0, escape_formula(str(note)))
    book.close()
    return out.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_view(
    *,
    filename: str,
    title: str,
    columns: list[Column],
    rows: Callable[[Any], Iterable[Any]],
    notes: Iterable[str] = (),
    decorator: Callable | None = None,
):
    """A view exporting `rows(request)` — already limited to the user's scope and the list
    page's filter — as .xlsx. By default anyone with a role may call it (the rows decide
    what they get); pass `decorator=readers_only` for township-wide registries."""
    from .decorators import role_required

    @(decorator or role_required)
    def view(request):
        content = write_xlsx(title=title, columns=columns, rows=rows(request), notes=notes)
        return xlsx_response(filename, content)

    return view


def template_workbook(*, title: str, spec: list[SheetColumn], notes: Iterable[str]) -> bytes:
    """The import template: the headers, one example row, and notes on a second sheet."""
    columns = [Column(c.header, lambda _row, c=c: c.example, c.width) for c in spec]
    notes = [*notes, "", "各列说明："] + [
        f"{c.header}{'（必填）' if c.required else ''}：{c.note}" for c in spec if c.note
    ]
    return write_xlsx(title=title, columns=columns, rows=[None], notes=notes)


# ---------------------------------------------------------------------------------------
# The back office (django-import-export): the same safe reader behind its XLSX format
# ---------------------------------------------------------------------------------------


def sheet_format(spec: list[SheetColumn]):
    """An import-export format that reads real sheets like the import pages do: size and
    bomb checks, title rows, merged and alternative headers. The dataset's headers are the
    template's headers, whatever the sheet called them."""
    import tablib
    from import_export.formats.base_formats import XLSX

    class SheetXLSX(XLSX):
        def get_title(self):
            return "xlsx"

        def create_dataset(self, in_stream):
            if isinstance(in_stream, str):
                in_stream = in_stream.encode()
            sheet = read_sheet(bytes(in_stream), spec)  # SheetError shows on the form
            columns = list(dict.fromkeys(c for c in sheet.columns.values()))
            dataset = tablib.Dataset(headers=[c.header for c in columns])
            for _number, values in sheet.rows:
                dataset.append([values.get(c.key) for c in columns])
            return dataset

    return SheetXLSX


class ParsedWidget(Widget):
    """An import-export widget that reads a cell with one of the parsers above."""

    def __init__(self, parse, render=None, **kwargs):
        super().__init__(**kwargs)
        self.parse = parse
        self.render_value = render

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def render(self, value, obj=None, **kwargs):
        shown = self.render_value(value) if self.render_value else value
        return escape_formula("" if shown is None else shown)

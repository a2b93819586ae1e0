"""Editable Word copies (.docx, python-docx) of the documents the committee issues.

A Word copy is built from the very HTML its PDF is printed from (the same template and
context), so both carry the same headings, figures and wording; the office adjusts the
wording in Word before issuing. The layout follows GB/T 9704 like the PDF: A4 with the
standard margins, the official font names (Word substitutes when a machine lacks them),
red 发文机关标志 and separator, page numbers "— 1 —" on the outer side.
"""

import io

import lxml.html
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RED = RGBColor(0xCC, 0x00, 0x00)
BODY_PT = 16  # 3号仿宋
TABLE_PT = 10.5  # 5号

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "table", "div", "hr", "ul", "ol", "section"}


def _font(role: str) -> str:
    """The official name first (settings.PDF_FONTS): Word falls back on its own."""
    return settings.PDF_FONTS[role][0]


def _set_font(run, role: str, size: float, *, bold=False, color=None) -> None:
    name = _font(role)
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _text_parts(element) -> list[str]:
    """The element's text with <br> as a line break ("\\n")."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append("".join(_text_parts(child)))
        parts.append(child.tail or "")
    return parts


def _text(element) -> str:
    return " ".join("".join(_text_parts(element)).split(" ")).strip()


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _border(paragraph, edge: str, *, size: int, color: str = "000000") -> None:
    """A rule above or below a paragraph (the red separator, the 版记 lines)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _page_number(paragraph) -> None:
    """ "— 1 —": the page number as a PAGE field between dashes."""
    run = paragraph.add_run("— ")
    _set_font(run, "title", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        _set_font(run, "title", 14)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
    run = paragraph.add_run(" —")
    _set_font(run, "title", 14)


def _page_setup(document, *, landscape=False) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # Odd pages number on the right, even pages on the left (GB/T 9704 §7.5).
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_number(even)
    for style_name, role in (("TableHead", "heading"), ("TableCell", "body")):
        style = document.styles.add_style(style_name, WD_STYLE_TYPE.CHARACTER)
        style.font.name = _font(role)
        style.font.size = Pt(TABLE_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _font(role))
    normal = document.styles["Normal"]
    normal.font.name = _font("body")
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _font("body"))


class _Writer:
    def __init__(self, document):
        self.document = document
        self.head_style = document.styles["TableHead"].style_id
        self.cell_style = document.styles["TableCell"].style_id
        self.break_next = False

    def paragraph(
        self,
        text: str,
        *,
        role="body",
        size=BODY_PT,
        bold=False,
        color=None,
        align=None,
        indent=True,
    ):
        p = self.document.add_paragraph()
        if self.break_next:
            p.paragraph_format.page_break_before = True
            self.break_next = False
        if align is not None:
            p.alignment = align
        if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
            p.paragraph_format.first_line_indent = Pt(size * 2)
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line.strip())
            _set_font(run, role, size, bold=bold, color=color)
            if i < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        return p

    def block(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = _classes(element)
        if tag in ("style", "script", "link", "meta", "title", "head"):
            return
        if tag == "hr":
            rule = self.paragraph("", indent=False)
            _border(rule, "bottom", size=12, color="CC0000")
        elif tag == "h1" or "doc-title" in classes:
            self.paragraph(_text(element), role="title", size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif tag == "h2":
            self.paragraph(_text(element), role="heading")
        elif tag == "h3":
            self.paragraph(_text(element), role="kai")
        elif tag == "h4":
            self.paragraph(_text(element), bold=True)
        elif tag == "p":
            self.text_paragraph(element, classes)
        elif tag == "table":
            self.table(element)
        elif tag == "div" and "names" in classes:
            self.names(element, columns=2 if "wide" in classes else 3)
        elif tag == "div" and "banji" in classes:
            self.banji(element)
        elif tag in ("div", "section", "body", "ul", "ol", "li"):
            if "appendix" in classes or "certificate" in classes:
                self.break_next = bool(self.document.paragraphs)
            if "signature" in classes:
                for child in element:
                    self.paragraph(_text(child), align=WD_ALIGN_PARAGRAPH.RIGHT)
                return
            loose = _text_parts(element)[0].strip()
            if loose:
                self.paragraph(loose)
            for child in element:
                self.block(child)

    def text_paragraph(self, element, classes) -> None:
        text = _text(element)
        if "red-header" in classes:
            self.paragraph(text, role="title", size=30, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif "doc-number" in classes or "as-of" in classes:
            self.paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif "signature" in classes:
            self.paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif "addressee" in classes or "who" in classes:
            self.paragraph(text, indent=False)
        elif "f-heading" in classes:
            self.paragraph(text, role="heading", indent=False)
        else:
            self.paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def names(self, element, *, columns: int) -> None:
        """A name list in even columns: a borderless table."""
        names = [_text(span) for span in element if isinstance(span.tag, str)]
        if not names:
            return
        rows = (len(names) + columns - 1) // columns
        table = self.document.add_table(rows=rows, cols=columns)
        for i, name in enumerate(names):
            cell = table.cell(i // columns, i % columns)
            _set_font(cell.paragraphs[0].add_run(name), "body", BODY_PT)

    def banji(self, element) -> None:
        lines = [child for child in element if isinstance(child.tag, str)]
        for i, child in enumerate(lines):
            spans = [_text(s) for s in child if isinstance(s.tag, str)]
            text = "\t".join(spans) if len(spans) > 1 else _text(child)
            p = self.paragraph(text, size=14, indent=False)
            if len(spans) > 1:
                p.paragraph_format.tab_stops.add_tab_stop(Mm(154), alignment=2)  # right
            if i == 0:
                _border(p, "top", size=8)
            _border(p, "bottom", size=8 if i == len(lines) - 1 else 4)
        if lines:
            self.document.paragraphs[-len(lines)].paragraph_format.space_before = Pt(BODY_PT * 2)

    def table(self, element) -> None:
        caption = element.find("caption")
        if caption is not None:
            self.paragraph(_text(caption), size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
        rows = [tr for tr in element.iter("tr")]
        if not rows:
            return
        width = max(
            sum(int(c.get("colspan") or 1) for c in tr if isinstance(c.tag, str)) for tr in rows
        )
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for tr, row in zip(rows, table.rows, strict=True):
            # One lookup of the row's cells: table.cell() walks the whole table every call.
            cells = row.cells
            col = 0
            for cell_el in tr:
                if not isinstance(cell_el.tag, str):
                    continue
                span = int(cell_el.get("colspan") or 1)
                cell = cells[col]
                if span > 1:
                    cell = cell.merge(cells[col + span - 1])
                p = cell.paragraphs[0]
                if "num" in _classes(cell_el):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                # A character style per kind of cell: setting fonts run by run is slow.
                run = p.add_run(_text(cell_el))
                run._r.get_or_add_rPr().style = (
                    self.head_style if cell_el.tag == "th" else self.cell_style
                )
                col += span


def html_to_docx(html: str, *, landscape=False) -> bytes:
    tree = lxml.html.document_fromstring(html)
    document = Document()
    _page_setup(document, landscape=landscape)
    writer = _Writer(document)
    body = tree.find("body")
    for child in body if body is not None else tree:
        writer.block(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(template_name: str, context: dict) -> bytes:
    return html_to_docx(render_to_string(template_name, context))


def docx_response(template_name: str, context: dict, *, filename: str) -> HttpResponse:
    """A download of the Word copy of the document `template_name` prints as PDF."""
    response = HttpResponse(render_docx(template_name, context), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

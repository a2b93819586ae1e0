"""What every document shares: GB/T 9704 page numbers (odd right, even left), the fonts
named by settings.PDF_FONTS with the free ones as fallback, one way to write dates, and no
generation stamp."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from pypdf import PdfReader

from township.dates import cn_date
from township.pdf import html_to_pdf
from township.templatetags.documents import chinese_numeral, pdf_font_css

from ..pdf_utils import assert_cjk_fonts_only, pdf_fonts, pdf_text, text_positions

D = datetime.date


def render(source: str, **context) -> bytes:
    page = (
        '{% extends "township/pdf/base.html" %}{% load documents %}{% block content %}'
        + source
        + "{% endblock %}"
    )
    return html_to_pdf(Template(page).render(Context(context)))


def _page_number_x(data: bytes) -> list[tuple[str, float, float]]:
    """(number text, its x, the page width) of the "— n —" footer of each page."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        spots = [(t, x) for t, x, _y in text_positions(page) if re.fullmatch(r"—\s*\d+\s*—", t)]
        assert spots, "no page number on a page"
        found.append((*spots[0], float(page.mediabox.width)))
    return found


def test_page_numbers_are_on_the_right_of_odd_pages_and_the_left_of_even_ones():
    data = render('<p style="break-after: page">一</p><p style="break-after: page">二</p><p>三</p>')
    numbers = _page_number_x(data)
    assert [n.replace(" ", "") for n, _x, _w in numbers] == ["—1—", "—2—", "—3—"]
    (_, x1, w), (_, x2, _), (_, x3, _) = numbers
    assert x1 > w / 2 and x3 > w / 2 and x2 < w / 2


def test_the_page_is_a4_with_the_standard_margins():
    css = Path(settings.BASE_DIR, "static/css/pdf.css").read_text()
    assert "margin: 37mm 26mm 35mm 28mm" in css  # top, right, bottom, left (GB/T 9704 5.2.1)
    page = PdfReader(io.BytesIO(render("<p>一</p>"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_no_document_carries_a_generation_stamp(settings):
    text = pdf_text(render("<p>正文</p>"))
    assert "生成" not in text and "Generated" not in text and "第 1 页" not in text
    templates = Path(settings.BASE_DIR, "templates")
    for path in templates.glob("*/pdf/**/*.html"):
        source = path.read_text()
        assert "generated_at" not in source and "now " not in source, path


def test_the_official_fonts_come_first_and_the_free_ones_stand_in(settings):
    body, title, heading, kai = pdf_font_css().splitlines()[:4]
    assert body.index("仿宋_GB2312") < body.index("Noto Serif CJK SC")
    assert title.index("方正小标宋简体") < title.index("Noto Serif CJK SC")
    assert heading.index("黑体") < heading.index("Noto Sans CJK SC")
    assert kai.index("楷体_GB2312") < kai.index("AR PL UKai CN")
    # This machine has none of the official fonts: every glyph still has an embedded free one.
    data = render('<p class="f-title">标题</p><h2>一、黑体</h2><h3>（一）楷体</h3><p>仿宋正文</p>')
    assert_cjk_fonts_only(data)
    names = " ".join(name for name, _embedded in pdf_fonts(data))
    assert "UKai" in names and "Sans" in names and "Serif" in names


def test_a_font_setting_cannot_escape_the_stylesheet(settings):
    settings.PDF_FONTS = {
        **settings.PDF_FONTS,
        "body": ['Evil"; } body { display: none } </style><script>', "Noto Serif CJK SC"],
    }
    css = pdf_font_css()
    assert "</style>" not in css and "}" not in css.split("font-family")[1].split(";")[0]
    assert "<script>" not in css


@pytest.mark.parametrize(
    "day, style, expected",
    [
        (D(2016, 6, 30), "", "2016年6月30日"),
        (D(2016, 6, 3), "compact", "2016.06.03"),
        (D(2016, 6, 3), "month", "2016年6月"),
    ],
)
def test_one_way_to_write_a_date(day, style, expected):
    assert cn_date(day, style=style) == expected
    source = "{% load documents %}{{ day|cn_date" + (f':"{style}"' if style else "") + " }}"
    assert Template(source).render(Context({"day": day})) == expected


def test_an_empty_date_prints_nothing():
    assert (
        Template("{% load documents %}[{{ day|cn_date }}]").render(Context({"day": None})) == "[]"
    )


def test_pages_use_the_one_date_filter_not_iso_dates(settings):
    templates = Path(settings.BASE_DIR, "templates")
    offenders = [
        str(path)
        for path in templates.rglob("*.html")
        if '|date:"Y-m-d"' in path.read_text() or '|date:"Y.n.j"' in path.read_text()
    ]
    assert not offenders


@pytest.mark.parametrize(
    "n, expected", [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")]
)
def test_headings_are_numbered_in_chinese(n, expected):
    assert chinese_numeral(n) == expected

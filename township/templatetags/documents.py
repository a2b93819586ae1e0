"""Template helpers of the printed documents and the pages: one way to write dates, the
configured document fonts.

    {% load documents %}
    {{ day|cn_date }}            2016年6月30日   (documents and pages)
    {{ day|cn_date:"compact" }}  2016.06.30      (compact table cells)
    {{ day|cn_date:"month" }}    2016年6月
"""

import datetime

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from township.dates import cn_date as format_cn_date

register = template.Library()


@register.filter
def cn_date(value, style: str = "") -> str:
    if not isinstance(value, datetime.date):
        return value if value not in (None, "") else ""
    return format_cn_date(value, style=style)


_UNSAFE = str.maketrans("", "", "\"'<>{};\\")


def _family(names: list[str]) -> str:
    # Quote every name (official names carry underscores and CJK characters); a setting
    # cannot close the rule or the <style> element.
    return ", ".join('"' + n.translate(_UNSAFE) + '"' for n in names)


@register.simple_tag
def pdf_font_css() -> str:
    """The CSS rules naming settings.PDF_FONTS, for the <style> of every PDF."""
    fonts = settings.PDF_FONTS
    rules = [
        ("html, .f-body", _family(fonts["body"]) + ", serif"),
        (".f-title, .doc-title, h1", _family(fonts["title"]) + ", serif"),
        ("h2, th, .f-heading, .sans", _family(fonts["heading"]) + ", sans-serif"),
        ("h3, .f-kai", _family(fonts["kai"]) + ", serif"),
    ]
    css = "\n".join(f"{selector} {{ font-family: {family}; }}" for selector, family in rules)
    size = settings.CERTIFICATE_PAGE_SIZE.translate(_UNSAFE)
    return mark_safe(css + "\n@page certificate { size: " + size + "; }")  # noqa: S308


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: the numbering of 一、 and （一） headings."""
    n = int(n)
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


@register.filter
def cn_numeral(value) -> str:
    try:
        return chinese_numeral(value)
    except (TypeError, ValueError):
        return ""

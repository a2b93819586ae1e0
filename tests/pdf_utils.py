"""Checks every PDF test uses: the text, and that every glyph had an embedded CJK font."""

import io
import subprocess
import tempfile

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font, as poppler's pdffonts lists them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["pdffonts", f.name], capture_output=True, text=True, check=True
        ).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type encoding emb sub uni object ID: emb is the 4th column from the right end
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def assert_cjk_fonts_only(data: bytes) -> None:
    """Every font embedded and a Simplified-Chinese CJK one: without a CJK font WeasyPrint prints
    empty boxes silently while the text layer still looks right."""
    fonts = pdf_fonts(data)
    assert fonts, "no fonts in the PDF"
    for name, embedded in fonts:
        assert embedded, f"{name} is not embedded"
        # Noto Serif/Sans CJK SC, or the free 楷体 (AR PL UKai CN) that settings.PDF_FONTS names.
        assert "CJK" in name and "SC" in name or "CJKsc" in name or "UKai-CN" in name, (
            f"unexpected font {name}"
        )


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's text lines, spaces removed (pypdf puts some between CJK runs)."""
    return [line.replace(" ", "") for line in pdf_text(data).splitlines()]


def assert_phrases_whole(data: bytes, phrases: list[str]) -> None:
    """Each phrase appears whole on one line: a title, a name or a header never breaks inside."""
    lines = pdf_lines(data)
    joined = "".join(lines)
    for phrase in phrases:
        assert phrase in joined, f"{phrase} is not in the document"
        assert any(phrase in line for line in lines), f"{phrase} is broken across lines"


def text_positions(page) -> list[tuple[str, float, float]]:
    """(text, x, y) in points from the page's bottom-left, of each run pypdf extracts."""
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b, c, d, e, f = cm
        x, y = tm[4], tm[5]
        found.append((text.strip(), a * x + c * y + e, b * x + d * y + f))

    page.extract_text(visitor_text=visit)
    return found

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
    """Every font embedded and a Noto CJK SC one: without a CJK font WeasyPrint prints
    empty boxes silently while the text layer still looks right."""
    fonts = pdf_fonts(data)
    assert fonts, "no fonts in the PDF"
    for name, embedded in fonts:
        assert embedded, f"{name} is not embedded"
        assert "CJK" in name and "SC" in name or "CJKsc" in name, f"unexpected font {name}"

"""Files for the upload tests of every app, and what they check after a refusal."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: A real 1x1 GIF (Pillow opens it, so image fields accept it).
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
MB = 1024 * 1024

#: Chinese words of the three refusals (township/uploads.py) and of Django's image check.
TOO_LARGE = "超过 1 MB，未保存"
NOT_REALLY = "不是真正的"
ONLY_DOCUMENTS = "只接受 PDF、图片"
ONLY_IMAGES = "只接受图片"
NOT_AN_IMAGE = "图片"  # Django's own 上传一个有效的图片 and ours both say it


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def oversized(name: str, head: bytes) -> SimpleUploadedFile:
    """Right kind, right first bytes, just over 1 MB (tests set UPLOAD_MAX_MB = 1)."""
    return SimpleUploadedFile(name, head + b"\x00" * MB)


def text_named(name: str) -> SimpleUploadedFile:
    """A text file renamed to look like a document or a photo."""
    return SimpleUploadedFile(name, "这是一个文本文件，不是图片也不是PDF。\n".encode() * 10)


def stored_files() -> list[Path]:
    """Every file under MEDIA_ROOT (a temporary folder per test)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content

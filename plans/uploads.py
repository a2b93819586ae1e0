"""Evidence and letter uploads: PDF, images and Office documents only, checked by extension
AND by their first bytes, within settings.UPLOAD_MAX_MB."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats
ZIP = b"PK\x03\x04"
#: extension -> (accepted first bytes, folder an Office Open XML zip must contain)
ALLOWED = {
    ".pdf": ((b"%PDF-",), None),
    ".jpg": ((b"\xff\xd8\xff",), None),
    ".jpeg": ((b"\xff\xd8\xff",), None),
    ".png": ((b"\x89PNG\r\n\x1a\n",), None),
    ".gif": ((b"GIF87a", b"GIF89a"), None),
    ".webp": ((b"RIFF",), None),
    ".doc": ((OLE2,), None),
    ".xls": ((OLE2,), None),
    ".ppt": ((OLE2,), None),
    ".docx": ((ZIP,), "word/"),
    ".xlsx": ((ZIP,), "xl/"),
    ".pptx": ((ZIP,), "ppt/"),
}


def _office_zip_has(upload, folder: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(folder) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_upload(upload) -> None:
    """Raise ValidationError (Chinese message) unless the file is an allowed kind and size."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("%(name)s: only PDF, images (JPG, PNG, GIF, WebP) and Office documents are accepted.")
            % {"name": name}
        )
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": settings.UPLOAD_MAX_MB}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    magics, folder = ALLOWED[suffix]
    ok = any(head.startswith(m) for m in magics)
    if ok and suffix == ".webp":
        ok = head[8:12] == b"WEBP"
    if ok and folder:
        ok = _office_zip_has(upload, folder)
    if not ok:
        raise ValidationError(
            _("%(name)s is not really a %(kind)s file.")
            % {"name": name, "kind": suffix[1:].upper()}
        )

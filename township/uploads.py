"""Uploads, checked and served one way for every app.

`validate_upload` accepts a file only if its extension is one of the allowed kinds AND its
first bytes match that extension (an Office Open XML zip must also hold its own folder), and
it is within settings.UPLOAD_MAX_MB. `serve_private_file` streams a stored file to a user the
calling view has already checked: 404 for a missing file or a stored name outside MEDIA_ROOT.
/media/ is never served by path: uploads hold personal data.
"""

import mimetypes
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


@dataclass(frozen=True)
class Kinds:
    """The extensions a field accepts, and the message that names them."""

    suffixes: frozenset
    refusal: str  # lazy: "%(name)s: only … are accepted."


DOCUMENTS = Kinds(
    frozenset(ALLOWED),
    gettext_lazy(
        "%(name)s: only PDF, images (JPG, PNG, GIF, WebP) and Office documents are accepted."
    ),
)
IMAGES = Kinds(
    frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"}),
    gettext_lazy("%(name)s: only images (JPG, PNG, GIF, WebP) are accepted."),
)


def _office_zip_has(upload, folder: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(folder) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_upload(upload, kinds: Kinds = DOCUMENTS) -> None:
    """Raise ValidationError (Chinese message) unless the file is an allowed kind and size."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in kinds.suffixes:
        raise ValidationError(str(kinds.refusal) % {"name": name}, code="file_type")
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": settings.UPLOAD_MAX_MB},
            code="file_size",
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
            % {"name": name, "kind": suffix[1:].upper()},
            code="file_content",
        )


def validate_image(upload) -> None:
    """validate_upload restricted to images, as a one-argument validator."""
    validate_upload(upload, kinds=IMAGES)


@deconstructible(path="township.uploads.NewFileValidator")
class NewFileValidator:
    """A model field validator: checks a file when it is being uploaded, not a file already
    stored (full_clean of an old row must not re-read, or fail on, its stored file)."""

    def __init__(self, kinds: str = "documents"):
        self.kinds = kinds

    def __call__(self, field_file) -> None:
        if getattr(field_file, "_committed", True):
            return
        validate_upload(field_file, kinds=IMAGES if self.kinds == "images" else DOCUMENTS)

    def __eq__(self, other):
        return isinstance(other, NewFileValidator) and other.kinds == self.kinds


def _inside_media_root(field_file) -> bool:
    try:
        path = Path(field_file.path)
    except NotImplementedError:  # a storage without local paths checks names itself
        return True
    root = Path(settings.MEDIA_ROOT).resolve()
    return path.resolve().is_relative_to(root)


def serve_private_file(field_file, download_name: str, *, as_attachment: bool = False):
    """The stored file as a private, never-sniffed response; 404 when there is no file, it
    is missing from storage, or its stored name points outside MEDIA_ROOT."""
    if not field_file:
        raise Http404
    try:
        if not _inside_media_root(field_file):
            raise Http404
        handle = field_file.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError):
        raise Http404 from None
    except SuspiciousFileOperation:
        raise Http404 from None
    download_name = PurePath(download_name).name or "file"
    stored_suffix = PurePath(field_file.name or "").suffix
    if stored_suffix and PurePath(download_name).suffix.lower() != stored_suffix.lower():
        # An original name cut short before the fix lost its extension: give it back, so
        # the downloaded file still opens with the right program.
        download_name += stored_suffix
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def shortened_name(name: str, limit: int = 200) -> str:
    """`name` cut to `limit` characters by shortening its stem, never its extension:
    "很长的……会议记录.pdf" stays a .pdf."""
    name = PurePath(name or "").name
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) >= limit // 2:  # not a real extension
        return name[:limit]
    return name[: limit - len(suffix)] + suffix


def stored_basename(field_file) -> str:
    """The last part of a stored name, for a download name when no original name was kept."""
    return PurePath(field_file.name or "").name


class _Linked:
    """A stored file as the clearable input shows it: its short name, linked to the view."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """The file input of a form editing a row that may already hold a file: the "currently"
    link goes to the checked download view `url_name` (its one argument: the row's pk),
    never to /media/, which is not served."""

    def __init__(self, url_name: str, attrs=None):
        self.url_name = url_name
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        row = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and row is not None and row.pk:
            url = reverse(self.url_name, args=[row.pk])
            context["widget"]["value"] = _Linked(stored_basename(value), url)
        return context


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over settings.REQUEST_MAX_MB (413), before
    anything reads it: Django itself caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but
    would stream any size of file to disk before a form could say it is too large."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_MB * 1024 * 1024:
            message = _(
                "The upload is too large (more than %(mb)s MB in one go); nothing was saved. "
                "Send fewer or smaller files."
            ) % {"mb": settings.REQUEST_MAX_MB}
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)

"""The browser flow every import shares: upload → preview → confirm, staff only.

Between preview and confirm the upload waits under MEDIA_ROOT/imports with a random name;
the session remembers which file, which import and which township.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .excel import ImportReport, SheetColumn, template_workbook, xlsx_response
from .models import Township
from .permissions import scope_of, townships_managed_by

#: Uploads not confirmed within a day are removed at the next upload.
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ImportKind:
    """One import: its service, sheet spec and where to go afterwards."""

    key: str
    title: str
    service: Callable[..., ImportReport]
    spec: list[SheetColumn]
    notes: list[str]
    template_filename: str
    url_name: str  # the upload page; "<url_name>-confirm" and "<url_name>-template" follow
    done_url: str


def _imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clean_stale(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for old in folder.glob("*.xlsx"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def require_import_staff(user) -> None:
    """Imports write a whole township's rows: organisation staff only (403 for others,
    leadership and secretaries included: the page is inside their township but not theirs
    to change)."""
    scope = scope_of(user)
    if not (scope.superuser or scope.staff_townships):
        raise PermissionDenied


class UploadForm(forms.Form):
    township = forms.ModelChoiceField(
        queryset=Township.objects.none(), label=gettext_lazy("township"), empty_label=None
    )
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = list(townships_managed_by(user))
        self.fields["township"].queryset = townships_managed_by(user)
        self.only_township = townships[0] if len(townships) == 1 else None
        if self.only_township:
            # Staff of one township (the usual case) is not asked which.
            self.fields["township"].widget = forms.HiddenInput()
            self.fields["township"].required = False

    def clean_township(self):
        return self.only_township or self.cleaned_data.get("township")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into several sheets.")
                % {"mb": settings.IMPORT_MAX_MB}
            )
        return upload


def _session_key(kind: ImportKind) -> str:
    return f"import_{kind.key}"


def import_upload(request, kind: ImportKind):
    """GET: the upload form. POST: check the file without writing and show the preview."""
    require_import_staff(request.user)
    report = None
    token = ""
    township = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            township = form.cleaned_data["township"]
            data = form.cleaned_data["file"].read()
            report = kind.service(data=data, township=township, dry_run=True, user=request.user)
            if report.ok:
                folder = _imports_dir()
                _clean_stale(folder)
                token = secrets.token_hex(16)
                (folder / f"{token}.xlsx").write_bytes(data)
                request.session[_session_key(kind)] = {"token": token, "township": township.pk}
    else:
        form = UploadForm(user=request.user)
    return render(
        request,
        "township/import.html",
        {"kind": kind, "form": form, "report": report, "token": token, "township": township},
    )


@require_POST
def import_confirm(request, kind: ImportKind):
    """Write what the preview showed: the stored file is checked again inside the service."""
    require_import_staff(request.user)
    stored = request.session.get(_session_key(kind)) or {}
    token = request.POST.get("token", "")
    township = townships_managed_by(request.user).filter(pk=stored.get("township")).first()
    path = _imports_dir() / f"{stored.get('token', '')}.xlsx"
    if not token or token != stored.get("token") or township is None or not path.exists():
        messages.error(request, _("The uploaded file has expired. Upload it again."))
        return redirect(kind.url_name)
    data = path.read_bytes()
    report = kind.service(data=data, township=township, dry_run=False, user=request.user)
    path.unlink(missing_ok=True)
    request.session.pop(_session_key(kind), None)
    if not report.written:
        messages.error(request, report.summary())
        return redirect(kind.url_name)
    messages.success(request, _("Imported. ") + report.summary())
    return redirect(kind.done_url)


def import_template(request, kind: ImportKind):
    require_import_staff(request.user)
    content = template_workbook(title=kind.title, spec=kind.spec, notes=kind.notes)
    return xlsx_response(kind.template_filename, content)

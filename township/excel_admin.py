"""Import and export in the back office.

A registry with its own import page (the roster, branches, grades) is imported there only:
its change list links to the upload page and the export, so one parser reads its sheets,
with the page's preview, warnings and all-or-nothing write (SheetPagesMixin). A registry
without one (the dues assessment) uses django-import-export on a ScopedAdmin: the import
reads files with the same safe reader as the import pages (township/excel.py), and each
resource is built with the acting user so it reaches only their townships."""

from django.shortcuts import redirect
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from .excel import SheetError, sheet_format
from .models import Township
from .permissions import can_use_admin, townships_managed_by


class SheetPagesMixin:
    """A back-office list whose Excel import and export are the registry's own pages."""

    change_list_template = "admin/sheet_pages_change_list.html"
    #: URL names of the upload page and of the export.
    import_url_name = ""
    export_url_name = ""

    def changelist_view(self, request, extra_context=None):
        links = {
            "sheet_import_url": reverse(self.import_url_name),
            "sheet_export_url": reverse(self.export_url_name),
        }
        return super().changelist_view(request, {**links, **(extra_context or {})})

    def get_urls(self):
        # The addresses the back office's own import and export had lead to the pages.
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: redirect(self.import_url_name)),
                name=f"{name}_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(lambda request: redirect(self.export_url_name)),
                name=f"{name}_export",
            ),
            *super().get_urls(),
        ]


class ScopedResourceMixin:
    """A resource built with the acting user (SheetImportExportMixin.get_resource_kwargs)
    reaches only that user's townships. Built without a user it fails closed: no township,
    so it exports nothing and matches nothing on import."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def townships(self):
        if self.user is None:
            return Township.objects.none()
        return townships_managed_by(self.user)


class SheetImportExportMixin(ImportExportMixin):
    #: The SheetColumn list the import reads (headers, alternative names).
    sheet_spec: list = []

    def get_import_formats(self):
        return [sheet_format(self.sheet_spec)]

    def get_export_formats(self):
        return [XLSX]

    def get_resource_kwargs(self, request, *args, **kwargs):
        # The form and file name import-export passes along are not the resource's business.
        return {"user": request.user}

    def has_import_permission(self, request):
        return can_use_admin(request.user)

    def has_export_permission(self, request):
        return can_use_admin(request.user)

    def add_data_read_fail_error_to_form(self, form, e):
        # Our reader's messages say what is wrong with the file, in Chinese; anything else
        # keeps import-export's generic message (an exception's text may echo the file).
        if isinstance(e, SheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

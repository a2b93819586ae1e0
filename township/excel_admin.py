"""Import and export in the back office: django-import-export on a ScopedAdmin.

The import reads files with the same safe reader as the import pages (township/excel.py),
and each resource is built with the acting user so it reaches only their townships."""

from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from .excel import SheetError, sheet_format
from .permissions import can_use_admin


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

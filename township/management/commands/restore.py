from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from township.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the whole database and MEDIA_ROOT with the snapshot in ARCHIVE (made by "
        "`backup`). Everything written since that backup is lost: it asks first unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            manifest = read_manifest(path)
        except BackupError as e:
            raise CommandError(str(e)) from None
        if not yes:
            answer = input(
                _("Replace all data with the backup of %(created)s? Type yes to go on: ")
                % {"created": manifest["created"]}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Nothing restored."))
        try:
            restore_backup(archive=path)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            _("Restored the backup of %(created)s (%(files)s files).")
            % {"created": manifest["created"], "files": len(manifest["media"])}
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from township.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one .tar.gz archive with a consistent snapshot of the database (SQLite online "
        "backup or pg_dump) and every uploaded file into --folder (default: backups/). "
        "Reads only; safe to run from cron at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", default="backups", help="where to write the archive")

    def handle(self, *args, folder, **options):
        try:
            archive = create_backup(folder=Path(folder))
        except BackupError as e:
            raise CommandError(str(e)) from None
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(
            _("Backup written: %(path)s (%(size).1f MB)") % {"path": archive, "size": size}
        )

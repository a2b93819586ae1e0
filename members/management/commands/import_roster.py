from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from members.roster import import_roster
from township.models import Township


class Command(BaseCommand):
    help = (
        "Import a roster (.xlsx): create or update the township's current members, matched "
        "by ID number. With any error nothing is written and the exit code is non-zero. "
        "--dry-run checks without writing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--township", help="township id or name (needed when there are several)"
        )

    def handle(self, *args, file, dry_run, township, **options):
        townships = Township.objects.all()
        if township:
            q = Q(name=township) | (Q(pk=int(township)) if township.isdigit() else Q())
            townships = townships.filter(q)
        if townships.count() != 1:
            raise CommandError(_("Name one township with --township (its id or name)."))
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as e:
            raise CommandError(
                _("Cannot read the file: %(reason)s") % {"reason": e.strerror}
            ) from None
        report = import_roster(data=data, township=townships.get(), dry_run=dry_run)
        if report.ignored_headers:
            self.stdout.write(_("Columns not imported:") + " " + "、".join(report.ignored_headers))
        for problem in report.warnings:
            self.stdout.write(_("Warning:") + " " + self._where(problem) + problem.message)
        for problem in report.problems:
            self.stdout.write(self._where(problem) + problem.message)
        if not report.ok:
            raise CommandError(report.summary())
        prefix = _("Checked, nothing written: ") if dry_run else _("Imported. ")
        self.stdout.write(prefix + report.summary())

    @staticmethod
    def _where(problem) -> str:
        where = _("row %(row)s") % {"row": problem.row}
        if problem.column:
            where += " " + _("column “%(column)s”") % {"column": problem.column}
        return where + ": "

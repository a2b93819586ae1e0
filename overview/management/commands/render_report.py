from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branches.models import Branch
from overview.reports import (
    annual_report_context,
    branch_profile_context,
    render_annual_report,
    render_branch_profile,
)
from township.models import Township
from township.word import render_docx


class Command(BaseCommand):
    help = (
        "Write a report as PDF, for scheduled runs: `render_report annual --year 2016 -o "
        "annual-2016.pdf` or `render_report branch --branch ID -o profile.pdf`. Reads only. "
        "Personal data in a branch profile is masked unless --unmasked is given. An output "
        "ending in .docx is written as an editable Word copy."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["annual", "branch"])
        parser.add_argument("--year", type=int)
        parser.add_argument("--township", type=int, help="township id (default: the only one)")
        parser.add_argument("--branch", type=int, help="branch id, for the branch profile")
        parser.add_argument("--unmasked", action="store_true", help="show personal data whole")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, report, year, township, branch, unmasked, output, **options):
        word = output.lower().endswith(".docx")
        if report == "annual":
            if not year:
                raise CommandError(_("Give the year: --year 2016"))
            townships = Township.objects.all()
            if township:
                townships = townships.filter(pk=township)
            if townships.count() != 1:
                raise CommandError(_("Name one township with --township ID."))
            if word:
                context = annual_report_context(townships.get(), year)
                data = render_docx("township/pdf/annual_report.html", context)
            else:
                data = render_annual_report(townships.get(), year)
        else:
            found = Branch.objects.filter(pk=branch).select_related("township").first()
            if found is None:
                raise CommandError(_("Name an existing branch with --branch ID."))
            if word:
                context = branch_profile_context(found, show_personal=unmasked)
                data = render_docx("branches/pdf/profile.html", context)
            else:
                data = render_branch_profile(found, show_personal=unmasked)
        Path(output).write_bytes(data)
        self.stdout.write(
            _("Written: %(path)s (%(kb)s KB)") % {"path": output, "kb": len(data) // 1024}
        )

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from overview.demo import MAX_COUNTY, load_demo
from township.db import analyze_if_postgres


class Command(BaseCommand):
    help = (
        "Create or refresh the demo township of the seed plan: the township, its 12 branches, "
        "239 members, committees, the 2015 and 2016 grades, the weak branch's rectification, "
        "and the accounts zuzhi, lingdao, shuji01..shuji12 and xian (county). With --county N, "
        "also the county's N-1 other townships, varied (accounts t02zuzhi, t02shuji01, ...). "
        "Safe to run twice: equal rows are left alone. Password: DEMO_PASSWORD, or one "
        "generated for new accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--county",
            type=int,
            default=1,
            metavar="N",
            help=f"how many townships of the county to create (1 to {MAX_COUNTY})",
        )

    def handle(self, *args, county, **options):
        if not 1 <= county <= MAX_COUNTY:
            raise CommandError(
                _("--county takes a number from 1 to %(max)s.") % {"max": MAX_COUNTY}
            )
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or None, county=county)
        analyze_if_postgres()  # fresh rows, no planner statistics yet
        if county > 1:
            self.stdout.write(
                _("%(n)s townships of the county are ready.") % {"n": result["townships"]}
            )
        self.stdout.write(
            _("Demo ready: %(township)s, %(branches)s branches, %(members)s members.")
            % {
                "township": result["township"].name,
                "branches": result["branches"],
                "members": result["members"],
            }
        )
        if result["password"]:
            self.stdout.write(
                _("Password of the demo accounts (shown this once): %(password)s")
                % {"password": result["password"]}
            )

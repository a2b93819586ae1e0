import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from township.demo import load_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo township of the seed plan: the township, its 12 branches, "
        "239 members, committees, the 2015 and 2016 grades, the weak branch's rectification, "
        "and the accounts zuzhi, lingdao and shuji01..shuji12. Safe to run twice: equal rows "
        "are left alone. Password: DEMO_PASSWORD, or one generated for new accounts."
    )

    def handle(self, *args, **options):
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or None)
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

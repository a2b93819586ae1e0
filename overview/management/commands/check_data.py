"""List contradictions between records (overview/consistency.py); exit 1 when any."""

from django.core.management.base import BaseCommand, CommandError

from overview.consistency import contradictions
from township.models import Township


class Command(BaseCommand):
    help = (
        "Reads every township's records and lists contradictions between them (a lost-contact "
        "member rated excellent, a branch graded good and weak, a handover done without its "
        "signatures, a task done while its records are incomplete, ...). Changes nothing. "
        "Exits with status 1 when it finds any, so a deployment can schedule it."
    )

    def handle(self, *args, **options):
        found = 0
        for township in Township.objects.order_by("pk"):
            for item in contradictions(township):
                found += 1
                self.stdout.write(f"{township.name}\t{item.label}\t{item.record}\t{item.url}")
        if found:
            raise CommandError(f"{found} contradiction(s) found.", returncode=1)
        self.stdout.write("No contradictions found.")

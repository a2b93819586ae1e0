"""What every official document (公文, GB/T 9704-2012) of a township committee carries besides
its body: who issues it, to whom copies go, who prints it. Shared by the PDF and Word copies."""

from django.utils.translation import gettext as _

from .models import Township


def official_parts(township: Township) -> dict:
    return {
        "issuer": township.committee_name,
        "copy_to": _("Organisation Department of the %(county)s Party committee")
        % {"county": township.county},
        "printed_by": _("%(township)s Party and government office") % {"township": township.name},
    }

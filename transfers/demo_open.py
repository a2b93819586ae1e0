"""Demo: a letter still waiting for its receipt, run after the dues ledger exists so the
letter states the month the dues were paid up to as the ledger stood on its date. Its
validity ended in November: on the demo's "today" (20 December) the receipt is overdue."""

import datetime

from branches.models import Branch
from dues.selectors import dues_paid_up_to
from township.demo_data import ensure

from .demo import plain_member
from .models import TransferOut

D = datetime.date
BRANCH = "白岩村党支部"
ISSUED_ON = D(2016, 8, 15)


def load(township) -> None:
    branch = Branch.objects.filter(township=township, name=BRANCH).first()
    member = plain_member(branch) if branch else None
    if member is None:
        return
    ensure(
        TransferOut,
        {"township": township, "year": 2016, "number": 2},
        {
            "member": member,
            "issued_on": ISSUED_ON,
            "destination": "中共东莞市长安镇委员会",
            "reason": "外出务工，在当地长期居住",
            "dues_paid_to": dues_paid_up_to(member, on=ISSUED_ON),
            "valid_until": D(2016, 11, 14),
            "status": TransferOut.Status.ISSUED,
        },
    )
